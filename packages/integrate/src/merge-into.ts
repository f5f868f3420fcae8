import { IntegrateError } from "./errors.js";
import {
  assertMergeTreeSupport,
  firstLine,
  hasMergeHead,
  isAncestor,
  readChangedPaths,
  readGitVersion,
  readHead,
  readWorktrees,
  resolveNames,
  simulateMerge,
} from "./git.js";
import type { IntegrationRun, IntoOutcome, TestOutcome } from "./integration-types.js";
import type { Merging } from "./merges.js";
import { TRACKED } from "./site.js";
import { oneLine, summarise } from "./text.js";

/**
 * The last stage with `into`: merges the integration branch into `into` when every merge and the test
 * succeeded, and says why not otherwise. `null` without `into`. Never throws for a refusal: it reports it.
 */
export async function landInto(
  run: IntegrationRun,
  into: string | null,
  merging: Merging,
  test: TestOutcome | null,
): Promise<IntoOutcome | null> {
  if (into === null) return null;
  const blocker =
    merging.conflicts.length > 0
      ? `${merging.conflicts[0]!.feature} conflicts`
      : test !== null && !test.passed
        ? "the test failed"
        : null;
  return blocker === null
    ? await mergeInto(run, into, merging.head, [...merging.alreadyMerged, ...merging.merged])
    : { branch: into, status: "not-attempted", sha: null, files: [], reason: blocker, worktree: null };
}

/** The final `--no-ff` merge of the integration branch into `into`, forecast first. Never throws. */
async function mergeInto(
  run: IntegrationRun,
  into: string,
  head: string,
  features: string[],
): Promise<IntoOutcome> {
  const outcome = (status: IntoOutcome["status"], extra: Partial<IntoOutcome> = {}): IntoOutcome => ({
    branch: into,
    status,
    sha: null,
    files: [],
    reason: null,
    worktree: null,
    ...extra,
  });
  try {
    const { git } = run;
    const intoSha = (await resolveNames(git, [`refs/heads/${into}^{commit}`]))[0];
    if (intoSha == null) return outcome("failed", { reason: `${into} no longer exists` });
    if (await isAncestor(git, head, intoSha)) return outcome("up-to-date", { sha: intoSha });
    assertMergeTreeSupport(await readGitVersion(git));
    const forecast = await simulateMerge(git, intoSha, head);
    if (!forecast.clean) {
      return outcome("conflict", {
        sha: intoSha,
        files: forecast.files,
        reason: `merging ${run.branch} into ${into} would conflict; nothing was changed`,
      });
    }
    const list = features.join(", ");
    const message = `Merge ${run.branch} into ${into}${list === "" ? "" : `: ${oneLine(list, 160)}`}`;
    const holder = (await readWorktrees(git)).find(
      (worktree) => worktree.branch === into && worktree.prunable === null,
    );
    if (holder !== undefined) {
      const changed = await readChangedPaths(git, holder.path, TRACKED);
      if (changed.length > 0) {
        return outcome("refused", {
          sha: intoSha,
          worktree: holder.path,
          reason: `${holder.path} has uncommitted changes (${summarise(changed)})`,
        });
      }
      const result = await git.run(["merge", "--no-ff", "--no-edit", "-m", message, head], {
        cwd: holder.path,
        allowFailure: true,
      });
      if (result.exitCode !== 0) {
        if (await hasMergeHead(git, holder.path)) await git.run(["merge", "--abort"], { cwd: holder.path });
        return outcome("failed", {
          sha: intoSha,
          worktree: holder.path,
          reason: firstLine(result.stderr) || `git merge exited ${result.exitCode}`,
        });
      }
      return outcome("merged", { sha: await readHead(git, holder.path), worktree: holder.path });
    }
    // Not checked out anywhere: create the merge commit from the forecast tree and move the ref with a
    // compare-and-swap on its old value, so a concurrent change is never overwritten.
    const commit = await git.run(["commit-tree", forecast.tree, "-p", intoSha, "-p", head, "-m", message]);
    const sha = commit.stdout.trim();
    await git.run(["update-ref", "-m", `wo: ${message}`, `refs/heads/${into}`, sha, intoSha]);
    return outcome("merged", { sha });
  } catch (error) {
    if (!(error instanceof IntegrateError)) throw error;
    return outcome("failed", { reason: error.message });
  }
}
