import { mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Orchestrator, Plan } from "@wo/core";
import { retryPrompt } from "./check-prompt.js";
import { type CheckOutcome, type RetryEntry, renderCheckReport } from "./check-report.js";
import { ActionError } from "./errors.js";
import { runGit } from "./git.js";
import type { CheckInputs } from "./inputs.js";

/** The trailer the documented retry job puts on the commit that starts a retry run: `Wo-Check-Retry: <k>`. */
export const RETRY_TRAILER = "Wo-Check-Retry";

/** What `mode: check` works with beside its inputs: the base for wo, the run's plan, the runner's environment. */
export interface CheckContext {
  base: string | undefined;
  plan: Plan | undefined;
  env: NodeJS.ProcessEnv;
  notes: string[];
}

/**
 * `mode: check`: merges the finished workers the way integrate does, in a local scratch integration, runs the test
 * command there, and when it fails lets wo find the worker whose merge made it fail (wo's own test blame, the one
 * `wo integrate --test` uses). That worker gets a continuation prompt file for its retry run while it is within the
 * retry budget, counted from the {@link RETRY_TRAILER} trailers on its branch; past the budget it is escalated.
 */
export async function checkMode(wo: Orchestrator, inputs: CheckInputs, context: CheckContext) {
  const integration = `integration/${inputs.name}`;
  const selection = {
    ...(context.base ? { base: context.base } : {}),
    ...(context.plan ? { plan: context.plan } : {}),
  };
  // A scratch name: the real integration branch (pushed by integrate) is never touched, only compared with.
  const scratch = `check-${inputs.name}`.slice(0, 63);
  const forecast = await wo.forecast(scratch, selection);
  const report = await withoutRunnerSecrets(() =>
    wo.integrate(scratch, {
      ...selection,
      only: forecast.merged,
      test: inputs.test,
      ...(inputs.testTimeoutMs === undefined ? {} : { testTimeoutMs: inputs.testTimeoutMs }),
    }),
  );
  const test = report.test;
  if (!test) {
    throw new ActionError(
      "E_CHECK",
      `The test did not run: merging the workers into ${integration} stopped`,
      {
        hint: "Run the integrate step first and resolve its conflicts",
      },
    );
  }
  const same = await sameTreeAsPushed(wo.repo.root, integration, report.head);
  context.notes.push(
    same === null
      ? `origin has no ${integration}: tested a merge of ${report.merged.join(", ")}`
      : same
        ? `Tested the tree of ${integration} as pushed`
        : `Tested a fresh merge of ${report.merged.join(", ")}: it differs from ${integration} on origin (run integrate first)`,
  );
  const command = inputs.test;
  const prompts = path.join(context.env.RUNNER_TEMP || os.tmpdir(), "wo-check-prompts");
  await rm(prompts, { recursive: true, force: true });
  await mkdir(prompts, { recursive: true });
  const outcome: CheckOutcome = {
    mode: "check",
    integration,
    command,
    passed: test.passed,
    workers: [...report.merged, ...report.alreadyMerged],
    exitCode: test.exitCode,
    timedOut: test.timedOut,
    outputTail: test.blame?.outputTail ?? test.outputTail,
    blamed: null,
    retries: inputs.retries,
    failed: [],
    retry: { include: [] },
    escalated: [],
    prompts,
    markdown: "",
  };
  const blame = test.passed ? null : test.blame;
  if (blame) {
    const worker = report.selection.workers.find((w) => w.feature === blame.feature);
    const branch = worker?.branch ?? wo.branchName(blame.feature);
    const since = context.plan?.run?.base ?? report.base.sha;
    const used = await countRetries(wo.repo.root, since, branch);
    const attempt = used + 1;
    outcome.blamed = { feature: blame.feature, merge: blame.merge, runs: blame.runs, used };
    outcome.exitCode = blame.exitCode;
    outcome.failed.push({ feature: blame.feature, command, exitCode: blame.exitCode, attempt });
    if (used < inputs.retries) {
      const planned = context.plan?.workers.find((w) => w.name === blame.feature);
      const entry: RetryEntry = {
        id: planned?.id ?? blame.feature,
        name: blame.feature,
        branch,
        scope: planned?.scope ?? worker?.scope ?? [],
        attempt,
        retries: inputs.retries,
      };
      outcome.retry.include.push(entry);
      const prompt = retryPrompt({
        feature: blame.feature,
        branch,
        integration,
        command,
        exitCode: blame.exitCode,
        outputTail: blame.outputTail,
        attempt,
        budget: inputs.retries,
        completed: await statusSubjects(wo.repo.root, since, branch),
        plan: context.plan,
      });
      await writeFile(path.join(prompts, `${blame.feature}.md`), prompt);
    } else {
      outcome.escalated.push(blame.feature);
    }
  }
  outcome.markdown = renderCheckReport(outcome);
  const failure = test.passed
    ? null
    : new ActionError("E_CHECK", failureLine(outcome), {
        hint: outcome.blamed
          ? outcome.retry.include.length > 0
            ? "The retry job gives the worker its continuation prompt (the prompts output); see the job summary for the log"
            : "A person is needed: look at the worker's branch and the log in the job summary"
          : "The test fails without any worker's merge: fix the base branch (or the test command) first",
      });
  return { outcome, failure };
}

