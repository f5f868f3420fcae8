import { existsSync } from "node:fs";
import { readWorkerStatus, type WorkerFileStatus, type WorktreeMeta } from "@wo/worktree";
import { adapterNamed, agentView, readAgentState } from "./agent-state.js";
import type { WaitingFor } from "./agents/adapter.js";
import type { AgentHookState } from "./agents/hooks.js";
import { type EffectiveStatus, effectiveStatus, type PaneState } from "./status.js";
import { decodeWorkerMeta } from "./worker-meta.js";
import {
  findRecord,
  readPanes,
  readPanesAndCaptures,
  readRecords,
  type WorkerRecord,
  type WorkerWorktree,
} from "./workers.js";
import type { Workspace } from "./workspace.js";

/** The raw state of one worker: its worktree, metadata, status file and tmux pane. */
export interface WorkerSnapshot extends WorkerWorktree {
  meta: WorktreeMeta | null;
  /** What `.worker-status` says (`null` when absent or unreadable). */
  fileStatus: WorkerFileStatus | null;
  /** The worker's tmux pane, `null` without a session. */
  pane: PaneState | null;
  status: EffectiveStatus;
  /** What a `waiting` worker waits for; `null` otherwise (and always when its pane was not read). */
  waitingFor: WaitingFor | null;
  /** The pane's last line that says something (chrome skipped; a dialog's question); `null` when not read. */
  lastOutput: string | null;
  /** Why the worker's files could not be read, if so. */
  problem: string | null;
}

/** A worker's record and what its status file says, read before tmux is asked (see `workerStatuses`). */
export interface ReadWorker {
  record: WorkerRecord;
  fileStatus: WorkerFileStatus | null;
  problem: string | null;
  /** What its agent's hooks recorded (`null`: nothing readable). */
  agentState: AgentHookState | null;
}

/**
 * The raw state of every worker (or one): one tmux call, and git's files (or one git call when they cannot be
 * read), however many workers there are. `waiting`: also read each pane's last lines to tell `waiting` from
 * `running` (still one tmux call); without it a live agent is `running`, which is all that commands deciding
 * whether a worker may be stopped or removed need.
 */
export async function snapshotWorkers(
  ws: Workspace,
  feature?: string,
  options: { waiting?: boolean } = {},
): Promise<WorkerSnapshot[]> {
  if (options.waiting) {
    const read = await readWorkers(ws, feature);
    const { panes, captures } = await readPanesAndCaptures(
      ws,
      read.map((r) => r.record.session),
    );
    const now = Date.now();
    return read.map((r) =>
      snapshotOf(r, panes.get(r.record.session) ?? null, {
        lines: captures.get(r.record.session) ?? [],
        now,
      }),
    );
  }
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
        return { record, fileStatus: null, problem, agentState: null };
      }
      const agentState = readAgentState(ws.paths.agent(record.feature));
      try {
        return {
          record,
          fileStatus: await readWorkerStatus(record.path),
          problem: record.metaProblem,
          agentState,
        };
      } catch (error) {
        // Both files may be wrong; each is named.
        const problems = [record.metaProblem, (error as Error).message].filter((p) => p !== null);
        return { record, fileStatus: null, problem: problems.join("; "), agentState };
      }
    }),
  );
}

/**
 * A read worker with its pane: a worker whose files could not be read and that has no pane is idle. With `screen`
 * (the pane's last lines), a live agent's `waiting` is told from `running` (see `agentView`). Pure.
 */
export function snapshotOf(
  { record, fileStatus, problem, agentState }: ReadWorker,
  pane: PaneState | null,
  screen?: { lines: readonly string[]; now: number },
): WorkerSnapshot {
  let waitingFor: WaitingFor | null = null;
  let lastOutput: string | null = null;
  if (screen && pane) {
    const view = agentView({
      adapter: adapterNamed(agentState?.agent ?? decodeWorkerMeta(record.meta).spawn.agent),
      state: agentState,
      lines: screen.lines,
      activityAt: pane.activityAt ?? null,
      now: screen.now,
    });
    lastOutput = view.lastOutput;
    if (pane.alive) waitingFor = view.waitingFor;
  }
  const status = problem && !pane ? "idle" : effectiveStatus(fileStatus, pane, waitingFor);
  if (status !== "waiting") waitingFor = null;
  const { meta, feature, path: dir, branch, session } = record;
  return {
    feature,
    path: dir,
    branch,
    session,
    meta,
    fileStatus,
    pane,
    status,
    waitingFor,
    lastOutput,
    problem,
  };
}
