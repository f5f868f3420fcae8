import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { WorkerBranchHistory } from "@wo/commits";
import {
  type CleanupItem,
  cleanupWorkers,
  type Forecast,
  findOrphans,
  forecastConflicts,
  type IntegrationResult,
  integrateBranches,
  type Orphan,
  renderIntegrationReport,
  type WorkerBranch,
} from "@wo/integrate";
import { featureNameProblem, readWorkerResult } from "@wo/worktree";
import { WoError } from "./errors.js";
import { readHistory } from "./history.js";
import type { Orchestrator, WorkerSnapshot } from "./orchestrator.js";

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

/** Options of {@link Orchestrator.integrate}. */
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
}

/** `wo integrate`: the integration result, the leftovers of the selection, and the markdown report. */
export interface IntegrationReport extends IntegrationResult {
  selection: IntegrationSelection;
  /** The integration report (markdown, usable as a PR body). */
  report: string;
  /** Where the report was written. */
  reportFile: string;
}

/** Options of {@link Orchestrator.cleanup}. */
export interface CleanupOptions {
  /** A worker branch counts as merged when this branch contains it (default: the base branch). */
  integration?: string;
  /** Kill running workers, remove dirty worktrees, delete unmerged branches. */
  force?: boolean;
  /** Also delete the worker branches on `remote`. */
  deleteRemote?: boolean;
  remote?: string;
  /** Only these workers (default: all). */
  only?: string[];
}

/** What `wo cleanup` did and found. */
export interface CleanupResult {
  /** tmux sessions killed. */
  sessions: string[];
  /** Workers left alone because they are running (without `force`). */
  running: string[];
  items: CleanupItem[];
  orphans: Orphan[];
}

function planOrder(worker: Pick<WorkerSnapshot, "feature" | "meta">): number {
  const id = typeof worker.meta?.workerId === "string" ? worker.meta.workerId : worker.feature;
  const match = /^task-(\d+)/.exec(id);
  return match ? Number(match[1]) : Number.MAX_SAFE_INTEGER;
}

function description(worker: Pick<WorkerSnapshot, "meta">): string {
  const tasks = Array.isArray(worker.meta?.tasks) ? (worker.meta.tasks as unknown[]).map(String) : [];
  if (tasks.length > 0)
    return tasks.length === 1 ? (tasks[0] as string) : `${tasks[0]} (+${tasks.length - 1} more)`;
  return typeof worker.meta?.worker?.task === "string" ? (worker.meta.worker.task.split("\n")[0] ?? "") : "";
}

/** Merge order: plan order (task-1, task-2, …), then names; a worker after the workers it depends on. */
function ordered<T extends Pick<WorkerSnapshot, "feature" | "meta">>(workers: T[]): T[] {
  const sorted = [...workers].sort(
    (a, b) => planOrder(a) - planOrder(b) || a.feature.localeCompare(b.feature),
  );
  const byId = new Map(
    sorted.map((w) => [typeof w.meta?.workerId === "string" ? w.meta.workerId : w.feature, w]),
  );
  const out: T[] = [];
  const placed = new Set<T>();
  const visit = (w: T, trail: Set<T>) => {
    if (placed.has(w) || trail.has(w)) return;
    trail.add(w);
    const deps = Array.isArray(w.meta?.dependsOn) ? (w.meta.dependsOn as unknown[]).map(String) : [];
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

async function histories(wo: Orchestrator, base: string): Promise<Map<string, WorkerBranchHistory>> {
  const history = await readHistory(wo.repo, wo.config.branchPrefix, base);
  return new Map(history.branches.map((b) => [b.branch, b]));
}

/** A worker as integration sees it: a worktree here, or only a branch (pushed from a CI runner). */
type Candidate = Pick<WorkerSnapshot, "feature" | "branch" | "meta" | "fileStatus"> & { path: string | null };

/**
 * Chooses the workers to integrate: finished ones (or all with `includeIncomplete`), in plan order. Workers with a
 * worktree here and worker branches without one (pushed from CI runners) both count.
 */
export async function selectForIntegration(
  wo: Orchestrator,
  options: SelectionOptions = {},
): Promise<IntegrationSelection> {
  const base = await wo.baseBranch(options.base);
  const [snapshot, byBranch] = await Promise.all([wo.snapshot(), histories(wo, base)]);
  const candidates: Candidate[] = snapshot.map((w) => ({ ...w, path: w.path }));
  const withWorktree = new Set(snapshot.map((w) => w.branch));
  const left: IntegrationSelection["left"] = [];
  for (const h of byBranch.values()) {
    if (withWorktree.has(h.branch)) continue;
    // One badly named branch under the worker prefix must not stop everybody else's integration.
    const problem = featureNameProblem(h.worker);
    if (problem)
      left.push({ feature: h.worker, reason: `branch ${h.branch} is not a valid worker name: ${problem}` });
    else candidates.push({ feature: h.worker, branch: h.branch, meta: null, fileStatus: null, path: null });
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
      scope: Array.isArray(w.meta?.scope) ? w.meta.scope : [],
    })),
    left,
  };
}

