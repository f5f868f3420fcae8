import { type Dirent, existsSync } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { createGitRunner, readRepositoryRoot, readWorktrees } from "./git.js";
import { isInside, realPath } from "./paths.js";

/** Something under the worktree root, or in git's worktree list, that no worker owns. */
export interface Orphan {
  /**
   * `directory`: a directory under the root that git does not know as a worktree; `stale-entry`: a `git worktree`
   * entry whose directory is gone; `unknown-worktree`: a git worktree under the root that is not in `known`.
   */
  kind: "directory" | "stale-entry" | "unknown-worktree";
  path: string;
  /** Bytes in regular files below it (symlinks are not followed); `0` for a stale entry. */
  sizeBytes: number;
  /** False when some entries could not be read, so `sizeBytes` is a lower bound. */
  sizeComplete: boolean;
  reason: string;
  /** Whether `git worktree prune` removed it (stale entries with `prune: true`). */
  pruned: boolean;
}

/** Options of {@link findOrphans}. */
export interface FindOrphansOptions {
  /** Where worker worktrees live (absolute, or relative to the repository root). */
  worktreeRoot: string;
  /** Worktrees wo knows about: paths absolute or relative to `worktreeRoot` (so feature names work). */
  known?: string[];
  /** Run `git worktree prune` when stale entries exist. Default false. */
  prune?: boolean;
}

/**
 * Finds what no worker owns: directories under `worktreeRoot` that git does not know as worktrees, stale
 * `git worktree` entries whose directory is gone (pruned with `prune: true`), and — when `known` is given — git
 * worktrees under the root that wo does not know. Sizes come from walking the tree (symlinks not followed).
 */
export async function findOrphans(repoDir: string, options: FindOrphansOptions): Promise<Orphan[]> {
  const git = createGitRunner(repoDir);
  const root = await readRepositoryRoot(git);
  const worktreeRoot = realPath(path.resolve(root, options.worktreeRoot));
  const worktrees = await readWorktrees(git);
  const live = worktrees.filter((worktree) => worktree.prunable === null && !worktree.bare);
  const livePaths = live.map((worktree) => realPath(worktree.path));
  const orphans: Orphan[] = [];

  const stale = worktrees.filter((worktree) => worktree.prunable !== null);
  if (stale.length > 0 && options.prune) await git.run(["worktree", "prune"]);
  for (const entry of stale) {
    orphans.push({
      kind: "stale-entry",
      path: entry.path,
      sizeBytes: 0,
      sizeComplete: true,
      reason: `git worktree entry whose directory is gone (${entry.prunable})`,
      pruned: options.prune === true,
    });
  }

  let entries: Dirent[] = [];
  if (existsSync(worktreeRoot)) entries = await readdir(worktreeRoot, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(worktreeRoot, entry.name);
    if (livePaths.some((known) => known === dir || isInside(known, dir))) continue;
    const size = await directorySize(dir);
    orphans.push({
      kind: "directory",
      path: dir,
      sizeBytes: size.bytes,
      sizeComplete: size.complete,
      reason: "a directory under the worktree root that git does not know as a worktree",
      pruned: false,
    });
  }

  if (options.known !== undefined) {
    const known = new Set(options.known.map((entry) => realPath(path.resolve(worktreeRoot, entry))));
    for (const dir of livePaths) {
      if (!isInside(dir, worktreeRoot) || known.has(dir)) continue;
      const size = await directorySize(dir);
      orphans.push({
        kind: "unknown-worktree",
        path: dir,
        sizeBytes: size.bytes,
        sizeComplete: size.complete,
        reason: "a git worktree under the worktree root that wo does not know",
        pruned: false,
      });
    }
  }
  return orphans;
}

/** Sums the sizes of regular files below `dir` without following symlinks. */
export async function directorySize(dir: string): Promise<{ bytes: number; complete: boolean }> {
  let bytes = 0;
  let complete = true;
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      complete = false;
      continue;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) pending.push(full);
      else if (entry.isFile()) {
        try {
          bytes += (await lstat(full)).size;
        } catch {
          complete = false;
        }
      }
    }
  }
  return { bytes, complete };
}
