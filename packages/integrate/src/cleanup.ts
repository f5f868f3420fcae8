import { existsSync } from "node:fs";
import path from "node:path";
import { archiveWorkerResult, type WorktreeInfo, woStatePaths } from "@wo/worktree";
import { IntegrateError } from "./errors.js";
import {
  createGitRunner,
  firstLine,
  type GitRunner,
  readChangedPaths,
  readRepositoryDirs,
  readWorktrees,
  repositoryRootOf,
  resolveNames,
} from "./git.js";
import { branchNameProblem, validateRevision, validateWorkers, type WorkerBranch } from "./names.js";
import { realPath } from "./paths.js";

/** A worker to clean up. */
export interface CleanupWorker extends Pick<WorkerBranch, "feature" | "branch"> {
  /** Its worktree (absolute, or relative to the repository root). Default `<worktreeRoot>/<feature>`. */
  worktree?: string;
}

/** Options of {@link cleanupWorkers}. */
export interface CleanupOptions {
  /** Where worker worktrees live (absolute, or relative to the repository root), e.g. `worktrees`. */
  worktreeRoot: string;
  workers: CleanupWorker[];
  /**
   * A branch counts as merged when it has no commits outside this one (e.g. `integration/auth`). Default: `HEAD`
   * of the main worktree — what `git branch -d` itself checks.
   */
  integrationBranch?: string;
  /** Remove dirty worktrees and delete unmerged branches (`git branch -D`). Default false. */
  force?: boolean;
  /** Delete worker branches. Default true. */
  deleteBranches?: boolean;
  /** Also delete the branches on `remote` (`git push <remote> --delete <branch>`). Default false. */
  deleteRemote?: boolean;
  /** The remote for `deleteRemote`. Default `origin`. */
  remote?: string;
}

/** What happened to one thing cleanup looked at. */
export interface CleanupItem {
  feature: string;
  kind: "worktree" | "branch" | "remote-branch";
  /** The worktree path, branch name, or `<remote>/<branch>`. */
  target: string;
  /** `absent`: there was nothing to remove. */
  action: "removed" | "kept" | "absent";
  /** Why it was kept (or how it was removed); `null` when there is nothing to add. */
  reason: string | null;
}

/** The result of {@link cleanupWorkers}: one item per worktree, branch and (when asked) remote branch. */
export interface CleanupReport {
  items: CleanupItem[];
  /** How many git processes were started. */
  gitCalls: number;
}

/**
 * Removes worker worktrees and deletes their merged branches, reporting every item as removed, kept (with the
 * reason: uncommitted changes, unmerged commits, locked, …) or absent. Dirty worktrees and unmerged branches are
 * kept unless `force`; a branch is deleted when every commit of it is in the target (then nothing is lost, also when the
 * target is an integration branch not yet merged into HEAD), with its unmerged commits only with `force`; remote branches only with
 * `deleteRemote`, and only when the local branch went too. Never throws for one item: it reports it.
 */
export async function cleanupWorkers(repoDir: string, options: CleanupOptions): Promise<CleanupReport> {
  const workers = validateWorkers(options.workers, { allowEmpty: true }) as CleanupWorker[];
  const target =
    options.integrationBranch === undefined
      ? "HEAD"
      : validateRevision(options.integrationBranch, "integration branch");
  const remote = options.remote ?? "origin";
  const remoteProblem = branchNameProblem(remote);
  if (remoteProblem !== null) {
    throw new IntegrateError(
      "E_INVALID_OPTION",
      `Invalid remote ${JSON.stringify(remote)}: ${remoteProblem}`,
      {
        hint: 'Pass a remote name such as "origin" (see `git remote`)',
      },
    );
  }
  const git0 = createGitRunner(repoDir);
  const dirs = await readRepositoryDirs(git0);
  const root = repositoryRootOf(dirs);
  const state = woStatePaths(dirs.commonDir);
  const git = createGitRunner(root);
  const worktreeRoot = path.resolve(root, options.worktreeRoot);
  const [worktrees, resolved] = await Promise.all([
    readWorktrees(git),
    resolveNames(git, [
      `${target}^{commit}`,
      ...workers.map((worker) => `refs/heads/${worker.branch}^{commit}`),
    ]),
  ]);
  const targetSha = resolved[0];
  if (targetSha == null) {
    throw new IntegrateError(
      "E_UNKNOWN_REF",
      `Unknown integration branch "${target}": expected a branch or commit`,
      {
        hint: "Check the name with `git branch --list`",
      },
    );
  }
  const items: CleanupItem[] = [];
  const dirOf = (worker: CleanupWorker) =>
    path.resolve(root, worker.worktree ?? path.join(worktreeRoot, worker.feature));
  // A worktree deleted behind git's back still "has its branch checked out" until pruned: prune first, so its
  // branch can be deleted like any other.
  if (workers.some((w) => worktrees.find((e) => realPath(e.path) === realPath(dirOf(w)))?.prunable != null)) {
    await git.run(["worktree", "prune"]);
  }
  for (const [index, worker] of workers.entries()) {
    const dir = dirOf(worker);
    const worktreeItem = await removeWorkerWorktree(git, {
      feature: worker.feature,
      dir,
      worktrees,
      force: options.force === true,
      resultsDir: state.results(worker.feature),
    });
    items.push(worktreeItem);
    if (options.deleteBranches === false) continue;
    const branchItem = await deleteWorkerBranch(git, {
      worker,
      sha: resolved[index + 1] ?? null,
      target,
      worktreeKept: worktreeItem.action === "kept",
      force: options.force === true,
    });
    items.push(branchItem);
    if (options.deleteRemote) items.push(await deleteRemoteBranch(git, worker, remote, branchItem));
  }
  return { items, gitCalls: git0.calls + git.calls };
}