/** `wo integrate <name> --dry-run`: simulate every merge with merge-tree; nothing in the repository changes. */
export async function forecastIntegration(
  wo: Orchestrator,
  name: string,
  options: SelectionOptions = {},
): Promise<IntegrationForecast> {
  const selection = await selectForIntegration(wo, options);
  if (selection.workers.length === 0) {
    throw new WoError("E_NOT_FINISHED", "No finished workers to integrate", {
      hint: "Workers finish with a [COMPLETE] commit or wo report done; --include-incomplete merges unfinished ones",
    });
  }
  const forecast = await forecastConflicts(wo.repo.root, {
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
  wo: Orchestrator,
  name: string,
  options: IntegrationOptions = {},
): Promise<IntegrationReport> {
  const selection = await selectForIntegration(wo, options);
  if (selection.workers.length === 0 && !options.abort) {
    throw new WoError("E_NOT_FINISHED", "No finished workers to integrate", {
      hint: "Workers finish with a [COMPLETE] commit or wo report done; --include-incomplete merges unfinished ones",
    });
  }
  const result = await integrateBranches(wo.repo.root, {
    name,
    base: selection.base,
    workers: selection.workers,
    ...(options.stopOnConflict ? { stopOnConflict: true } : {}),
    ...(options.abort ? { abort: true } : {}),
    ...(options.test ? { test: { command: options.test, shell: true as const } } : {}),
    ...(options.testTimeoutMs !== undefined ? { testTimeoutMs: options.testTimeoutMs } : {}),
    ...(options.into ? { into: options.into } : {}),
    ...(options.strictScope ? { strictScope: true } : {}),
    rerunCommand: `wo integrate ${name}`,
  });
  const [snapshot, byBranch] = await Promise.all([wo.snapshot(), histories(wo, selection.base)]);
  const workers = await Promise.all(
    selection.workers.map(async (w) => {
      const snap = snapshot.find((s) => s.feature === w.feature);
      // A worker without a worktree here (a CI runner's branch) has no result file to read.
      return {
        feature: w.feature,
        branch: w.branch,
        description: w.description ?? "",
        result: snap ? await readWorkerResult(snap.path) : null,
        commits: (byBranch.get(w.branch)?.commits ?? []).map((c) => c.subject),
      };
    }),
  );
  const report = renderIntegrationReport({ result, workers });
  const reportFile = path.join(wo.stateDir, "reports", `${name}.md`);
  await mkdir(path.dirname(reportFile), { recursive: true });
  await writeFile(reportFile, report);
  // Workers left out by the selection are skipped too, as far as the contract's `skipped` is concerned.
  const skipped = [...new Set([...result.skipped, ...selection.left.map((l) => l.feature)])];
  return { ...result, skipped, selection, report, reportFile };
}

/**
 * `wo cleanup`: kills finished workers' sessions, removes their worktrees and deletes merged branches (`-d`); keeps
 * running workers, dirty worktrees and unmerged branches (with the reason) unless `force`; reports orphans.
 */
export async function cleanupAll(wo: Orchestrator, options: CleanupOptions = {}): Promise<CleanupResult> {
  const snapshot = (await wo.snapshot()).filter((w) => !options.only || options.only.includes(w.feature));
  const running = snapshot.filter((w) => w.status === "running" && !options.force).map((w) => w.feature);
  const targets = snapshot.filter((w) => !running.includes(w.feature));
  const sessions: string[] = [];
  for (const w of targets) {
    if (w.pane && (await wo.tmux.killSession(w.session))) sessions.push(w.session);
  }
  const integration = options.integration ? `integration/${options.integration}` : await wo.baseBranch();
  const report = await cleanupWorkers(wo.repo.root, {
    worktreeRoot: wo.config.worktreeRoot,
    workers: targets.map((w) => ({
      feature: w.feature,
      branch: w.branch ?? wo.branchName(w.feature),
      worktree: w.path,
    })),
    integrationBranch: integration,
    force: options.force ?? false,
    ...(options.deleteRemote ? { deleteRemote: true, remote: options.remote ?? "origin" } : {}),
  });
  const orphans = await findOrphans(wo.repo.root, {
    worktreeRoot: wo.config.worktreeRoot,
    known: snapshot.map((w) => w.path),
    prune: true,
  });
  return { sessions, running, items: report.items, orphans };
}
