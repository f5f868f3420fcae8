import { mkdir, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { create as createGlobber } from "@actions/glob";
import { Orchestrator, type Plan, planFromFiles } from "@wo/core";
import { kickoffPrompt, promptWorkerOf, workerPrompt } from "@wo/core/internal";
import { ActionError } from "./errors.js";
import { git } from "./git.js";
import type { PlanInputs } from "./inputs.js";

/** One worker as a matrix job sees it (`matrix.id`, `matrix.name`, …). */
export interface MatrixEntry {
  /** Plan worker id, e.g. `task-1`. */
  id: string;
  /** Feature name, e.g. `task-1-auth`. */
  name: string;
  /** The branch the job commits to and pushes, e.g. `work/task-1-auth`. */
  branch: string;
  /** The worker's exclusive file scope. */
  scope: string[];
}

/** A worker's complete agent prompt: the kickoff prompt followed by the result protocol. */
export interface WorkerPrompt {
  /** Feature name: the prompt's file is `<name>.md`. */
  name: string;
  prompt: string;
}

/** What `strategy.matrix` takes: `fromJSON(needs.plan.outputs.matrix)`. */
export interface Matrix {
  include: MatrixEntry[];
}

/** What `mode: plan` produced. */
export interface PlanOutcome {
  mode: "plan";
  /** The plan JSON (docs/design.md, "JSON shapes"). */
  plan: Plan;
  /** The Work Item Manifest (markdown). */
  manifest: string;
  matrix: Matrix;
  /** The directory holding each worker's prompt as `<name>.md` (and the plan as `plan.json`). */
  prompts: string;
  /** The documents planned from, relative to the repository checkout, in input order. */
  documents: string[];
}

/**
 * The matrix of a plan: one entry per worker, without its prompt. The prompts travel as files (see
 * {@link promptsFromPlan}): a job output is limited to 1 MB and one environment variable to 128 KiB, and a prompt
 * grows with the document. Pure.
 */
export function matrixFromPlan(plan: Plan, branchOf: (feature: string) => string): Matrix {
  return {
    include: plan.workers.map((worker) => ({
      id: worker.id,
      name: worker.name,
      branch: branchOf(worker.name),
      scope: worker.scope,
    })),
  };
}

/**
 * Each worker's prompt: the one `wo setup` writes for it (kickoff prompt + result protocol), except that the worktree
 * is the job's own checkout (`.`), because a matrix job works on a fresh clone rather than in `worktrees/<name>`.
 * Pure.
 */
export function promptsFromPlan(plan: Plan, branchOf: (feature: string) => string): WorkerPrompt[] {
  return plan.workers.map((worker) => ({
    name: worker.name,
    prompt: workerPrompt(
      kickoffPrompt(promptWorkerOf(plan, worker), { worktree: ".", branch: branchOf(worker.name) }),
      { commitProtocol: false },
    ),
  }));
}

/**
 * Writes the prompts as `<dir>/<name>.md` and the plan as `<dir>/plan.json`, outside the checkout (under the
 * runner's temp directory), so no agent ever commits them.
 */
async function writePrompts(dir: string, plan: Plan, prompts: readonly WorkerPrompt[]): Promise<void> {
  // A directory left by an earlier plan in the same job must not hand out its prompts.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "plan.json"), `${JSON.stringify(plan, null, 2)}\n`);
  for (const { name, prompt } of prompts) await writeFile(path.join(dir, `${name}.md`), prompt);
}

function inside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/**
 * Expands document globs (relative to `cwd`; `!pattern` excludes) into files, in pattern order, sorted within a
 * pattern, without duplicates. A pattern that matches nothing, or a match that resolves outside `cwd` (a symlink
 * to a runner file would otherwise end up in the plan and the job summary), is refused.
 */
export async function findDocuments(patterns: readonly string[], cwd: string): Promise<string[]> {
  const root = await realpath(cwd);
  const absolute = (pattern: string) => (path.isAbsolute(pattern) ? pattern : path.join(root, pattern));
  const excludes = patterns.filter((p) => p.startsWith("!")).map((p) => `!${absolute(p.slice(1))}`);
  const found: string[] = [];
  for (const pattern of patterns.filter((p) => !p.startsWith("!"))) {
    const globber = await createGlobber([absolute(pattern), ...excludes].join("\n"), {
      matchDirectories: false,
    });
    const matches = (await globber.glob()).sort();
    if (matches.length === 0) {
      throw new ActionError("E_INPUT", `No document matches ${JSON.stringify(pattern)}`, {
        hint: "Patterns are relative to the repository root; check out the repository before this step",
      });
    }
    for (const match of matches) {
      const real = await realpath(match);
      if (!inside(root, real)) {
        throw new ActionError(
          "E_INPUT",
          `Document ${path.relative(root, match)} resolves outside the repository`,
          {
            hint: "List documents inside the checked-out repository (symbolic links out of it are refused)",
          },
        );
      }
      const relative = path.relative(root, match);
      if (!found.includes(relative)) found.push(relative);
    }
  }
  return found;
}

/** `mode: plan`: plans workers from the documents and builds their matrix. */
export async function planMode(
  inputs: PlanInputs,
  context: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<PlanOutcome> {
  const wo = await Orchestrator.open({ cwd: context.cwd, env: context.env });
  const documents = await findDocuments(inputs.documents, wo.repo.root);
  const planned = await planFromFiles(documents, {
    cwd: wo.repo.root,
    ...(inputs.workers === undefined ? {} : { workers: inputs.workers }),
  });
  const { manifest } = planned;
  // The run the workers belong to: monitor and integrate given this plan (plan-file) leave out branches of other
  // plans and of earlier runs (they do not contain this commit).
  const plan: Plan = { run: await runOf(wo.repo.root, context.env), ...planned.plan };
  const branchOf = (feature: string) => wo.branchName(feature);
  const prompts = path.join(context.env.RUNNER_TEMP || os.tmpdir(), "wo-prompts");
  await writePrompts(prompts, plan, promptsFromPlan(plan, branchOf));
  return { mode: "plan", plan, manifest, documents, matrix: matrixFromPlan(plan, branchOf), prompts };
}

/** The run a plan is made for: the workflow run's id (the same for re-runs of its jobs) and the checked-out commit. */
async function runOf(cwd: string, env: NodeJS.ProcessEnv): Promise<{ id: string; base: string }> {
  const base = (await git(["rev-parse", "HEAD^{commit}"], cwd)).trim();
  const runId =
    env.GITHUB_RUN_ID && /^\d+$/.test(env.GITHUB_RUN_ID)
      ? `gh-${env.GITHUB_RUN_ID}`
      : `local-${base.slice(0, 12)}`;
  return { id: runId, base };
}
