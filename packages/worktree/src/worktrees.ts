import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { WorktreeError } from "./errors.js";
import { git } from "./git.js";
import type { Repository } from "./repository.js";

/** One entry of `git worktree list`. */
export interface WorktreeInfo {
  /** Absolute path of the worktree. */
  path: string;
  /** Commit checked out, `null` for a bare entry. */
  head: string | null;
  /** Branch name without `refs/heads/`, `null` when detached or bare. */
  branch: string | null;
  bare: boolean;
  detached: boolean;
  /** Lock reason (`""` when locked without one), `null` when not locked. */
  locked: string | null;
  /** Why git considers the entry prunable (its directory is gone), `null` when it is not. */
  prunable: string | null;
}

/** Parses `git worktree list --porcelain -z` output. Pure. */
export function parseWorktreeList(output: string): WorktreeInfo[] {
  const entries: WorktreeInfo[] = [];
  let current: WorktreeInfo | null = null;
  for (const field of output.split("\0")) {
    if (field === "") {
      if (current) entries.push(current);
      current = null;
      continue;
    }
    const space = field.indexOf(" ");
    const key = space === -1 ? field : field.slice(0, space);
    const value = space === -1 ? "" : field.slice(space + 1);
    if (key === "worktree") {
      if (current) entries.push(current);
      current = {
        path: value,
        head: null,
        branch: null,
        bare: false,
        detached: false,
        locked: null,
        prunable: null,
      };
      continue;
    }
    if (!current) continue;
    switch (key) {
      case "HEAD":
        current.head = value;
        break;
      case "branch":
        current.branch = value.replace(/^refs\/heads\//, "");
        break;
      case "bare":
        current.bare = true;
        break;
      case "detached":
        current.detached = true;
        break;
      case "locked":
        current.locked = value;
        break;
      case "prunable":
        current.prunable = value;
        break;
    }
  }
  if (current) entries.push(current);
  return entries;
}

/** Every worktree of the repository (main first) in one git call. */
export async function listWorktrees(repo: Repository): Promise<WorktreeInfo[]> {
  const result = await git(["worktree", "list", "--porcelain", "-z"], { cwd: repo.root });
  return parseWorktreeList(result.stdout);
}

/** Options of {@link addWorktree}. */
export interface AddWorktreeOptions {
  /** Directory of the new worktree (absolute, or relative to the repository root). */
  path: string;
  /** Branch to check out in it. Created from `base` when it does not exist yet. */
  branch: string;
  /** Start point of a new branch. Default: the repository's current HEAD. */
  base?: string;
}

/**
 * Creates a worktree on `branch` (creating the branch from `base` when needed). Refuses when the directory already
 * exists (`E_WORKTREE_EXISTS`) so existing work is never overwritten.
 */
export async function addWorktree(repo: Repository, options: AddWorktreeOptions): Promise<WorktreeInfo> {
  const dir = path.resolve(repo.root, options.path);
  if (existsSync(dir)) {
    throw new WorktreeError(
      "E_WORKTREE_EXISTS",
      `Cannot create worktree ${dir}: the directory already exists`,
      {
        hint: "Pick another feature name, or remove the directory first (wo worktree remove <feature>)",
      },
    );
  }
  await mkdir(path.dirname(dir), { recursive: true });
  const exists = await git(["rev-parse", "--verify", "--quiet", `refs/heads/${options.branch}`], {
    cwd: repo.root,
    allowFailure: true,
  });
  const args =
    exists.exitCode === 0
      ? ["worktree", "add", "--quiet", dir, options.branch]
      : ["worktree", "add", "--quiet", "-b", options.branch, dir, ...(options.base ? [options.base] : [])];
  await git(args, { cwd: repo.root });
  const head = (await git(["rev-parse", "HEAD"], { cwd: dir })).stdout.trim();
  return {
    path: dir,
    head,
    branch: options.branch,
    bare: false,
    detached: false,
    locked: null,
    prunable: null,
  };
}

/** Options of {@link removeWorktree}. */
export interface RemoveWorktreeOptions {
  /** Remove even with uncommitted or untracked changes (they are lost). */
  force?: boolean;
}

/**
 * Removes a worktree. Without `force`, a worktree with uncommitted changes is refused (`E_WORKTREE_DIRTY`) so work
 * is never lost; the branch is kept either way. wo's own protocol files do not count as changes.
 */
export async function removeWorktree(
  repo: Repository,
  dir: string,
  options: RemoveWorktreeOptions = {},
): Promise<void> {
  const target = path.resolve(repo.root, dir);
  const args = ["worktree", "remove", ...(options.force ? ["--force"] : []), target];
  const result = await git(args, { cwd: repo.root, allowFailure: true });
  if (result.exitCode === 0) return;
  if (/contains modified or untracked files|is dirty/i.test(result.stderr)) {
    throw new WorktreeError(
      "E_WORKTREE_DIRTY",
      `Worktree ${target} has uncommitted changes; nothing was removed`,
      {
        hint: "Commit or stash the changes first, or pass --force to discard them",
        stderr: result.stderr,
        argv: ["git", ...args],
      },
    );
  }
  if (/is not a working tree|not a valid path/i.test(result.stderr)) {
    throw new WorktreeError("E_WORKTREE_MISSING", `${target} is not a worktree of this repository`, {
      hint: "List worktrees with `wo worktree list`",
      stderr: result.stderr,
      argv: ["git", ...args],
    });
  }
  throw new WorktreeError("E_GIT", `git worktree remove failed: ${result.stderr.split("\n")[0]}`, {
    stderr: result.stderr,
    argv: ["git", ...args],
  });
}

/** Drops stale `git worktree` entries whose directories are gone (`git worktree prune`). */
export async function pruneWorktrees(repo: Repository): Promise<void> {
  await git(["worktree", "prune"], { cwd: repo.root });
}

/**
 * Adds `patterns` that are not there yet to `<common dir>/info/exclude`, which applies to every linked worktree, so
 * workers never commit wo's files. Returns the patterns it added.
 */
export async function ensureExcludes(repo: Repository, patterns: readonly string[]): Promise<string[]> {
  const file = path.join(repo.commonDir, "info", "exclude");
  const current = existsSync(file) ? await readFile(file, "utf8") : "";
  const present = new Set(current.split(/\r?\n/).map((line) => line.trim()));
  const missing = patterns.filter((pattern) => !present.has(pattern));
  if (missing.length === 0) return [];
  await mkdir(path.dirname(file), { recursive: true });
  const prefix = current === "" || current.endsWith("\n") ? "" : "\n";
  const header = present.has("# wo (worker orchestrator)") ? "" : "# wo (worker orchestrator)\n";
  await writeFile(file, `${current}${prefix}${header}${missing.join("\n")}\n`);
  return missing;
}
