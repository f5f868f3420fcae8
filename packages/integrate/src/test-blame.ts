import type { RunInputs } from "./inputs.js";
import type { IntegrationRun, TestBlame, TestOutcome } from "./integration-types.js";
import type { Merging } from "./merges.js";
import { runTest } from "./test-command.js";

/**
 * After a failed test, finds the worker whose merge made it fail: the test runs again at the state before this run's
 * merges (when it fails there too, no worker of this run is to blame) and then, by bisection, after the merges in
 * between — about log2(n) + 1 more runs for n merges. The integration worktree is back on the integration branch
 * afterwards. `null` when nothing was merged by this run or the failure predates its merges.
 */
export async function blameTest(
  run: IntegrationRun,
  inputs: RunInputs,
  merging: Merging,
  before: string,
  failed: TestOutcome,
): Promise<TestBlame | null> {
  const test = inputs.test;
  const merged = new Set(merging.merged);
  const merges = merging.journal.merges.filter((m) => merged.has(m.feature));
  if (test === undefined || merges.length === 0) return null;
  const cwd = run.worktreePath;
  const at = async (sha: string): Promise<TestOutcome> => {
    // -f: files the test left behind (build output) never stop the checkout of another state.
    await run.git.run(["checkout", "-q", "-f", "--detach", sha], { cwd });
    return runTest(test, cwd, inputs.testTimeoutMs);
  };
  let runs = 0;
  try {
    runs += 1;
    if (!(await at(before)).passed) return null;
    // The test passes after `low` merges and fails after `high`.
    let low = 0;
    let high = merges.length;
    let failing = failed;
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      runs += 1;
      const outcome = await at(merges[middle - 1]!.sha);
      if (outcome.passed) low = middle;
      else {
        high = middle;
        failing = outcome;
      }
    }
    const culprit = merges[high - 1]!;
    return {
      feature: culprit.feature,
      merge: culprit.sha,
      runs,
      exitCode: failing.exitCode,
      outputTail: failing.outputTail,
    };
  } finally {
    await run.git.run(["checkout", "-q", "-f", run.branch], { cwd });
  }
}
