import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Orchestrator, Plan, PlanningResult } from "@wo/core";
import type { Context } from "./context.js";
import { UsageError } from "./fail.js";

/** Plans documents as `wo plan` does (manifest, mermaid and plan); `--workers` is checked here. */
export async function planning(
  ctx: Context,
  docs: string[],
  workers: string | undefined,
  parallel = false,
): Promise<PlanningResult> {
  const { planFromFiles } = await import("@wo/core");
  const n = workerCount(workers);
  return planFromFiles(docs, {
    cwd: ctx.cwd,
    ...(n === undefined ? {} : { workers: n }),
    ...(parallel ? { parallel } : {}),
  });
}

/** Plans documents for `wo setup <docs…>`. */
export async function planDocuments(
  ctx: Context,
  docs: string[],
  workers: string | undefined,
): Promise<Plan> {
  return (await planning(ctx, docs, workers)).plan;
}

/** Where `wo plan` keeps the accepted plan that a bare `wo setup` reads. */
export function acceptedPlanPath(wo: Orchestrator): string {
  return path.join(wo.stateDir, "plan.json");
}

/** Writes a plan as pretty JSON, creating its directory. */
export async function writePlanJson(file: string, plan: Plan): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(plan, null, 2)}\n`);
}

// `--workers <n>` is a whole number the planner can aim for.
function workerCount(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new UsageError(
      `--workers takes a whole number from 1 to 64, got ${JSON.stringify(value)}`,
      "e.g. --workers 3, or leave it out for 2-4 workers",
    );
  }
  return n;
}
