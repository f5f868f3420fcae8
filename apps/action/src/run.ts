import { readFile } from "node:fs/promises";
import { Orchestrator, type Plan, readPlanFile } from "@wo/core";
import { checkMode } from "./check.js";
import type { CheckOutcome } from "./check-report.js";
import { pullRequestOf, upsertComment } from "./comment.js";
import { ActionError } from "./errors.js";
import { fetchBranches, git, missingIdentityEnv, pushBranch, runGit } from "./git.js";
import type { ActionInputs, CheckInputs, IntegrateInputs, MonitorInputs } from "./inputs.js";
import { type IntegrateOutcome, integrateOutcome } from "./integrate.js";
import { type MonitorOutcome, monitorOutcome } from "./monitor.js";
import { type PlanOutcome, planMode } from "./plan.js";
import { upsertPullRequest } from "./pull-request.js";

/** The remote worker branches are fetched from and the integration branch is pushed to (actions/checkout's). */
export const REMOTE = "origin";

/** The outcome of one mode. */
export type Outcome = PlanOutcome | MonitorOutcome | IntegrateOutcome | CheckOutcome;

/** What a run produced: the outcome to write, lines for the log, and the failure to report after writing. */
export interface RunResult {
  outcome: Outcome;
  /** What the run did that the log should say (fetched, commented, pushed…). */
  notes: string[];
  /** Set when the step must fail although the outcome is complete (conflicts with `fail-on-conflict`). */
  failure: ActionError | null;
}

/** Where a run happens. */
export interface RunContext {
  /** The repository checkout (the runner starts actions in `GITHUB_WORKSPACE`). */
  cwd: string;
  /** `GITHUB_*` and `RUNNER_*` variables; wo's own runs get a tmux-free copy. */
  env: NodeJS.ProcessEnv;
}

async function readEvent(file: string | undefined): Promise<unknown> {
  if (!file) return null;
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new ActionError("E_INPUT", `Cannot read the event payload ${file}: ${(error as Error).message}`, {
      hint: "GITHUB_EVENT_PATH must name the event's JSON file (the runner sets it)",
      cause: error,
    });
  }
}

/**
 * Fetches the worker branches (and `extra` prefixes) from {@link REMOTE} and makes sure git can commit, for
 * the modes that read branches and simulate or make merges.
 */
async function prepareRepository(wo: Orchestrator, env: NodeJS.ProcessEnv, extra: string[] = []) {
  const notes: string[] = [];
  const prefixes = [wo.config.branchPrefix, ...extra];
  const fetched = await fetchBranches(wo.repo.root, { remote: REMOTE, prefixes });
  notes.push(
    fetched.fetched
      ? `Fetched ${prefixes.map((p) => `${p}*`).join(", ")} from ${REMOTE}${fetched.excluded ? ` (except ${fetched.excluded}, checked out here)` : ""}`
      : `No remote ${REMOTE}: using the local branches`,
  );
  const identity = await missingIdentityEnv(wo.repo.root, env);
  if (Object.keys(identity).length > 0) {
    // wo's git calls inherit this process's environment: the runner has no git identity for merge commits.
    Object.assign(process.env, identity);
    notes.push(`No git identity configured: merge commits are made as ${Object.values(identity)[0]}`);
  }
  return { notes, remote: fetched.fetched };
}

async function resolvesToCommit(cwd: string, rev: string): Promise<boolean> {
  return (
    (await runGit(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], cwd))
      .exitCode === 0
  );
}

/**
 * The base branch for wo: the `base` input, else `baseBranch` of wo.config.json, else the pull request's target
 * (`GITHUB_BASE_REF`), else the checked-out branch (wo's own default) — refused when that is a worker or
 * integration branch. A name the checkout has only as `origin/<name>` (actions/checkout creates one local branch)
 * becomes `origin/<name>`.
 */
async function resolveBase(wo: Orchestrator, requested: string | undefined, env: NodeJS.ProcessEnv) {
  const wanted = requested ?? wo.config.baseBranch ?? (env.GITHUB_BASE_REF || undefined);
  const cwd = wo.repo.root;
  if (wanted === undefined) {
    const head = await runGit(["symbolic-ref", "--quiet", "--short", "HEAD"], cwd);
    const branch = head.exitCode === 0 ? head.stdout.trim() : null;
    if (branch === null || branch.startsWith(wo.config.branchPrefix) || branch.startsWith("integration/")) {
      throw new ActionError(
        "E_INPUT",
        `Cannot tell which branch the workers started from: the checkout is on ${branch ?? "a detached HEAD"}`,
        { hint: "Set the base input (e.g. base: main), or check out the base branch before this step" },
      );
    }
    return undefined;
  }
  if (await resolvesToCommit(cwd, wanted)) return wanted;
  const tracking = `${REMOTE}/${wanted}`;
  return (await resolvesToCommit(cwd, `refs/remotes/${tracking}`)) ? tracking : wanted;
}

async function monitor(inputs: MonitorInputs, wo: Orchestrator, context: RunContext): Promise<RunResult> {
  const { notes } = await prepareRepository(wo, context.env);
  const base = await resolveBase(wo, inputs.base, context.env);
  const plan = await readRunPlan(inputs.planFile, notes);
  const report = await wo.monitor({
    ...(base ? { base } : {}),
    ...(plan ? { plan } : {}),
    forecast: inputs.forecast,
    audience: "ci",
  });
  const outcome = monitorOutcome(report);
  if (inputs.token) {
    const pullRequest = inputs.pullRequest ?? pullRequestOf(await readEvent(context.env.GITHUB_EVENT_PATH));
    if (pullRequest === null) {
      notes.push("No pull request to comment on (not a pull-request event, and no pull-request input)");
    } else {
      outcome.comment = await upsertComment(
        {
          token: inputs.token,
          repository: context.env.GITHUB_REPOSITORY ?? "",
          pullRequest,
          apiUrl: context.env.GITHUB_API_URL || "https://api.github.com",
        },
        outcome.markdown,
      );
      notes.push(
        `${outcome.comment.created ? "Created" : "Updated"} the report comment: ${outcome.comment.url}`,
      );
    }
  }
  return { outcome, notes, failure: null };
}

