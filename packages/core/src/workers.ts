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

/** A tmux session of one of this repository's workers: its pane's state and its tmux id (that very session). */
export interface WorkerSession {
  id: string;
  pane: PaneState;
}

/**
 * Every pane on the tmux server, whoever made its session. Without tmux installed (a CI runner, a machine that only
 * plans and integrates) there are no sessions: read-only operations go on, and only starting an agent needs tmux.
 */
export async function readAllPanes(ws: Workspace): Promise<PaneInfo[]> {
  try {
    return await ws.tmux.listPanes();
  } catch (error) {
    if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED") return [];
    throw error;
  }
}

/**
 * This repository's worker sessions by name, from one listing of the server: only sessions wo started for this
 * repository (their owner option is `ws.owner.id`). Another repository's sessions, a user's own `wt-*` session and
 * sessions of a wo that recorded no owner are not workers here (docs/design.md, "Names").
 */
export function ownSessions(ws: Workspace, panes: readonly PaneInfo[]): Map<string, WorkerSession> {
  const sessions = new Map<string, WorkerSession>();
  for (const pane of panes) {
    if (pane.owner !== ws.owner.id || sessions.get(pane.session)?.pane.alive) continue;
    sessions.set(pane.session, {
      id: pane.sessionId,
      pane: { alive: !pane.dead, exitCode: pane.deadStatus, activityAt: pane.activityAt },
    });
  }
  return sessions;
}

/** This repository's worker sessions (see {@link ownSessions}), in one tmux call. */
export async function readSessions(ws: Workspace): Promise<Map<string, WorkerSession>> {
  return ownSessions(ws, await readAllPanes(ws));
}

/** The pane state of each of this repository's worker sessions (see {@link ownSessions}), in one tmux call. */
export async function readPanes(ws: Workspace): Promise<Map<string, PaneState>> {
  return paneStates(await readSessions(ws));
}

/** How many of a pane's last lines status reads: enough for a dialog's question above its options and hints. */
export const CAPTURE_LINES = 30;

/** {@link readPanes} and the last lines of each session's pane, in one tmux call (see `listPanesAndCapture`). */
export async function readPanesAndCaptures(
  ws: Workspace,
  sessions: string[],
): Promise<{ panes: Map<string, PaneState>; captures: Map<string, string[]> }> {
  try {
    const { panes, captures } = await ws.tmux.listPanesAndCapture(sessions, { lines: CAPTURE_LINES });
    const own = paneStates(ownSessions(ws, panes));
    // A capture of a same-named session of someone else's is never shown as this worker's output.
    return { panes: own, captures: new Map([...captures].filter(([name]) => own.has(name))) };
  } catch (error) {
    if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED")
      return { panes: new Map(), captures: new Map() };
    throw error;
  }
}

/**
 * Kills this repository's worker session `name` (by its tmux id, so never a session that took the name since it was
 * listed); `false` when it has none, or there is no tmux. `sessions` saves the listing when the caller has one.
 */
export async function killSessionIfAny(
  ws: Workspace,
  name: string,
  sessions?: Map<string, WorkerSession>,
): Promise<boolean> {
  const session = (sessions ?? (await readSessions(ws))).get(name);
  if (!session) return false;
  try {
    return await ws.tmux.killSession({ id: session.id });
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

/** The pane states of worker sessions, by session name. */
function paneStates(sessions: Map<string, WorkerSession>): Map<string, PaneState> {
  return new Map([...sessions].map(([name, session]) => [name, session.pane]));
}
