import type { WaitingPattern } from "./adapter.js";

/** Box-drawing characters full-screen agents draw their frames, input boxes and dialogs with. */
const FRAME = "─━│┃║╭╮╰╯┌┐└┘├┤┬┴┼═╔╗╚╝╠╣╦╩╬▔▁▏▕▌▐";
const FRAME_ONLY = new RegExp(`^[\\s${FRAME}]*$`);
const FRAME_EDGES = new RegExp(`^[\\s${FRAME}]+|[\\s${FRAME}]+$`, "g");

/** A pane line without the box edges around it (`│ Do you trust …? │` → `Do you trust …?`). Pure. */
export function trimFrame(line: string): string {
  return line.replace(FRAME_EDGES, "");
}

/**
 * A chrome test for an adapter: blank lines and lines of box drawing only, and lines (without their box edges)
 * that match one of `patterns`.
 */
export function chromeTest(patterns: readonly RegExp[]): (line: string) => boolean {
  return (line) => {
    if (FRAME_ONLY.test(line)) return true;
    const text = trimFrame(line);
    return patterns.some((pattern) => pattern.test(text));
  };
}

/** Spinners: a spinner glyph, then a word of activity (`✻ Thinking… (3s · esc to interrupt)`, `⠋ Working`). */
export const SPINNER = /^[✻✽✶✳✢·*•◐◓◑◒⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏⣾⣽⣻⢿⡿⣟⣯⣷]\s+\S+…?/u;

/** Key hints and interrupt hints shared by the full-screen agents. */
export const KEY_HINTS =
  /esc to (interrupt|cancel)|\? for shortcuts|ctrl\s*\+\s*\w to \w+|shift\s*\+\s*tab to cycle/i;

/** What any agent's last line says when it waits for an answer on the command line; checked on the last line only. */
export const PROMPT_PATTERNS: readonly WaitingPattern[] = [
  { pattern: /\((y\/n|yes\/no)\)\s*[:?]?\s*$|\[(y\/n|Y\/n|y\/N)\]\s*[:?]?\s*$/i, waitingFor: "input" },
  { pattern: /\(Y\)es\/\(N\)o/, waitingFor: "permission" },
  { pattern: /press (enter|return|any key) to continue/i, waitingFor: "dialog" },
];
