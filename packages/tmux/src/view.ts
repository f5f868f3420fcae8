/**
 * What a pane shows right now: its visible rows and where the cursor is. Callers compare two views to tell whether
 * a program reacted to input (see `Tmux.paneView`).
 */
export interface PaneView {
  /** The visible rows, top to bottom, as tmux renders them (no colours; trailing spaces trimmed). */
  rows: string[];
  /** Cursor column and row (0-based, row within the visible screen). */
  cursor: { x: number; y: number };
}

/** `display-message -p` format that precedes the capture in {@link Tmux.paneView}'s one call. */
export const VIEW_CURSOR_FORMAT = "#{cursor_x} #{cursor_y}";

/** The view of a `display-message -p VIEW_CURSOR_FORMAT ; capture-pane -p` answer. Pure. */
export function parsePaneView(out: string): PaneView {
  const [first = "", ...rest] = out.split("\n");
  const [x = "0", y = "0"] = first.split(" ");
  // capture-pane ends every row with a newline, so the last element is the empty tail.
  if (rest.length > 0 && rest[rest.length - 1] === "") rest.pop();
  return { rows: rest.map((row) => row.trimEnd()), cursor: { x: Number(x) || 0, y: Number(y) || 0 } };
}
