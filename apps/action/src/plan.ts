import { realpath } from "node:fs/promises";
import path from "node:path";
import { create as createGlobber } from "@actions/glob";
import { Orchestrator, type Plan, planFromFiles } from "@wo/core";
import { kickoffPrompt, promptWorkerOf, workerPrompt } from "@wo/core/internal";
import { ActionError } from "./errors.js";
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
  /** The complete agent prompt: the kickoff prompt followed by the result protocol. */
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
  /** The documents planned from, relative to the repository checkout, in input order. */
  documents: string[];
}

/**
 * The matrix of a plan: one entry per worker, with the same prompt `wo setup` writes for it (kickoff prompt +
 * result protocol) — except that the worktree is the job's own checkout (`.`), because a matrix job works on a
 * fresh clone rather than in `worktrees/<name>`. Pure.
 */
export function matrixFromPlan(plan: Plan, branchOf: (feature: string) => string): Matrix {
  return {
    include: plan.workers.map((worker) => {
      const branch = branchOf(worker.name);
      const prompt = workerPrompt(kickoffPrompt(promptWorkerOf(plan, worker), { worktree: ".", branch }), {
        commitProtocol: false,
      });
      return { id: worker.id, name: worker.name, branch, scope: worker.scope, prompt };
    }),
  };
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
  const { plan, manifest } = await planFromFiles(documents, {
    cwd: wo.repo.root,
    ...(inputs.workers === undefined ? {} : { workers: inputs.workers }),
  });
  return { mode: "plan", plan, manifest, documents, matrix: matrixFromPlan(plan, (f) => wo.branchName(f)) };
}
