import { IntegrateError } from "./errors.js";
import type { GitRunner } from "./git.js";
import type { IntegrateOptions, ResolvedWorker, TestCommand } from "./integration-types.js";
import { validateBranchName, validateRevision, validateWorkers, type WorkerBranch } from "./names.js";
import { resolveWorkerRefs } from "./scope.js";
import { validateTest, validateTimeout } from "./test-command.js";

/** The options of one integration run, validated. */
export interface RunInputs {
  baseRef: string;
  workers: WorkerBranch[];
  /** The branch to merge into at the end, `null` without `into`. */
  into: string | null;
  test: TestCommand | undefined;
  testTimeoutMs: number | undefined;
}

/** What the run's names point at, read in one git call. */
export interface RunRefs {
  /** The base commit. */
  base: string;
  workers: ResolvedWorker[];
  /** The integration branch's commit, `null` when the branch does not exist yet. */
  branchSha: string | null;
}

/**
 * Validates the options of a run (not `abort`) in a fixed order (base, workers, `into`, test, timeout), so the
 * same mistake always gives the same error. Throws `E_INVALID_OPTION`; pure.
 */
export function checkInputs(options: IntegrateOptions, branch: string): RunInputs {
  const baseRef = validateRevision(options.base, "base");
  const workers = validateWorkers(options.workers);
  const into = options.into === undefined ? null : validateBranchName(options.into, "into branch");
  if (into === branch || (into !== null && workers.some((worker) => worker.branch === into))) {
    throw new IntegrateError(
      "E_INVALID_OPTION",
      `Invalid into branch "${into}": it is the integration branch or a worker branch`,
      { hint: 'Pass the branch the integration should land on, e.g. "main"' },
    );
  }
  const test = validateTest(options.test);
  const testTimeoutMs = validateTimeout(options.testTimeoutMs);
  return { baseRef, workers, into, test, testTimeoutMs };
}

/**
 * Resolves the base, the workers, the integration branch and `into` in one git call; throws `E_UNKNOWN_REF` for
 * an unknown base, worker branch or `into` (a missing integration branch is simply created later).
 */
export async function resolveRefs(git: GitRunner, inputs: RunInputs, branch: string): Promise<RunRefs> {
  const { into } = inputs;
  const resolved = await resolveWorkerRefs(git, inputs.baseRef, inputs.workers, [
    `refs/heads/${branch}^{commit}`,
    ...(into === null ? [] : [`refs/heads/${into}^{commit}`]),
  ]);
  if (into !== null && resolved.extra[1] == null) {
    throw new IntegrateError("E_UNKNOWN_REF", `Unknown into branch "${into}": expected a local branch`, {
      hint: "Check the name with `git branch --list`",
    });
  }
  return { base: resolved.base, workers: resolved.workers, branchSha: resolved.extra[0] ?? null };
}