/**
 * Removes one worker's worktree: its result and final status are archived first (a removal never loses what a worker
 * reported); uncommitted changes keep it unless `force`, and then the reason names what was dropped.
 */
async function removeWorkerWorktree(
  git: GitRunner,
  input: {
    feature: string;
    dir: string;
    worktrees: readonly WorktreeInfo[];
    force: boolean;
    resultsDir: string;
  },
): Promise<CleanupItem> {
  const { feature, dir, force } = input;
  const item = (action: CleanupItem["action"], reason: string | null = null): CleanupItem => ({
    feature,
    kind: "worktree",
    target: dir,
    action,
    reason,
  });
  const entry = input.worktrees.find((worktree) => realPath(worktree.path) === realPath(dir));
  if (entry === undefined) {
    return existsSync(dir)
      ? item("kept", "not a git worktree (an orphan directory; wo cleanup lists it under Orphans)")
      : item("absent");
  }
  if (entry.prunable !== null) return item("removed", "stale entry pruned (its directory was gone)");
  if (entry.locked !== null && !force) {
    return item(
      "kept",
      `locked${entry.locked === "" ? "" : `: ${entry.locked}`} (unlock it with git worktree unlock)`,
    );
  }
  // With force, a worktree git cannot even read the status of is still removed (as before): nothing to list.
  const changed = await readChangedPaths(git, entry.path, { untracked: true }).catch((error: unknown) => {
    if (force) return [] as string[];
    throw error;
  });
  const files = changed.length === 0 ? "" : describeFiles(changed);
  if (changed.length > 0 && !force) return item("kept", `uncommitted changes: ${files}`);
  try {
    await archiveWorkerResult(entry.path, input.resultsDir, { feature, reason: "cleanup" });
  } catch (error) {
    return item("kept", `its result could not be archived: ${(error as Error).message}`);
  }
  const args = [
    "worktree",
    "remove",
    ...(force ? ["--force"] : []),
    ...(force && entry.locked !== null ? ["--force"] : []),
    entry.path,
  ];
  const result = await git.run(args, { allowFailure: true });
  if (result.exitCode !== 0) return item("kept", `git worktree remove refused: ${firstLine(result.stderr)}`);
  if (!force) return item("removed");
  return item("removed", changed.length > 0 ? `forced: uncommitted changes dropped: ${files}` : "forced");
}

/** `2 files (a.ts, b.ts)`: the first three names, so a reason stays one line. */
function describeFiles(changed: readonly string[]): string {
  const names = changed.slice(0, 3).join(", ") + (changed.length > 3 ? ", …" : "");
  return `${plural(changed.length, "file")} (${names})`;
}

async function deleteWorkerBranch(
  git: GitRunner,
  input: { worker: CleanupWorker; sha: string | null; target: string; worktreeKept: boolean; force: boolean },
): Promise<CleanupItem> {
  const { worker, sha, target, force } = input;
  const item = (action: CleanupItem["action"], reason: string | null = null): CleanupItem => ({
    feature: worker.feature,
    kind: "branch",
    target: worker.branch,
    action,
    reason,
  });
  if (sha === null) return item("absent");
  if (input.worktreeKept) return item("kept", "its worktree was kept");
  const count = Number((await git.run(["rev-list", "--count", `${target}..${sha}`])).stdout.trim());
  if (count > 0 && !force) return item("kept", `unmerged work: ${plural(count, "commit")} not in ${target}`);
  // Every commit of the branch is in the target, so deleting it loses nothing, also when the target is an integration
  // branch not yet merged into HEAD (where `git branch -d` alone would refuse).
  const result = await git.run(["branch", "-D", worker.branch], { allowFailure: true });
  if (result.exitCode === 0) {
    if (count > 0) return item("removed", `forced: ${plural(count, "commit")} not in ${target} deleted`);
    return item("removed", target === "HEAD" ? null : `its work is in ${target}`);
  }
  return item("kept", `git branch -D refused: ${firstLine(result.stderr)}`);
}

async function deleteRemoteBranch(
  git: GitRunner,
  worker: CleanupWorker,
  remote: string,
  local: CleanupItem,
): Promise<CleanupItem> {
  const item = (action: CleanupItem["action"], reason: string | null = null): CleanupItem => ({
    feature: worker.feature,
    kind: "remote-branch",
    target: `${remote}/${worker.branch}`,
    action,
    reason,
  });
  if (local.action === "kept") return item("kept", "its local branch was kept");
  const result = await git.run(["push", "--quiet", remote, "--delete", worker.branch], {
    allowFailure: true,
  });
  if (result.exitCode === 0) return item("removed");
  if (/remote ref does not exist/i.test(result.stderr)) return item("absent");
  return item("kept", `git push --delete failed: ${firstLine(result.stderr)}`);
}

/** `1 file`, `2 files`: counts in reasons read as words. */
function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
