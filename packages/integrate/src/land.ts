import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { firstLine, readChangedPaths, readHead, readWorktrees, resolveNames } from "./git.js";
import type { IntegrationRun, IntoOutcome } from "./integration-types.js";
import type { Journal, Landing } from "./journal.js";
import { samePath } from "./paths.js";
import { recordJournal } from "./run-journal.js";
import { TRACKED } from "./site.js";
import { summarise } from "./text.js";

/** The final merge as both ways of making it need it. */
export interface FinalMerge {
  into: string;
  /** `into`'s commit when the forecast ran. */
  intoSha: string;
  /** The integration branch's commit. */
  head: string;
  message: string;
}

/**
 * `into` is checked out in `dir`: the merge commit is made in a scratch worktree (the repository's hooks run there,
 * however long they take), and only then is the checkout moved to it with one fast-forward, journaled and run in
 * its own process group. An interrupt before that step leaves `dir` untouched; one during it cannot stop git
 * halfway; a crash of git itself is finished by the next run ({@link recoverLanding}).
 */
export async function mergeInCheckout(
  run: IntegrationRun,
  journal: Journal,
  merge: FinalMerge,
  dir: string,
): Promise<IntoOutcome> {
  const { git } = run;
  const { into, intoSha } = merge;
  const changed = await readChangedPaths(git, dir, TRACKED);
  if (changed.length > 0) {
    return checkoutOutcome(
      into,
      dir,
      "refused",
      intoSha,
      `${dir} has uncommitted changes (${summarise(changed)})`,
    );
  }
  const made = await makeMergeCommit(run, merge);
  if ("reason" in made) return checkoutOutcome(into, dir, "failed", intoSha, made.reason);
  const landing: Landing = { into, worktree: dir, from: intoSha, to: made.sha };
  let pidWritten: Promise<unknown> = Promise.resolve();
  await recordJournal(run, { ...journal, landing });
  const result = await git.run(
    ["-c", "core.hooksPath=/dev/null", "merge", "--ff-only", "--quiet", made.sha],
    {
      cwd: dir,
      allowFailure: true,
      detached: true,
      onSpawn: (pid) => {
        pidWritten = recordJournal(run, { ...journal, landing: { ...landing, pid } });
      },
    },
  );
  await pidWritten;
  if (result.exitCode !== 0) {
    await recordJournal(run, journal);
    const now = (await resolveNames(git, [`refs/heads/${into}^{commit}`]))[0] ?? null;
    const reason =
      now !== intoSha
        ? `${into} moved while the merge was prepared (now ${now === null ? "gone" : now.slice(0, 12)}); run again`
        : (firstLine(result.stderr) || `git merge --ff-only exited ${result.exitCode}`).replace(/\.$/, "");
    return checkoutOutcome(into, dir, "failed", intoSha, `${reason}; ${dir} was not changed`);
  }
  return checkoutOutcome(into, dir, "merged", await readHead(git, dir), null);
}

/** The scratch worktree where the final merge commit is made: a name no integration can have (no dots). */
export function scratchPath(run: IntegrationRun): string {
  return `${run.worktreePath}.into`;
}

/** Removes the scratch worktree (and its entry) if a run left one; says whether there was one. */
export async function removeScratch(run: IntegrationRun): Promise<boolean> {
  const scratch = scratchPath(run);
  const listed = (await readWorktrees(run.git)).some((worktree) => samePath(worktree.path, scratch));
  if (!listed && !existsSync(scratch)) return false;
  // Twice --force: a worktree an interrupted run left may still be locked by git.
  if (listed)
    await run.git.run(["worktree", "remove", "--force", "--force", scratch], { allowFailure: true });
  await rm(scratch, { recursive: true, force: true });
  await run.git.run(["worktree", "prune"]);
  return true;
}

/** `git merge --no-ff` of the integration branch in a detached scratch worktree at `into`'s commit. */
async function makeMergeCommit(
  run: IntegrationRun,
  merge: FinalMerge,
): Promise<{ sha: string } | { reason: string }> {
  const { git } = run;
  const scratch = scratchPath(run);
  await removeScratch(run);
  // Only the merge runs the repository's hooks, as a merge in the checkout would; creating the worktree does not.
  await git.run([
    "-c",
    "core.hooksPath=/dev/null",
    "worktree",
    "add",
    "--quiet",
    "--detach",
    scratch,
    merge.intoSha,
  ]);
  try {
    const result = await git.run(["merge", "--no-ff", "--no-edit", "-m", merge.message, merge.head], {
      cwd: scratch,
      allowFailure: true,
    });
    if (result.exitCode !== 0)
      return { reason: firstLine(result.stderr) || `git merge exited ${result.exitCode}` };
    return { sha: await readHead(git, scratch) };
  } finally {
    await removeScratch(run);
  }
}

/** The outcome of a merge into a checkout. */
function checkoutOutcome(
  branch: string,
  worktree: string,
  status: IntoOutcome["status"],
  sha: string | null,
  reason: string | null,
): IntoOutcome {
  return { branch, status, sha, files: [], reason, worktree };
}
