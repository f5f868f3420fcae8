import { IntegrateError } from "./errors.js";
import {
  firstLine,
  type GitRunner,
  hasMergeHead,
  isAncestor,
  readChangedPaths,
  readHead,
  readWorktrees,
  resolveNames,
  simulateMerge,
} from "./git.js";
import { assertMergeTreeSupport, readGitVersion } from "./git-version.js";
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
    : intoOutcome(into, "not-attempted", { reason: blocker });
}

/** The final `--no-ff` merge of the integration branch into `into`, forecast first. Never throws. */
async function mergeInto(
  run: IntegrationRun,
  into: string,
  head: string,
  features: string[],
): Promise<IntoOutcome> {
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
      : await mergeInCheckout(git, merge, holder.path);
  } catch (error) {
    if (!(error instanceof IntegrateError)) throw error;
    return intoOutcome(into, "failed", { reason: error.message });
  }
}

/** The final merge as both ways of making it need it. */
interface FinalMerge {
  into: string;
  /** `into`'s commit when the forecast ran. */
  intoSha: string;
  /** The integration branch's commit. */
  head: string;
  message: string;
}

/** `into` is checked out in `dir`: merge there with git (hooks run), after refusing uncommitted changes. */
async function mergeInCheckout(git: GitRunner, merge: FinalMerge, dir: string): Promise<IntoOutcome> {
  const { into, intoSha } = merge;
  const changed = await readChangedPaths(git, dir, TRACKED);
  if (changed.length > 0) {
    return intoOutcome(into, "refused", {
      sha: intoSha,
      worktree: dir,
      reason: `${dir} has uncommitted changes (${summarise(changed)})`,
    });
  }
  const result = await git.run(["merge", "--no-ff", "--no-edit", "-m", merge.message, merge.head], {
    cwd: dir,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    if (await hasMergeHead(git, dir)) await git.run(["merge", "--abort"], { cwd: dir });
    return intoOutcome(into, "failed", {
      sha: intoSha,
      worktree: dir,
      reason: firstLine(result.stderr) || `git merge exited ${result.exitCode}`,
    });
  }
  return intoOutcome(into, "merged", { sha: await readHead(git, dir), worktree: dir });
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
