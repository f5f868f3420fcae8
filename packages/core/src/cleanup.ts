import { rm } from "node:fs/promises";
import { type CleanupItem, cleanupWorkers, findOrphans, type Orphan } from "@wo/integrate";
import { git } from "@wo/worktree";
import { stopAgentProcesses } from "./agent-processes.js";
import { baseBranch } from "./base-branch.js";
import { branchTip, updateRetired } from "./retired.js";
import { launchFiles } from "./scripts.js";
import { readWorkerSet } from "./worker-set.js";
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
  /**
   * Also every other worker branch without a worktree here (e.g. pushed from CI runners, or of an earlier plan):
   * each is deleted when its work is in the base (or in `integration`), else listed with the command that deletes it.
   */
  prune?: boolean;
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
  const base = await baseBranch(ws);
  const set = await readWorkerSet(ws, base);
  const selected = (feature: string) => !options.only || options.only.includes(feature);
  const snapshot = set.worktrees.filter((w) => selected(w.feature));
  // Branches without a worktree: those of workers cleanup removed earlier (their work was not in the base then),
  // and with `prune` every other worker branch too.
  const branchOnly = [
    ...set.leftOut.filter((b) => b.reason === "retired" || options.prune),
    ...(options.prune ? set.branches.map((b) => ({ branch: b.branch, feature: b.worker })) : []),
  ].filter((b) => selected(b.feature));
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
  const integration = options.integration ? `integration/${options.integration}` : base;
  const report = await cleanupWorkers(ws.repo.root, {
    worktreeRoot: ws.config.worktreeRoot,
    workers: [
      ...targets.map((w) => ({
        feature: w.feature,
        branch: w.branch ?? ws.names.branchName(w.feature),
        worktree: w.path,
      })),
      // No worktree: the default path does not exist, so only the branch is looked at.
      ...branchOnly.map((b) => ({ feature: b.feature, branch: b.branch })),
    ],
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
  await recordRetired(ws, report.items);
  await explainKeptBranches(report.items, ws.repo.root, integration);
  const orphans = await findOrphans(ws.repo.root, {
    worktreeRoot: ws.config.worktreeRoot,
    // Every worker's worktree is known, also those `only` left out.
    known: set.worktrees.map((w) => w.path),
    prune: true,
  });
  return { sessions, running, items: report.items, orphans };
}

/**
 * A worker whose worktree went while its branch stayed is retired (its tip recorded): monitor and integrate no
 * longer count it as a worker unless it gets new commits. Deleted branches are forgotten.
 */
async function recordRetired(ws: Workspace, items: readonly CleanupItem[]): Promise<void> {
  const removed = new Set(
    items.filter((i) => i.kind === "worktree" && i.action === "removed").map((i) => i.feature),
  );
  const kept = items.filter((i) => i.kind === "branch" && i.action === "kept" && removed.has(i.feature));
  const tips = await Promise.all(
    kept.map(async (i) => ({ branch: i.target, tip: await branchTip(ws, i.target) })),
  );
  const deleted = items.filter((i) => i.kind === "branch" && i.action === "removed").map((i) => i.target);
  await updateRetired(
    ws,
    tips.filter((t): t is { branch: string; tip: string } => t.tip !== null),
    deleted,
  );
}

/**
 * A branch kept for unmerged work whose work is already in an integration branch says so, with the command that
 * deletes it; every other kept branch names the command that deletes it anyway.
 */
async function explainKeptBranches(items: CleanupItem[], root: string, target: string): Promise<void> {
  for (const item of items) {
    if (item.kind !== "branch" || item.action !== "kept" || !item.reason?.startsWith("unmerged work"))
      continue;
    const answer = await git(
      [
        "for-each-ref",
        "--format=%(refname:short)",
        "--contains",
        `refs/heads/${item.target}`,
        "refs/heads/integration/",
      ],
      { cwd: root, allowFailure: true },
    );
    const holders = answer.stdout.split("\n").filter((name) => name !== "" && name !== target);
    const holder = holders[0];
    item.reason = holder
      ? `its work is in ${holder} but not in ${target}: merge ${holder} into ${target} (wo integrate ${holder.slice("integration/".length)} --into ${target}), or delete it now: wo cleanup --integration ${holder.slice("integration/".length)} --only ${item.feature}`
      : `${item.reason}; delete it anyway: wo cleanup --force --only ${item.feature}`;
  }
}
