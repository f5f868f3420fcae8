import { IntegrateError } from "./errors.js";
import { type GitRunner, isAncestor, readWorktrees, resolveNames, simulateMerge } from "./git.js";
import { assertMergeTreeSupport, readGitVersion } from "./git-version.js";
import type { IntegrationRun, IntoOutcome, TestOutcome } from "./integration-types.js";
import { type FinalMerge, mergeInCheckout } from "./land.js";
import type { Merging } from "./merges.js";
import { oneLine } from "./text.js";

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
    ? await mergeInto(run, into, merging, [...merging.alreadyMerged, ...merging.merged])
    : intoOutcome(into, "not-attempted", { reason: blocker });
}

/** The final `--no-ff` merge of the integration branch into `into`, forecast first. Never throws. */
async function mergeInto(
  run: IntegrationRun,
  into: string,
  merging: Merging,
  features: string[],
): Promise<IntoOutcome> {
  const { head, journal } = merging;
  try {
    const { git } = run;
    const intoSha = (await resolveNames(git, [`refs/heads/${into}^{commit}`]))[0];
    if (intoSha == null) return intoOutcome(into, "failed", { reason: `${into} no longer exists` });
    if (await isAncestor(git, head, intoSha)) return intoOutcome(into, "up-to-date", { sha: intoSha });
    assertMergeTreeSupport(await readGitVersion(git));
    const forecast = await simulateMerge(git, intoSha, head);
    if (!forecast.clean) {
      return intoOutcome(into, "conflict", {
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
    const merge = { into, intoSha, head, message };
    return holder === undefined
      ? await mergeByRef(git, merge, forecast.tree)
      : await mergeInCheckout(run, journal, merge, holder.path);
  } catch (error) {
    if (!(error instanceof IntegrateError)) throw error;
    return intoOutcome(into, "failed", { reason: error.message });
  }
}

/**
 * `into` is not checked out anywhere: create the merge commit from the forecast tree and move the ref with a
 * compare-and-swap on its old value, so a concurrent change is never overwritten.
 */
async function mergeByRef(git: GitRunner, merge: FinalMerge, tree: string): Promise<IntoOutcome> {
  const { into, intoSha, head, message } = merge;
  const commit = await git.run(["commit-tree", tree, "-p", intoSha, "-p", head, "-m", message]);
  const sha = commit.stdout.trim();
  await git.run(["update-ref", "-m", `wo: ${message}`, `refs/heads/${into}`, sha, intoSha]);
  return intoOutcome(into, "merged", { sha });
}

/** An {@link IntoOutcome} with nothing known beyond `extra`. */
function intoOutcome(
  branch: string,
  status: IntoOutcome["status"],
  extra: Partial<IntoOutcome> = {},
): IntoOutcome {
  return { branch, status, sha: null, files: [], reason: null, worktree: null, ...extra };
}
