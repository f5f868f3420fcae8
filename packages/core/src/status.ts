import type { WorkerFileStatus } from "@wo/worktree";

/**
 * What users see: the status file combined with tmux. `running` (file says running or nothing yet, pane alive),
 * `done`, `failed`, `dead` (file says running but the session or its pane is gone: the agent crashed or was killed
 * with the server), `idle` (a worktree without a worker).
 */
export type EffectiveStatus = "running" | "done" | "failed" | "dead" | "idle";

/** The tmux side of a worker: `null` when it has no session. */
export interface PaneState {
  /** The session's pane process is alive. */
  alive: boolean;
  /** Exit status of a dead pane, when known. */
  exitCode: number | null;
}

/** Combines the status file and tmux into the status users see. Pure. */
export function effectiveStatus(file: WorkerFileStatus | null, pane: PaneState | null): EffectiveStatus {
  if (file === "done" || file === "failed") return file;
  if (pane?.alive) return "running";
  if (file === "running" || pane !== null) return "dead";
  return "idle";
}
