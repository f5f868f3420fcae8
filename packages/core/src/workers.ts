import path from "node:path";
import { type PaneInfo, TmuxError } from "@wo/tmux";
import {
  isValidFeatureName,
  listWorktrees,
  PROTOCOL_FILES,
  readLinkedWorktrees,
  readWorkerStatus,
  readWorktreeMeta,
  validateFeatureName,
  type WorktreeMeta,
} from "@wo/worktree";
import { WoError } from "./errors.js";
import { type EffectiveStatus, effectiveStatus, type PaneState } from "./status.js";
import { decodeWorkerMeta } from "./worker-meta.js";
import type { Workspace } from "./workspace.js";

/** A worker's worktree as wo knows it. */
export interface WorkerWorktree {
  feature: string;
  /** Absolute path of the worktree. */
  path: string;
  branch: string | null;
  /** The tmux session name the worker uses. */
  session: string;
}

/** A worker's worktree with its metadata as read (or why it could not be read). */
export interface WorkerRecord extends WorkerWorktree {
  meta: WorktreeMeta | null;
  metaProblem: string | null;
}

/**
 * Worker worktrees (under the worktree root, or carrying `.worktree.json`), sorted by path. A worktree's name is its
 * directory under the root: a `.worktree.json` there that names another feature is ignored (with a `metaProblem`),
 * so one worker's file can never make wo act on another's worktree. Elsewhere the file's `feature` names the worker
 * when it is a valid name that no worktree under the root has.
 */
export async function readRecords(ws: Workspace): Promise<WorkerRecord[]> {
  const root = path.resolve(ws.repo.root, ws.config.worktreeRoot);
  // Read from git's files when it can be (no process: status runs in loops), else asked of git. By path, so the
  // order does not depend on which way they were read.
  const worktrees =
    readLinkedWorktrees(ws.repo) ??
    (await listWorktrees(ws.repo))
      .filter((w) => !w.bare && w.path !== ws.repo.root)
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const records = await Promise.all(
    worktrees.map(async (w): Promise<WorkerRecord | null> => {
      let meta: WorktreeMeta | null = null;
      let metaProblem: string | null = null;
      try {
        meta = await readWorktreeMeta(w.path);
      } catch (error) {
        metaProblem = (error as Error).message;
      }
      const underRoot = path.dirname(w.path) === root;
      const named = decodeWorkerMeta(meta).feature;
      if (!underRoot) {
        if (!meta || named === null || !isValidFeatureName(named)) return null;
        return record(ws, w, named, meta, metaProblem);
      }
      const feature = path.basename(w.path);
      if (meta && named !== feature) {
        const file = path.join(w.path, PROTOCOL_FILES.meta);
        const says = named !== null && isValidFeatureName(named) ? `"${named}"` : "an invalid name";
        const problem = `${file} says feature ${says} but sits in the worktree of ${feature}; it is ignored`;
        return record(ws, w, feature, null, problem);
      }
      return record(ws, w, feature, meta, metaProblem);
    }),
  );
  // A worktree under the root owns its name; a worktree elsewhere claiming the same name is not that worker.
  const found = records.filter((r): r is WorkerRecord => r !== null);
  const rooted = new Set(found.filter((r) => path.dirname(r.path) === root).map((r) => r.feature));
  const seen = new Set<string>();
  return found.filter((r) => {
    if (path.dirname(r.path) !== root && (rooted.has(r.feature) || seen.has(r.feature))) return false;
    seen.add(r.feature);
    return true;
  });
}

function record(
  ws: Workspace,
  worktree: { path: string; branch: string | null },
  feature: string,
  meta: WorktreeMeta | null,
  metaProblem: string | null,
): WorkerRecord {
  const { path: dir, branch } = worktree;
  return { feature, path: dir, branch, session: ws.names.sessionName(feature), meta, metaProblem };
}

/** The record of `feature`; `E_NO_WORKER` when it has no worktree. */
export async function findRecord(ws: Workspace, feature: string): Promise<WorkerRecord> {
  validateFeatureName(feature);
  const record = (await readRecords(ws)).find((r) => r.feature === feature);
  if (!record) {
    throw new WoError(
      "E_NO_WORKER",
      `No worker named ${feature}: there is no worktree ${ws.names.worktreePath(feature)}`,
      {
        hint: `See the workers with wo status, or create this one: wo worktree add ${feature}`,
      },
    );
  }
  return record;
}

/**
 * Every worker pane on the tmux server. Without tmux installed (a CI runner, a machine that only plans and
 * integrates) there are no sessions: read-only operations go on, and only starting an agent needs tmux.
 */
export async function readPanes(ws: Workspace): Promise<Map<string, PaneState>> {
  try {
    return paneStates(await ws.tmux.listPanes());
  } catch (error) {
    if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED") return new Map();
    throw error;
  }
}

/** {@link readPanes} and the last line of each session's pane, in one tmux call (see `listPanesAndCapture`). */
export async function readPanesAndCaptures(
  ws: Workspace,
  sessions: string[],
): Promise<{ panes: Map<string, PaneState>; captures: Map<string, string[]> }> {
  try {
    const { panes, captures } = await ws.tmux.listPanesAndCapture(sessions, { lines: 1 });
    return { panes: paneStates(panes), captures };
  } catch (error) {
    if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED")
      return { panes: new Map(), captures: new Map() };
    throw error;
  }
}

/** Kills a session; `false` when there was none, or no tmux to run one. */
export async function killSessionIfAny(ws: Workspace, name: string): Promise<boolean> {
  try {
    return await ws.tmux.killSession(name);
  } catch (error) {
    if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED") return false;
    throw error;
  }
}

/** The effective status of each record (one tmux call for all). */
export async function statusOfRecords(ws: Workspace, records: WorkerRecord[]): Promise<EffectiveStatus[]> {
  const panes = await readPanes(ws);
  return Promise.all(
    records.map(async (record) => {
      const file = await readWorkerStatus(record.path).catch(() => null);
      return effectiveStatus(file, panes.get(record.session) ?? null);
    }),
  );
}

/** Liveness per session: alive when any of its panes is. */
function paneStates(panes: readonly PaneInfo[]): Map<string, PaneState> {
  const states = new Map<string, PaneState>();
  for (const pane of panes) {
    if (states.get(pane.session)?.alive) continue;
    states.set(pane.session, { alive: !pane.dead, exitCode: pane.deadStatus });
  }
  return states;
}
