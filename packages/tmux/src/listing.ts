/**
 * What wo asks tmux to list, and how the answers are read: one line per pane or session, fields separated by a tab.
 */

/** One tmux session as listed by `list-sessions`. */
export interface SessionInfo {
  name: string;
  /** tmux session id, e.g. `$3`. */
  id: string;
  /** The session's `NewSessionOptions.owner` id, `""` when it has none (made outside wo, or by an older wo). */
  owner: string;
  /** When the session was created. */
  created: Date;
  /** Whether any client is attached. */
  attached: boolean;
  windows: number;
}

/** One pane as listed by `list-panes -a`. */
export interface PaneInfo {
  session: string;
  /** tmux id of the pane's session, e.g. `$3` (see `SessionRef`). */
  sessionId: string;
  /** The session's `NewSessionOptions.owner` id, `""` when it has none (made outside wo, or by an older wo). */
  owner: string;
  /** tmux pane id, e.g. `%3`. */
  id: string;
  /** The pane's process has exited (kept readable by `remain-on-exit`). */
  dead: boolean;
  /**
   * Exit status of a dead pane's process (128 + n when killed by signal n), `null` while alive or when unknown (a
   * pane started outside `Tmux.newSession` whose status tmux did not record).
   */
  deadStatus: number | null;
  pid: number | null;
  /**
   * When the pane's window last printed anything (`window_activity`, whole seconds, as ms since the epoch); `null`
   * when tmux did not say. A worker's session has one window with one pane, so this is when its agent last drew.
   */
  activityAt: number | null;
  /** Command running in the pane (`pane_current_command`). */
  command: string;
}

/** Where the pane forwarder records its command's exit status (see `FORWARDER_SCRIPT` in tmux.ts). */
export const EXIT_OPTION = "@wo_exit_status";
/** Session options recording who made a session (see `NewSessionOptions.owner`). */
export const OWNER_OPTION = "@wo_repo";
export const OWNER_LABEL_OPTION = "@wo_repo_path";

const FIELD = "\t";
/** `list-panes -F`: fields in the order {@link parsePanes} reads them. */
export const PANE_FORMAT = [
  "#{session_name}",
  "#{session_id}",
  `#{${OWNER_OPTION}}`,
  "#{pane_id}",
  "#{pane_dead}",
  "#{pane_dead_status}",
  "#{pane_pid}",
  `#{${EXIT_OPTION}}`,
  "#{window_activity}",
  "#{pane_current_command}",
].join(FIELD);

/** `list-sessions -F`: fields in the order {@link parseSessions} reads them. */
export const SESSION_FORMAT = [
  "#{session_name}",
  "#{session_id}",
  `#{${OWNER_OPTION}}`,
  "#{session_created}",
  "#{session_attached}",
  "#{session_windows}",
].join(FIELD);

/** The panes of a `list-panes -F PANE_FORMAT` answer. */
export function parsePanes(out: string): PaneInfo[] {
  return lines(out).map((line) => {
    const [
      session = "",
      sessionId = "",
      owner = "",
      id = "",
      dead = "0",
      tmuxStatus = "",
      pid = "",
      recorded = "",
      activity = "",
      command = "",
    ] = splitFields(line, 10);
    const status = tmuxStatus !== "" ? tmuxStatus : recorded;
    return {
      session,
      sessionId,
      owner,
      id,
      dead: dead === "1",
      deadStatus: dead === "1" && /^\d+$/.test(status) ? Number(status) : null,
      pid: pid === "" ? null : Number(pid),
      activityAt: /^[1-9]\d*$/.test(activity) ? Number(activity) * 1000 : null,
      command,
    };
  });
}

/** The sessions of a `list-sessions -F SESSION_FORMAT` answer. */
export function parseSessions(out: string): SessionInfo[] {
  return lines(out).map((line) => {
    const [name = "", id = "", owner = "", created = "0", attached = "0", windows = "0"] = splitFields(
      line,
      6,
    );
    return {
      name,
      id,
      owner,
      created: new Date(Number(created) * 1000),
      attached: Number(attached) > 0,
      windows: Number(windows),
    };
  });
}

function lines(out: string): string[] {
  return out.split("\n").filter((line) => line.length > 0);
}

function splitFields(line: string, count: number): string[] {
  const parts = line.split(FIELD);
  // A session name is the first field and is validated by callers; anything extra belongs to the last field.
  if (parts.length > count) return [...parts.slice(0, count - 1), parts.slice(count - 1).join(FIELD)];
  return parts;
}
