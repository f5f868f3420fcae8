import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  type Forecast,
  forecastConflicts,
  type IntegrationResult,
  integrateBranches,
  renderIntegrationReport,
  type WorkerBranch,
} from "@wo/integrate";
import { featureNameProblem } from "@wo/worktree";
import { baseBranch } from "./base-branch.js";
import { WoError } from "./errors.js";
import { shellWord } from "./scripts.js";
import type { WorkerSnapshot } from "./snapshot.js";
import { decodeWorkerMeta } from "./worker-meta.js";
import { type PlanWorkers, readWorkerSet } from "./worker-set.js";
import { readResult } from "./worker-status.js";
import type { Workspace } from "./workspace.js";

/** Which workers to integrate. */
export interface SelectionOptions {
  /** The branch workers started from and the integration branch starts from. Default: the base branch. */
  base?: string;
  /** Only these workers, merged in this order. */
  only?: string[];
  /** Leave these workers out. */
  skip?: string[];
  /** Also merge workers that have not finished (no `[COMPLETE]` commit, status not `done`). */
  includeIncomplete?: boolean;
  /**
   * The plan of the run (e.g. a CI run's): worker branches of other workers without a worktree here are not
   * candidates; the plan's order, dependencies and scopes apply to branch-only workers.
   */
  plan?: PlanWorkers;
}

/** The workers chosen for integration, in merge order, and those left out with the reason. */
export interface IntegrationSelection {
  base: string;
  workers: WorkerBranch[];
  left: Array<{ feature: string; reason: string }>;
}

/** `wo integrate --dry-run`: the forecast in the shape of an integration result, plus the forecast itself. */
export interface IntegrationForecast {
  branch: string;
  /** Workers that would merge cleanly, in merge order. */
  merged: string[];
  conflicts: Array<{ feature: string; files: string[] }>;
  skipped: string[];
  selection: IntegrationSelection;
  forecast: Forecast;
}

/** Options of `Orchestrator.integrate`. */
export interface IntegrationOptions extends SelectionOptions {
  /** Leave a conflicting merge open in the integration worktree for manual resolution. */
  stopOnConflict?: boolean;
  /** Roll back an interrupted or open integration instead of continuing it. */
  abort?: boolean;
  /** Your test command, run by `sh -c` in the integrated result. */
  test?: string;
  /** Stop the test after this many milliseconds (its whole process group); a timed-out test fails. */
  testTimeoutMs?: number;
  /** After every check passed, merge the integration branch into this branch (e.g. `main`). */
  into?: string;
  /** Refuse to merge when a worker changed files outside its scope. */
  strictScope?: boolean;
  /**
   * The command that runs this integration again with the caller's choices (`--skip`, `--into`, …), used in
   * `nextCommands`. Default `wo integrate <name>`.
   */
  rerunCommand?: string;
}

/** `wo integrate`: the integration result, the leftovers of the selection, and the markdown report. */
export interface IntegrationReport extends IntegrationResult {
  selection: IntegrationSelection;
  /** The integration report (markdown, usable as a PR body). */
  report: string;
  /** Where the report was written. */
  reportFile: string;
}

