import type { WorkerFileStatus } from "@wo/worktree";
import type { WaitingFor } from "./agents/adapter.js";

/**
 * What users see: the status file combined with tmux. `running` (file says running or nothing yet, pane alive),
 * `waiting` (the same, but the agent waits for a person: a permission prompt, a question, a dialog, or its turn
 * ended without `wo report`), `done`, `failed`, `dead` (file says running but the session or its pane is gone: the
 * agent crashed or was killed with the server), `idle` (a worktree without a worker).
 */
export type EffectiveStatus = "running" | "waiting" | "done" | "failed" | "dead" | "idle";

/** An agent that is alive: it may work, or wait for a person. */
export function isLive(status: EffectiveStatus): boolean {
  return status === "running" || status === "waiting";
}

/** The tmux side of a worker: `null` when it has no session. */
export interface PaneState {
  /** The session's pane process is alive. */
  alive: boolean;
  /** Exit status of a dead pane, when known. */
  exitCode: number | null;
  /** When the pane last changed (ms since the epoch), when tmux said. */
  activityAt?: number | null;
}

/**
 * Combines the status file, tmux and what the agent waits for (`waitingFor`, see `agentView`) into the status users
 * see. Pure.
 */
export function effectiveStatus(
  file: WorkerFileStatus | null,
  pane: PaneState | null,
  waitingFor: WaitingFor | null = null,
): EffectiveStatus {
  if (file === "done" || file === "failed") return file;
  if (pane?.alive) return waitingFor ? "waiting" : "running";
  if (file === "running" || pane !== null) return "dead";
  return "idle";
}
