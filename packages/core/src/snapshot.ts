import { existsSync } from "node:fs";
import { readWorkerStatus, type WorkerFileStatus, type WorktreeMeta } from "@wo/worktree";
import { type EffectiveStatus, effectiveStatus, type PaneState } from "./status.js";
import { findRecord, readPanes, readRecords, type WorkerRecord, type WorkerWorktree } from "./workers.js";
import type { Workspace } from "./workspace.js";

/** The raw state of one worker: its worktree, metadata, status file and tmux pane. */
export interface WorkerSnapshot extends WorkerWorktree {
  meta: WorktreeMeta | null;
  /** What `.worker-status` says (`null` when absent or unreadable). */
  fileStatus: WorkerFileStatus | null;
  /** The worker's tmux pane, `null` without a session. */
  pane: PaneState | null;
  status: EffectiveStatus;
  /** Why the worker's files could not be read, if so. */
  problem: string | null;
}

/** A worker's record and what its status file says, read before tmux is asked (see `workerStatuses`). */
export interface ReadWorker {
  record: WorkerRecord;
  fileStatus: WorkerFileStatus | null;
  problem: string | null;
}

/**
 * The raw state of every worker (or one): one tmux call, and git's files (or one git call when they cannot be
 * read), however many workers there are.
 */
export async function snapshotWorkers(ws: Workspace, feature?: string): Promise<WorkerSnapshot[]> {
  // Worktrees and tmux panes at once: neither waits for the other.
  const [read, panes] = await Promise.all([readWorkers(ws, feature), readPanes(ws)]);
  return read.map((r) => snapshotOf(r, panes.get(r.record.session) ?? null));
}

/** The records of every worker (or one) and what their status files say; no tmux. */
export async function readWorkers(ws: Workspace, feature?: string): Promise<ReadWorker[]> {
  const records = feature === undefined ? await readRecords(ws) : [await findRecord(ws, feature)];
  return Promise.all(
    records.map(async (record): Promise<ReadWorker> => {
      if (!existsSync(record.path)) {
        const problem = `its worktree ${record.path} is gone (deleted outside git); wo cleanup prunes the entry`;
        return { record, fileStatus: null, problem };
      }
      try {
        return { record, fileStatus: await readWorkerStatus(record.path), problem: record.metaProblem };
      } catch (error) {
        // Both files may be wrong; each is named.
        const problems = [record.metaProblem, (error as Error).message].filter((p) => p !== null);
        return { record, fileStatus: null, problem: problems.join("; ") };
      }
    }),
  );
}

/** A read worker with its pane: a worker whose files could not be read and that has no pane is idle. */
export function snapshotOf(
  { record, fileStatus, problem }: ReadWorker,
  pane: PaneState | null,
): WorkerSnapshot {
  const status = problem && !pane ? "idle" : effectiveStatus(fileStatus, pane);
  const { meta, feature, path: dir, branch, session } = record;
  return { feature, path: dir, branch, session, meta, fileStatus, pane, status, problem };
}