/** A worker's place in the plan (`task-3` → 3); workers outside a plan come last. */
function planOrder(worker: Pick<WorkerSnapshot, "feature" | "meta">): number {
  const id = decodeWorkerMeta(worker.meta).workerId ?? worker.feature;
  const match = /^task-(\d+)/.exec(id);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

/** The line that describes a worker in the integration: its first task (and how many more), else its spawn task's first line. */
function description(worker: Pick<WorkerSnapshot, "meta">): string {
  const meta = decodeWorkerMeta(worker.meta);
  const tasks = meta.tasks;
  if (tasks.length > 0)
    return tasks.length === 1 ? (tasks[0] as string) : `${tasks[0]} (+${tasks.length - 1} more)`;
  return meta.spawn.task !== null ? (meta.spawn.task.split("\n")[0] ?? "") : "";
}

/** Merge order: plan order (task-1, task-2, …), then names; a worker after the workers it depends on. */
function ordered<T extends Pick<WorkerSnapshot, "feature" | "meta">>(workers: T[]): T[] {
  const sorted = [...workers].sort(
    (a, b) => planOrder(a) - planOrder(b) || a.feature.localeCompare(b.feature),
  );
  const byId = new Map(sorted.map((w) => [decodeWorkerMeta(w.meta).workerId ?? w.feature, w]));
  const out: T[] = [];
  const placed = new Set<T>();
  const visit = (w: T, trail: Set<T>) => {
    if (placed.has(w) || trail.has(w)) return;
    trail.add(w);
    const deps = decodeWorkerMeta(w.meta).dependsOn;
    for (const dep of deps) {
      const d = byId.get(dep);
      if (d) visit(d, trail);
    }
    placed.add(w);
    out.push(w);
  };
  for (const w of sorted) visit(w, new Set());
  return out;
}

/** A worker as integration sees it: a worktree here, or only a branch (pushed from a CI runner). */
type Candidate = Pick<WorkerSnapshot, "feature" | "branch" | "meta" | "fileStatus"> & { path: string | null };

/**
 * Chooses the workers to integrate: finished ones (or all with `includeIncomplete`), in plan order. Workers with a
 * worktree here and worker branches without one (pushed from CI runners) both count.
 */
export async function selectForIntegration(
  ws: Workspace,
  options: SelectionOptions = {},
): Promise<IntegrationSelection> {
  const base = await baseBranch(ws, options.base);
  const set = await readWorkerSet(ws, base, options.plan ? { plan: options.plan } : {});
  const byBranch = new Map(set.history.branches.map((b) => [b.branch, b]));
  const candidates: Candidate[] = set.worktrees.map((w) => ({ ...w, path: w.path }));
  const planned = new Map((options.plan?.workers ?? []).map((w) => [w.name, w]));
  const left: IntegrationSelection["left"] = [];
  for (const h of set.branches) {
    // One badly named branch under the worker prefix must not stop everybody else's integration.
    const problem = featureNameProblem(h.worker);
    if (problem)
      left.push({ feature: h.worker, reason: `branch ${h.branch} is not a valid worker name: ${problem}` });
    else
      candidates.push({
        feature: h.worker,
        branch: h.branch,
        meta: planMeta(planned.get(h.worker)),
        fileStatus: null,
        path: null,
      });
  }
  const known = new Set(candidates.map((w) => w.feature));
  for (const name of [...(options.only ?? []), ...(options.skip ?? [])]) {
    if (!known.has(name)) {
      throw new WoError("E_NO_WORKER", `No worker named ${name}`, {
        hint: "See the workers with wo status or wo monitor",
      });
    }
  }
  const chosen: Candidate[] = [];
  const ordered_ = options.only
    ? options.only.map((name) => candidates.find((w) => w.feature === name) as Candidate)
    : ordered(candidates);
  for (const w of ordered_) {
    const h = w.branch ? byBranch.get(w.branch) : undefined;
    if (options.skip?.includes(w.feature)) left.push({ feature: w.feature, reason: "skipped (--skip)" });
    else if (!w.branch)
      left.push({ feature: w.feature, reason: "its worktree has no branch (detached HEAD)" });
    else if (!h || h.commitCount === 0) left.push({ feature: w.feature, reason: "no commits to merge" });
    else if (w.fileStatus === "failed" && !options.includeIncomplete)
      left.push({ feature: w.feature, reason: "it failed (.worker-status)" });
    else if (!options.includeIncomplete && h.status?.kind !== "complete" && w.fileStatus !== "done") {
      left.push({
        feature: w.feature,
        reason: "not finished (no [COMPLETE] commit, status not done); --include-incomplete merges it",
      });
    } else chosen.push(w);
  }
  return {
    base,
    workers: chosen.map((w) => ({
      feature: w.feature,
      branch: w.branch as string,
      description: description(w),
      scope: decodeWorkerMeta(w.meta).scope,
    })),
    left,
  };
}

/** `wo integrate <name> --dry-run`: simulate every merge with merge-tree; nothing in the repository changes. */
export async function forecastIntegration(
  ws: Workspace,
  name: string,
  options: SelectionOptions = {},
): Promise<IntegrationForecast> {
  const selection = await selectForIntegration(ws, options);
  if (selection.workers.length === 0) {
    throw new WoError("E_NOT_FINISHED", "No finished workers to integrate", {
      hint: "Workers finish with a [COMPLETE] commit or wo report done; --include-incomplete merges unfinished ones",
    });
  }
  const forecast = await forecastConflicts(ws.repo.root, {
    base: selection.base,
    workers: selection.workers,
  });
  return {
    branch: `integration/${name}`,
    merged: forecast.ordered.filter((s) => s.outcome !== "conflict").map((s) => s.feature),
    conflicts: forecast.ordered
      .filter((s) => s.outcome === "conflict")
      .map((s) => ({ feature: s.feature, files: s.files })),
    skipped: selection.left.map((l) => l.feature),
    selection,
    forecast,
  };
}

/** `wo integrate <name>`: merges the finished workers into `integration/<name>` and writes the report. */
export async function integrateWorkers(
  ws: Workspace,
  name: string,
  options: IntegrationOptions = {},
): Promise<IntegrationReport> {
  const selection = await selectForIntegration(ws, options);
  if (selection.workers.length === 0 && !options.abort) {
    throw new WoError("E_NOT_FINISHED", "No finished workers to integrate", {
      hint: "Workers finish with a [COMPLETE] commit or wo report done; --include-incomplete merges unfinished ones",
    });
  }
  const rerun = options.rerunCommand ?? `wo integrate ${shellWord(name)}`;
  const result = await integrateBranches(ws.repo.root, {
    name,
    base: selection.base,
    workers: selection.workers,
    ...(options.stopOnConflict ? { stopOnConflict: true } : {}),
    ...(options.abort ? { abort: true } : {}),
    ...(options.test ? { test: { command: options.test, shell: true as const } } : {}),
    ...(options.testTimeoutMs !== undefined ? { testTimeoutMs: options.testTimeoutMs } : {}),
    ...(options.into ? { into: options.into } : {}),
    ...(options.strictScope ? { strictScope: true } : {}),
    rerunCommand: rerun,
  });
  const set = await readWorkerSet(ws, selection.base);
  const byBranch = new Map(set.history.branches.map((b) => [b.branch, b]));
  const workers = await Promise.all(
    selection.workers.map(async (w) => {
      const snap = set.worktrees.find((s) => s.feature === w.feature);
      // A worker without a worktree here (a CI runner's branch) has no result file to read.
      return {
        feature: w.feature,
        branch: w.branch,
        description: w.description ?? "",
        result: snap ? resultOrProblem(await readResult(snap.path)) : null,
        commits: (byBranch.get(w.branch)?.commits ?? []).map((c) => c.subject),
      };
    }),
  );
  if (result.test) {
    const { recordCheckOutcome } = await import("./checks.js");
    await recordCheckOutcome(ws, result.branch, result.test, [...result.merged, ...result.alreadyMerged]);
  }
  const report = renderIntegrationReport({ result, workers });
  const reportFile = ws.paths.report(name);
  await mkdir(path.dirname(reportFile), { recursive: true });
  await writeFile(reportFile, report);
  // Workers left out by the selection are skipped too, as far as the contract's `skipped` is concerned.
  const skipped = [...new Set([...result.skipped, ...selection.left.map((l) => l.feature)])];
  const nextCommands =
    result.nextCommands.length > 0 ? result.nextCommands : nextStepCommands(result, name, rerun);
  return { ...result, nextCommands, skipped, selection, report, reportFile };
}

/**
 * What to run after an integration that left nothing open: merge the result into the base branch (the same run
 * with `--into`), or, once it is merged there, clean up the workers. Nothing after a conflict, a failed test or a
 * refused `--into`: their messages say what to fix.
 */
function nextStepCommands(result: IntegrationResult, name: string, rerun: string): string[] {
  const testFailed = result.test !== null && !result.test.passed;
  if (
    result.open ||
    result.conflicts.length > 0 ||
    testFailed ||
    result.merged.length + result.alreadyMerged.length === 0
  )
    return [];
  if (result.into === null) return [`${rerun} --into ${shellWord(result.base.ref)}`];
  if (result.into.status === "merged" || result.into.status === "up-to-date")
    return [`wo cleanup --integration ${shellWord(name)}`];
  return [];
}

/** The result shown in the integration report: its text, or why it could not be read (the merges happened anyway). */
function resultOrProblem({ text, problem }: { text: string; problem: string | null }): string | null {
  return problem ? `(not shown: ${problem})` : text === "" ? null : text;
}

/** A branch-only worker's metadata from its plan entry (id for the merge order, scope), or none. */
function planMeta(worker: PlanWorkers["workers"][number] | undefined): WorkerSnapshot["meta"] {
  if (!worker) return null;
  return {
    feature: worker.name,
    ...(worker.id ? { workerId: worker.id } : {}),
    ...(worker.dependsOn ? { dependsOn: [...worker.dependsOn] } : {}),
    scope: [...(worker.scope ?? [])],
  };
}
