import { rm } from "node:fs/promises";
import { type CleanupItem, cleanupWorkers, findOrphans, type Orphan } from "@wo/integrate";
import { stopAgentProcesses } from "./agent-processes.js";
import { baseBranch } from "./base-branch.js";
import { launchFiles } from "./scripts.js";
import { snapshotWorkers } from "./snapshot.js";
import { killSessionIfAny, readSessions } from "./workers.js";
import type { Workspace } from "./workspace.js";

/** Options of `Orchestrator.cleanup`. */
export interface CleanupOptions {
  /** A worker branch counts as merged when this branch contains it (default: the base branch). */
  integration?: string;
  /** Kill running workers, remove dirty worktrees, delete unmerged branches. */
  force?: boolean;
  /** Also delete the worker branches on `remote`. */
  deleteRemote?: boolean;
  remote?: string;
  /** Only these workers (default: all). */
  only?: string[];
}

/** What `wo cleanup` did and found. */
export interface CleanupResult {
  /** tmux sessions killed. */
  sessions: string[];
  /** Workers left alone because they are running (without `force`). */
  running: string[];
  items: CleanupItem[];
  orphans: Orphan[];
}

/**
 * `wo cleanup`: kills finished workers' sessions, archives their results, removes their worktrees and launch files
 * and deletes merged branches (`-d`); keeps
 * running workers, dirty worktrees and unmerged branches (with the reason) unless `force`; reports orphans.
 */
export async function cleanupAll(ws: Workspace, options: CleanupOptions = {}): Promise<CleanupResult> {
  const snapshot = (await snapshotWorkers(ws)).filter(
    (w) => !options.only || options.only.includes(w.feature),
  );
  const running = snapshot.filter((w) => w.status === "running" && !options.force).map((w) => w.feature);
  const targets = snapshot.filter((w) => !running.includes(w.feature));
  const sessions: string[] = [];
  // Only this repository's sessions (by tmux id): a same-named session of another repository or of the user stays.
  const own = await readSessions(ws);
  for (const w of targets) {
    if (w.pane && (await killSessionIfAny(ws, w.session, own))) sessions.push(w.session);
    // Processes of the agent that left its session (detached, daemons) would outlive the worktree.
    await stopAgentProcesses(ws, w.feature);
  }
  const integration = options.integration ? `integration/${options.integration}` : await baseBranch(ws);
  const report = await cleanupWorkers(ws.repo.root, {
    worktreeRoot: ws.config.worktreeRoot,
    workers: targets.map((w) => ({
      feature: w.feature,
      branch: w.branch ?? ws.names.branchName(w.feature),
      worktree: w.path,
    })),
    integrationBranch: integration,
    force: options.force ?? false,
    ...(options.deleteRemote ? { deleteRemote: true, remote: options.remote ?? "origin" } : {}),
  });
  // The launch files setup wrote for a worker go with its worktree (they live in wo's state, never the user's tree).
  const gone = report.items.filter((i) => i.kind === "worktree" && i.action !== "kept").map((i) => i.feature);
  for (const feature of gone) {
    const launch = launchFiles(ws.paths, feature);
    await Promise.all(
      [launch.script, launch.prompt, ws.paths.launch(feature)].map((file) => rm(file, { force: true })),
    );
  }
  const orphans = await findOrphans(ws.repo.root, {
    worktreeRoot: ws.config.worktreeRoot,
    known: snapshot.map((w) => w.path),
    prune: true,
  });
  return { sessions, running, items: report.items, orphans };
}
