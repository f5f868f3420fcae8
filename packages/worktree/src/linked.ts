import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { refsAreFiles } from "./refs.js";
import type { Repository } from "./repository.js";

/** A linked worktree as its administrative files describe it. */
export interface LinkedWorktree {
  /** Absolute path of the worktree (it may be gone: git then calls the entry prunable). */
  path: string;
  /** Branch name without `refs/heads/`, `null` when detached. */
  branch: string | null;
}

/**
 * The repository's linked worktrees and their branches, read from the files `git worktree list` reads
 * (`<common dir>/worktrees/<id>/gitdir` and `HEAD`) without starting git, sorted by path. `wo status` runs in loops
 * over a hundred workers, and a process costs more than these reads.
 *
 * Returns `null` when git must answer: an entry whose files are missing or unusual (git would skip or flag it), a
 * HEAD that is neither a branch nor a commit id, or the reftable ref backend (whose HEAD files are placeholders).
 * Heads are not resolved to commits; use {@link listWorktrees} for those.
 */
export function readLinkedWorktrees(repo: Repository): LinkedWorktree[] | null {
  try {
    if (!refsAreFiles(repo.commonDir)) return null;
    const admin = path.join(repo.commonDir, "worktrees");
    let ids: string[];
    try {
      ids = readdirSync(admin);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      return null;
    }
    const linked: LinkedWorktree[] = [];
    for (const id of ids) {
      const dir = path.join(admin, id);
      // gitdir names the worktree's `.git` file: absolute, or relative to this directory (worktree.useRelativePaths).
      const gitFile = readFileSync(path.join(dir, "gitdir"), "utf8").trim();
      if (path.basename(gitFile) !== ".git") return null;
      const head = readFileSync(path.join(dir, "HEAD"), "utf8").trim();
      const branch = /^ref: refs\/heads\/(.+)$/.exec(head)?.[1];
      if (branch === undefined && !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(head)) return null;
      linked.push({ path: path.dirname(path.resolve(dir, gitFile)), branch: branch ?? null });
    }
    return linked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  } catch {
    return null;
  }
}
