import { readFile } from "node:fs/promises";
import { FEATURE_NAME_PATTERN } from "@wo/worktree/names";
import { WoError } from "./errors.js";
import { scopePathProblem } from "./scope-path.js";

/** A work item of a plan (docs/design.md, "Plan and work items"). */
export interface PlanItem {
  id: string;
  action: string;
  description: string;
  scope: string[];
  priority: string | null;
  complexity: string;
  dependencies: string[];
  group: string | null;
  done: boolean;
  source: { file: string; line: number };
}

/** A worker of a plan. */
export interface PlanWorker {
  /** `task-1` */
  id: string;
  /** Feature name: `task-1-auth`. */
  name: string;
  items: string[];
  scope: string[];
  complexity: string;
  /** Worker ids this worker depends on. */
  dependsOn: string[];
}

/** The plan JSON (docs/design.md, "JSON shapes"): what `wo plan --json` prints and `wo setup` reads. */
export interface Plan {
  /**
   * The run the plan was made for (set by the GitHub Action): its id and the commit its workers start from. Monitor
   * and integrate given this plan leave out worker branches of other plans and of earlier runs.
   */
  run?: { id: string; base: string };
  sources: string[];
  items: PlanItem[];
  clarify: Array<{ id: string; text: string; issue: string }>;
  assumptions: string[];
  /** Present when a document yielded no work item: what it holds and a layout that is read. */
  warnings?: string[];
  assessment: { mode: "parallel" | "sequential"; reason: string; workers: number };
  workers: PlanWorker[];
}

/**
 * Refuses a plan whose workers would point outside the repository (scope `../../etc/passwd`, an absolute path) or
 * whose names are not feature names — before anything is created. `E_INPUT` names the worker and the value.
 */
export function checkPlanPaths(plan: Plan): void {
  for (const worker of plan.workers) {
    if (!FEATURE_NAME_PATTERN.test(worker.name)) {
      throw new WoError(
        "E_INPUT",
        `Plan worker ${worker.id} has an invalid name ${JSON.stringify(worker.name)}: worker names are feature names`,
        {
          hint: "Use lowercase letters, digits and dashes (e.g. task-1-auth)",
        },
      );
    }
    for (const scope of worker.scope) {
      const problem = scopePathProblem(scope);
      if (problem) {
        throw new WoError(
          "E_INPUT",
          `Plan worker ${worker.name} has the scope ${JSON.stringify(scope)}, which ${problem.replace(/^it /, "")}: scopes must stay inside the repository`,
          {
            hint: "Use repository-relative paths such as src/auth/",
          },
        );
      }
    }
  }
}

/** Reads and validates a plan file; `E_INPUT` naming the file when it is unreadable or not a plan. */
export async function readPlanFile(file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new WoError("E_INPUT", `Cannot read the plan ${file}: ${(error as Error).message}`, {
      hint: "Create a plan with: wo plan <documents…> -o plan.json",
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new WoError("E_INPUT", `${file} is not a wo plan: it is not JSON (${(error as Error).message})`, {
      hint: "Create a plan with: wo plan <documents…> -o plan.json",
      cause: error,
    });
  }
  const { parsePlanSync } = await import("./plan-schema.js");
  return parsePlanSync(value, file) as Plan;
}