async function integrate(inputs: IntegrateInputs, wo: Orchestrator, context: RunContext): Promise<RunResult> {
  const { notes, remote } = await prepareRepository(wo, context.env, ["integration/"]);
  const base = await resolveBase(wo, inputs.base, context.env);
  const plan = await readRunPlan(inputs.planFile, notes);
  const selection = { ...(base ? { base } : {}), ...(plan ? { plan } : {}) };
  // Forecast first: conflicting workers are left out, so every clean one is merged (a plain run stops at the first).
  const forecast = await wo.forecast(inputs.name, selection);
  const integration =
    forecast.merged.length > 0
      ? await wo.integrate(inputs.name, { ...selection, only: forecast.merged })
      : null;
  let pushed = false;
  if (integration && remote) {
    await pushBranch(wo.repo.root, REMOTE, integration.branch);
    pushed = true;
    notes.push(`Pushed ${integration.branch} to ${REMOTE}`);
  }
  const outcome = integrateOutcome(forecast, integration, pushed);
  if (inputs.token && remote && (await resolvesToCommit(wo.repo.root, `refs/heads/${outcome.branch}`))) {
    // Every run refreshes the body, also when nothing new merged: it must show the current conflicts.
    const pr = await upsertPullRequest(
      {
        token: inputs.token,
        repository: context.env.GITHUB_REPOSITORY ?? "",
        apiUrl: context.env.GITHUB_API_URL || "https://api.github.com",
        head: outcome.branch,
        base: await baseBranchName(wo.repo.root, base),
      },
      outcome.markdown,
    );
    outcome.pullRequest = pr;
    notes.push(
      pr.action === "foreign"
        ? `Left pull request #${pr.number} alone: it is open from ${outcome.branch} but was not opened by this token's identity (${pr.url})`
        : `${pr.action === "created" ? "Opened" : "Updated"} the integration pull request: ${pr.url}`,
    );
  }
  const failure =
    outcome.conflicts.length > 0 && inputs.failOnConflict
      ? new ActionError(
          "E_CONFLICT",
          `${outcome.conflicts.length} worker(s) conflict and were not merged into ${outcome.branch}: ${outcome.conflicts
            .map((c) => `${c.feature} (${c.files.join(", ")})`)
            .join("; ")}`,
          {
            hint: "Resolve the conflicts on the worker branches and run again, or set fail-on-conflict: false to accept a partial integration",
          },
        )
      : null;
  return { outcome, notes, failure };
}

/**
 * `mode: check`, in a job without write access: the test runs merged agent code. Only the worker branches are
 * fetched; the workers are merged again in a scratch integration (see {@link checkMode}).
 */
async function check(inputs: CheckInputs, wo: Orchestrator, context: RunContext): Promise<RunResult> {
  const { notes } = await prepareRepository(wo, context.env);
  const base = await resolveBase(wo, inputs.base, context.env);
  const plan = await readRunPlan(inputs.planFile, notes);
  const { outcome, failure } = await checkMode(wo, inputs, { base, plan, env: context.env, notes });
  return { outcome, notes, failure };
}

/**
 * The plan of the run from `plan-file` (validated like `wo setup` validates a plan), or `undefined` without one.
 * With it, worker branches of other plans and of earlier runs are left out of the report and the integration.
 */
async function readRunPlan(file: string | undefined, notes: string[]): Promise<Plan | undefined> {
  if (file === undefined) return undefined;
  const plan = await readPlanFile(file);
  notes.push(
    `Workers of plan ${plan.run?.id ?? file}: ${plan.workers.map((w) => w.name).join(", ") || "none"}`,
  );
  return plan;
}

/** The base as a branch name for a pull request: `origin/main` → `main`, no base → the checked-out branch. */
async function baseBranchName(cwd: string, base: string | undefined): Promise<string> {
  if (base !== undefined)
    return base.replace(new RegExp(`^(refs/remotes/)?${REMOTE}/`), "").replace(/^refs\/heads\//, "");
  return (await git(["symbolic-ref", "--quiet", "--short", "HEAD"], cwd)).trim();
}

/**
 * Runs one mode of the action and returns its outcome; writes nothing to outputs or the summary (the caller does,
 * in one place). The workers of a fan-out run on other runners: wo gets a private tmux socket name, so it never
 * reaches a tmux server that happens to run on a self-hosted runner (and hosted runners have no tmux at all, which wo
 * treats as "no sessions").
 */
export async function run(inputs: ActionInputs, context: RunContext): Promise<RunResult> {
  const env = { ...context.env, WO_TMUX_SOCKET: `wo-action-${process.pid}` };
  if (inputs.mode === "plan") {
    return { outcome: await planMode(inputs, { cwd: context.cwd, env }), notes: [], failure: null };
  }
  const wo = await Orchestrator.open({ cwd: context.cwd, env });
  if (inputs.mode === "check") return await check(inputs, wo, context);
  return inputs.mode === "monitor"
    ? await monitor(inputs, wo, context)
    : await integrate(inputs, wo, context);
}
