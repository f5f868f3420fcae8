import path from "node:path";
import { WorktreeError } from "./errors.js";
import { git } from "./git.js";

/** Where a repository lives. */
export interface Repository {
  /** Working tree of the main worktree (where `worktrees/` lives), even when opened from inside a linked worktree. */
  readonly root: string;
  /** The git common directory (`.git` of the main worktree), shared by all linked worktrees. */
  readonly commonDir: string;
  /** The working tree the repository was opened from (a linked worktree when run inside a worker). */
  readonly cwdTree: string;
}

/**
 * Finds the repository containing `cwd` with one git call. Throws `E_NOT_A_REPO` (with a hint) outside a git
 * repository, or for a bare repository, which has no working tree for workers to branch from.
 */
export async function openRepository(cwd: string): Promise<Repository> {
  const result = await git(["rev-parse", "--path-format=absolute", "--git-common-dir", "--show-toplevel"], {
    cwd,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    const reason = /not a git repository/i.test(result.stderr)
      ? "it is not inside a git repository"
      : result.stderr.split("\n")[0] || "git could not read it";
    throw new WorktreeError("E_NOT_A_REPO", `Cannot use ${cwd}: ${reason}`, {
      hint: "Run wo inside a git repository (or pass -C <repo>); create one with `git init`",
      stderr: result.stderr,
      argv: ["git", "rev-parse"],
    });
  }
  const [commonDir = "", toplevel = ""] = result.stdout.split("\n");
  if (toplevel === "") {
    throw new WorktreeError(
      "E_NOT_A_REPO",
      `Cannot use ${cwd}: it is inside a git directory, not a working tree`,
      {
        hint: "Run wo from the repository's working tree, not from its .git directory or a bare repository",
      },
    );
  }
  // A linked worktree's common dir is the main worktree's `.git`; its parent is the main working tree.
  const root = path.basename(commonDir) === ".git" ? path.dirname(commonDir) : toplevel;
  return { root, commonDir, cwdTree: toplevel };
}
