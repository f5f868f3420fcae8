import { type CommitStatus, parseCommitPrefix } from "@wo/commits";
import { git, validateFeatureName } from "@wo/worktree";
import { baseBranch } from "./base-branch.js";
import { WoError } from "./errors.js";
import type { Workspace } from "./workspace.js";
import { listWorkerWorktrees } from "./worktrees.js";

/** Options of `Orchestrator.diff` and `Orchestrator.log`. */
export interface ChangesOptions {
  /** The branch the worker started from. Default: the configured base, else the main worktree's branch. */
  base?: string;
}

/** Options of `Orchestrator.diff`. */
export interface DiffOptions extends ChangesOptions {
  /** git's `--stat` summary instead of the patch. */
  stat?: boolean;
  /** Ask git for ANSI colours (the caller decides: a terminal without `NO_COLOR`). Default false. */
  color?: boolean;
}

/** Where a worker's change starts and ends: its branch, the base branch, and their merge base. */
export interface WorkerRange {
  feature: string;
  /** The worker's branch, e.g. `work/auth`. */
  branch: string;
  /** The base branch as resolved, e.g. `main`. */
  base: string;
  /** The commit the worker's branch and the base last had in common. */
  mergeBase: string;
}

/** `wo diff <feature>`: the worker's change against its merge base (`git diff <merge base> <branch>`). */
export interface WorkerDiff extends WorkerRange {
  /** Paths the change touches, in git's order. */
  files: string[];
  /** git's output: the patch, or the `--stat` summary. */
  text: string;
}

/** One commit of `wo log <feature>`. */
export interface WorkerLogEntry {
  sha: string;
  subject: string;
  author: string;
  /** Author date, ISO 8601. */
  date: string;
  /** The status its subject's prefix declares (`[CHECKPOINT]`, `[COMPLETE]`, …), or `null`. */
  status: CommitStatus | null;
}

/** `wo log <feature>`: the worker's own commits since its merge base, newest first. */
export interface WorkerLog extends WorkerRange {
  commits: WorkerLogEntry[];
}

/** The worker's change against the merge base of its branch and the base branch. */
export async function workerDiff(
  ws: Workspace,
  feature: string,
  options: DiffOptions = {},
): Promise<WorkerDiff> {
  const range = await workerRange(ws, feature, options.base);
  const color = options.color ? "--color=always" : "--no-color";
  const revs = ["--end-of-options", range.mergeBase, range.branch, "--"];
  const [text, names] = await Promise.all([
    git(["diff", color, ...(options.stat ? ["--stat"] : []), ...revs], { cwd: ws.repo.root }),
    git(["diff", "--name-only", "-z", ...revs], { cwd: ws.repo.root }),
  ]);
  return { ...range, files: names.stdout.split("\0").filter((f) => f !== ""), text: text.stdout };
}

/** The worker's own commits (merge base..branch), newest first, each with the status its prefix declares. */
export async function workerLog(
  ws: Workspace,
  feature: string,
  options: ChangesOptions = {},
): Promise<WorkerLog> {
  const range = await workerRange(ws, feature, options.base);
  // NUL-separated fields, one record per commit ending in a NUL: subjects may hold any other character.
  const out = await git(
    [
      "log",
      "-z",
      "--no-color",
      "--format=%H%x00%P%x00%an%x00%aI%x00%s",
      "--end-of-options",
      `${range.mergeBase}..${range.branch}`,
      "--",
    ],
    { cwd: ws.repo.root },
  );
  const fields = out.stdout.split("\0");
  const commits: WorkerLogEntry[] = [];
  for (let i = 0; i + 4 < fields.length; i += 5) {
    const [sha, parents, author, date, subject] = fields.slice(i, i + 5) as [
      string,
      string,
      string,
      string,
      string,
    ];
    const parsed = parseCommitPrefix(subject, { parents: parents.split(" ").filter(Boolean).length });
    commits.push({ sha: sha.replace(/^\n/, ""), subject, author, date, status: parsed.status });
  }
  return { ...range, commits };
}

/**
 * The worker's branch (from its worktree, else `<branchPrefix><feature>`), the base, and their merge base. Refused
 * with `E_NO_WORKER` when neither a worktree nor the branch exists, and `E_INPUT` when the two share no history.
 */
export async function workerRange(
  ws: Workspace,
  feature: string,
  requestedBase?: string,
): Promise<WorkerRange> {
  validateFeatureName(feature);
  const worktree = (await listWorkerWorktrees(ws)).find((w) => w.feature === feature);
  const branch = worktree?.branch ?? ws.names.branchName(feature);
  const base = await baseBranch(ws, requestedBase);
  const verify = (rev: string) =>
    git(["rev-parse", "--verify", "--quiet", "--end-of-options", rev], {
      cwd: ws.repo.root,
      allowFailure: true,
    });
  const [exists, baseExists] = await Promise.all([
    verify(`refs/heads/${branch}`),
    verify(`${base}^{commit}`),
  ]);
  if (exists.exitCode !== 0) {
    throw new WoError("E_NO_WORKER", `No worker ${feature}: there is no worktree and no branch ${branch}`, {
      hint: "See the workers with wo status (or the branches with git branch --list 'work/*')",
    });
  }
  if (baseExists.exitCode !== 0) {
    throw new WoError("E_INPUT", `Unknown base ${base}: no such branch or commit`, {
      hint: "Name the branch the worker started from with --base <branch>",
    });
  }
  const mergeBase = await git(["merge-base", "--end-of-options", base, branch], {
    cwd: ws.repo.root,
    allowFailure: true,
  });
  if (mergeBase.exitCode !== 0 || mergeBase.stdout.trim() === "") {
    throw new WoError("E_INPUT", `Branch ${branch} and base ${base} have no commit in common`, {
      hint: `Name the branch ${feature} started from with --base <branch>`,
    });
  }
  return { feature, branch, base, mergeBase: mergeBase.stdout.trim() };
}
