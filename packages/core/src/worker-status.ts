import { readWorkerResult, workerStatusTime } from "@wo/worktree";
import type { WaitingFor } from "./agents/adapter.js";
import { archivedResults, type CollectEntry } from "./archive.js";
import { WoError } from "./errors.js";
import { nextStepHint } from "./hints.js";
import { readWorkers, snapshotOf } from "./snapshot.js";
import type { EffectiveStatus } from "./status.js";
import { decodeWorkerMeta } from "./worker-meta.js";
import { readPanes, readPanesAndCaptures } from "./workers.js";
import type { Workspace } from "./workspace.js";

/** One row of `wo status` (its `--json` shape is in docs/design.md, "JSON shapes"). */
export interface WorkerStatusEntry {
  feature: string;
  session: string;
  worktree: string;
  branch: string | null;
  status: EffectiveStatus;
  /** What a `waiting` worker waits for: `permission`, `input`, `dialog` or `turn-ended`; `null` otherwise. */
  waitingFor: WaitingFor | null;
  task: string | null;
  startedAt: string | null;
  durationMs: number | null;
  lastOutput: string;
  /**
   * Present only when the worker's files could not be read (corrupt, oversized or linked `.worktree.json`, garbage
   * in `.worker-status`, a `.worker-result.md` that is a directory or FIFO): the message names the file.
   */
  problem?: string;
  /** For a `dead` worker whose pane is still there: the exit status of its agent. */
  exitCode?: number;
}

export type { CollectEntry } from "./archive.js";

/**
 * Status of every worker (or one): one tmux call (the panes and their last lines) and at most one git call,
 * however many workers.
 */
export async function workerStatuses(ws: Workspace, feature?: string): Promise<WorkerStatusEntry[]> {
  // The status files are read before tmux is asked, so the output shown is never older than the status: an agent
  // that writes "done" and then prints its last line is not shown with the line before.
  const read = await readWorkers(ws, feature);
  const { panes, captures } = await readPanesAndCaptures(
    ws,
    read.map((r) => r.record.session),
  );
  const seen = Date.now();
  const workers = read.map((r) =>
    snapshotOf(r, panes.get(r.record.session) ?? null, {
      lines: captures.get(r.record.session) ?? [],
      now: seen,
    }),
  );
  const now = ws.now().getTime();
  return Promise.all(
    workers.map(async (w): Promise<WorkerStatusEntry> => {
      const meta = decodeWorkerMeta(w.meta);
      const startedAt = meta.spawn.startedAt;
      const started = startedAt ? Date.parse(startedAt) : Number.NaN;
      let durationMs: number | null = null;
      if (!Number.isNaN(started) && w.status !== "idle") {
        const finished = w.status === "done" || w.status === "failed";
        const end = finished ? ((await workerStatusTime(w.path))?.getTime() ?? now) : now;
        durationMs = Math.max(0, end - started);
      }
      let lastOutput = (w.pane ? w.lastOutput : null) ?? "";
      let problem = w.problem;
      if (!lastOutput && (w.status === "done" || w.status === "failed")) {
        const result = await readResult(w.path);
        lastOutput = lastLine(result.text);
        problem ??= result.problem;
      }
      const entry: WorkerStatusEntry = {
        feature: w.feature,
        session: w.session,
        worktree: w.path,
        branch: w.branch,
        status: w.status,
        waitingFor: w.waitingFor,
        task: meta.spawn.task,
        startedAt,
        durationMs,
        lastOutput,
      };
      if (problem) entry.problem = problem;
      if (w.status === "dead" && typeof w.pane?.exitCode === "number") entry.exitCode = w.pane.exitCode;
      return entry;
    }),
  );
}

/**
 * Results of finished workers (`done`/`failed` only), then the last archived result of each worker whose worktree
 * is gone (removed by cleanup or `wo worktree remove`). `archived`: every archived result instead, live workers'
 * earlier runs included. For one named feature that has not finished and has no archive: `E_NOT_FINISHED`.
 */
export async function collectResults(
  ws: Workspace,
  feature?: string,
  options: { archived?: boolean } = {},
): Promise<CollectEntry[]> {
  if (options.archived) return archivedResults(ws, feature === undefined ? {} : { feature });
  // A named worker whose worktree is gone may still have an archived result.
  let gone: unknown = null;
  const entries = await workerStatuses(ws, feature).catch((error: unknown) => {
    if (!(error instanceof WoError && error.code === "E_NO_WORKER")) throw error;
    gone = error;
    return [] as WorkerStatusEntry[];
  });
  const finished = entries.filter(
    (e): e is WorkerStatusEntry & { status: "done" | "failed" } =>
      e.status === "done" || e.status === "failed",
  );
  const live = new Set(entries.map((e) => e.feature));
  const archived = (
    await archivedResults(ws, { latestOnly: true, ...(feature === undefined ? {} : { feature }) })
  ).filter((entry) => !live.has(entry.feature));
  if (gone !== null && archived.length === 0) throw gone;
  if (feature !== undefined && finished.length === 0 && archived.length === 0) {
    const status = entries[0]?.status ?? "idle";
    throw new WoError(
      "E_NOT_FINISHED",
      `Worker ${feature} has not finished (status: ${status}); nothing to collect`,
      { hint: nextStepHint(feature, status) },
    );
  }
  const current = await Promise.all(
    finished.map(async (entry): Promise<CollectEntry> => {
      const { text, problem } = await readResult(entry.worktree);
      const collected: CollectEntry = { feature: entry.feature, status: entry.status, result: text };
      if (problem) collected.problem = problem;
      return collected;
    }),
  );
  return [...current, ...archived];
}

/**
 * A worker's result, or why it cannot be read (a link, directory, FIFO or oversized file in its place): one
 * worker's unreadable result is that worker's problem, never an error for every worker.
 */
export async function readResult(worktree: string): Promise<{ text: string; problem: string | null }> {
  try {
    return { text: (await readWorkerResult(worktree)) ?? "", problem: null };
  } catch (error) {
    return { text: "", problem: (error as Error).message };
  }
}

/** Workers that have a tmux session (running, or finished/dead but not yet killed). */
export async function workersWithSessions(ws: Workspace): Promise<WorkerStatusEntry[]> {
  const panes = await readPanes(ws);
  return (await workerStatuses(ws)).filter((entry) => panes.has(entry.session));
}

/** The last non-blank line of a result, shown when the pane has nothing to show. */
function lastLine(text: string): string {
  return (
    text
      .split("\n")
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== "")
      .at(-1) ?? ""
  );
}
