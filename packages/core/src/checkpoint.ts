import { type CommitStatus, formatCommitPrefix } from "@wo/commits";
import { git, openRepository } from "@wo/worktree";
import { loadConfig } from "./config.js";
import { WoError } from "./errors.js";

/** What {@link checkpointWorker} committed. */
export interface CheckpointResult {
  sha: string;
  branch: string;
  message: string;
}

/**
 * Worker side (`wo checkpoint`): commits the staged work (all tracked changes with `all`) with a status prefix —
 * `[CHECKPOINT] msg` by default. Refused outside a worker branch, so a worker cannot commit to the wrong branch,
 * and when there is nothing to commit.
 */
export async function checkpointWorker(
  cwd: string,
  status: CommitStatus,
  options: { all?: boolean } = {},
): Promise<CheckpointResult> {
  const repo = await openRepository(cwd);
  const config = await loadConfig(repo.root);
  const head = await git(["symbolic-ref", "--quiet", "--short", "HEAD"], {
    cwd: repo.cwdTree,
    allowFailure: true,
  });
  const branch = head.stdout.trim();
  if (!branch.startsWith(config.branchPrefix)) {
    throw new WoError(
      "E_NOT_A_WORKER",
      `Not on a worker branch (HEAD is ${branch || "detached"}); nothing was committed`,
      {
        hint: `Run wo checkpoint inside a worker's worktree, on its ${config.branchPrefix}<feature> branch`,
      },
    );
  }
  let message: string;
  try {
    message = formatCommitPrefix(status);
  } catch (error) {
    throw new WoError("E_INPUT", `Invalid checkpoint: ${(error as Error).message}`, {
      hint: 'wo checkpoint "<what was finished>" (one line)',
      cause: error,
    });
  }
  const result = await git(["commit", ...(options.all ? ["--all"] : []), "--quiet", "-m", message], {
    cwd: repo.cwdTree,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    const output = `${result.stdout}\n${result.stderr}`;
    if (/nothing (added )?to commit|no changes added to commit/i.test(output)) {
      throw new WoError("E_NOTHING_TO_COMMIT", "Nothing to commit: no changes are staged", {
        hint: "Stage your work with git add, or pass --all to commit every tracked change",
      });
    }
    throw new WoError(
      "E_COMMIT_REFUSED",
      `git commit failed: ${(result.stderr || result.stdout).trim().split("\n")[0]}`,
      {
        hint: "A pre-commit hook (such as wo's scope guard) may have refused the commit; see its message above",
      },
    );
  }
  const sha = (await git(["rev-parse", "HEAD"], { cwd: repo.cwdTree })).stdout.trim();
  return { sha, branch, message };
}