function failureLine(outcome: CheckOutcome): string {
  const exit = outcome.timedOut
    ? "timed out"
    : outcome.exitCode === null
      ? "did not finish"
      : `exited ${outcome.exitCode}`;
  const head = `The test ${JSON.stringify(outcome.command)} ${exit} in ${outcome.integration}`;
  if (!outcome.blamed) return `${head}, and fails on the base before any worker's merge too`;
  const { feature, used } = outcome.blamed;
  return outcome.escalated.length > 0
    ? `${head}: worker ${feature}'s merge made it fail, and its ${used} retry run(s) of ${outcome.retries} are used up`
    : `${head}: worker ${feature}'s merge made it fail; retry ${used + 1} of ${outcome.retries} goes back to it`;
}

/** Variables a test (merged agent code) must not inherit from the action's step: runner files and tokens. */
const RUNNER_SECRETS =
  /^(GITHUB_(OUTPUT|ENV|PATH|STATE|STEP_SUMMARY|TOKEN)|ACTIONS_(RUNTIME_TOKEN|RUNTIME_URL|RESULTS_URL|CACHE_URL|ID_TOKEN_REQUEST_TOKEN|ID_TOKEN_REQUEST_URL)|INPUT_.*)$/;

/**
 * Runs `work` with the step's runner files (`GITHUB_OUTPUT`, …), the runtime tokens a JavaScript action is given and
 * the inputs removed from this process's environment, which the test command inherits; puts them back afterwards.
 */
async function withoutRunnerSecrets<T>(work: () => Promise<T>): Promise<T> {
  const saved = Object.entries(process.env).filter(([name]) => RUNNER_SECRETS.test(name));
  for (const [name] of saved) delete process.env[name];
  try {
    return await work();
  } finally {
    for (const [name, value] of saved) process.env[name] = value;
  }
}

/** How many commits on `branch` since `since` carry the {@link RETRY_TRAILER} trailer: the retry runs it had. */
export async function countRetries(cwd: string, since: string, branch: string): Promise<number> {
  const log = await runGit(
    [
      "log",
      `--format=%(trailers:key=${RETRY_TRAILER},valueonly,separator=%x2C)`,
      `${since}..refs/heads/${branch}`,
      "--",
    ],
    cwd,
  );
  if (log.exitCode !== 0) return 0;
  return log.stdout.split("\n").filter((line) => line.trim() !== "").length;
}

/** The subjects of the worker's `[CHECKPOINT]`/`[COMPLETE]` commits since `since`, oldest first. */
async function statusSubjects(cwd: string, since: string, branch: string): Promise<string[]> {
  const log = await runGit(["log", "--reverse", "--format=%s", `${since}..refs/heads/${branch}`, "--"], cwd);
  return log.exitCode === 0 ? log.stdout.split("\n").filter((s) => /^\[(CHECKPOINT|COMPLETE)\]/.test(s)) : [];
}

/** Whether `head` has the tree of `integration` on origin; `null` when origin has no such branch. */
async function sameTreeAsPushed(cwd: string, integration: string, head: string): Promise<boolean | null> {
  const remote = await runGit(
    ["fetch", "--no-tags", "--quiet", "origin", `+refs/heads/${integration}:refs/wo-check/pushed`],
    cwd,
  );
  if (remote.exitCode !== 0) return null;
  const trees = await Promise.all(
    ["refs/wo-check/pushed", head].map((rev) => runGit(["rev-parse", `${rev}^{tree}`], cwd)),
  );
  return trees.every((t) => t.exitCode === 0) && trees[0]?.stdout.trim() === trees[1]?.stdout.trim();
}
