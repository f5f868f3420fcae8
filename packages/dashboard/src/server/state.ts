import type {
  MonitorReport,
  MonitorWorker,
  Orchestrator,
  WorkerLog,
  WorkerSnapshot,
  WorkerStatusEntry,
} from "@wo/core";
import type { DashboardState, WorkerInfo } from "../shared/messages.js";
import { planGraph } from "./graph.js";

/**
 * What a read renews: `status` the status rows (one tmux call and the status files); `commits` the monitor report
 * from the branches' commits; `workers` the workers' `.worktree.json` files and the monitor report.
 */
export type StatePart = "status" | "commits" | "workers";

/**
 * Reads one part of the state again and calls `emit` with the whole state as each version becomes known. `moved`
 * with the `branches` whose refs moved: only those branches' newest commits, a quick first version of what the
 * next commit scan reports.
 */
export type StateRead = (
  part: StatePart | "moved",
  emit: (state: DashboardState) => void,
  branches?: readonly string[],
) => Promise<void>;

/**
 * Reads everything the live views show, from `@wo/core`'s public API only, part by part (see {@link StatePart}):
 * each part keeps its newest read, and every emitted state composes the newest of all parts, so a status read
 * never waits for the commit scan and a late scan never brings back older status rows. The pairwise merge forecast
 * (one `git merge-tree` per pair, and a whole monitor run) is recomputed beside the reads when a worker branch
 * moved, once the scans have been quiet for {@link FORECAST_QUIET_MS}: while commits keep coming it would only
 * slow down the scans that bring them to the page.
 */
export function stateReader(wo: Orchestrator): StateRead {
  let workers: WorkerStatusEntry[] = [];
  let snapshot: WorkerSnapshot[] = [];
  let report: MonitorReport | null = null;
  let forecast: MonitorReport["forecast"] | undefined;
  let forecastKey: string | null = null;
  let forecasting = false;
  // Rows read from moved branches' own commits, each kept until a scan that started after it has landed.
  const previews = new Map<string, { after: number; row: MonitorWorker }>();
  let scansStarted = 0;
  let landed = 0;
  const current = () => {
    const rows = report && previews.size > 0 ? patchRows(report, previews) : report;
    return compose(wo, workers, snapshot, rows && forecast ? { ...rows, forecast } : rows);
  };
  // The forecast runs beside the reads (it is one merge-tree per pair) and is sent when it is ready; branches that
  // moved meanwhile get one more run.
  const refreshForecast = async (emit: (state: DashboardState) => void) => {
    if (forecasting) return;
    forecasting = true;
    try {
      while (report !== null && forecastKey !== branchesKey(report)) {
        const key = branchesKey(report);
        forecast = report.workers.some((w) => w.commits > 0)
          ? (await wo.monitor({ forecast: true })).forecast
          : undefined;
        forecastKey = key;
        emit(current());
      }
    } catch (error) {
      emit({ ...current(), error: `conflict forecast: ${(error as Error).message}` });
    } finally {
      forecasting = false;
    }
  };
  let scanning = 0;
  let quiet: NodeJS.Timeout | undefined;
  // A scan that runs when the timer fires schedules it again when it ends.
  const scheduleForecast = (emit: (state: DashboardState) => void) => {
    clearTimeout(quiet);
    quiet = setTimeout(() => {
      if (scanning === 0) void refreshForecast(emit);
    }, FORECAST_QUIET_MS);
    quiet.unref();
  };
  // A moved branch's own commits (`wo log`, a few git calls) give its row at once; the scan that follows is exact.
  const preview = async (branches: readonly string[], emit: (state: DashboardState) => void) => {
    const after = scansStarted;
    if (report === null) return;
    const base = report.base;
    const moved = report.workers.filter((row) => branches.includes(row.branch));
    const rows = await Promise.all(
      moved.map((row) =>
        wo.log(row.worker, { base }).then(
          (log) => previewRow(row, log.commits),
          () => null,
        ),
      ),
    );
    // A scan that started after these branches moved has landed meanwhile: it is newer than the preview.
    if (landed > after) return;
    for (const row of rows) if (row) previews.set(row.worker, { after, row });
    if (rows.some((row) => row !== null)) emit(current());
  };
  return async (part, emit, branches = []) => {
    if (part === "moved") return preview(branches, emit);
    if (part === "status") {
      workers = await wo.status();
      emit(current());
      return;
    }
    const started = ++scansStarted;
    scanning += 1;
    try {
      if (part === "workers") [report, snapshot] = await Promise.all([wo.monitor(), wo.snapshot()]);
      else report = await wo.monitor();
    } finally {
      scanning -= 1;
    }
    landed = Math.max(landed, started);
    for (const [worker, kept] of previews) if (started > kept.after) previews.delete(worker);
    emit(current());
    scheduleForecast(emit);
  };
}

/** How long the commit scans must have been quiet before the conflict forecast runs. */
export const FORECAST_QUIET_MS = 1000;

// The report with the previewed rows in place of the scanned ones.
function patchRows(
  report: MonitorReport,
  previews: ReadonlyMap<string, { row: MonitorWorker }>,
): MonitorReport {
  return { ...report, workers: report.workers.map((row) => previews.get(row.worker)?.row ?? row) };
}

/**
 * A worker's monitor row from its own commits (newest first, as `wo log` lists them): how many, the newest one's
 * time, and the status of the newest commit that declares one — what the scan reports for a branch of its own
 * commits. Pure.
 */
export function previewRow(
  row: MonitorWorker,
  commits: ReadonlyArray<{ date: string; status: CommitStatus | null }>,
): MonitorWorker {
  const status = commits.find((commit) => commit.status !== null)?.status ?? null;
  const newest = Math.max(...commits.map((commit) => Date.parse(commit.date)));
  return {
    ...row,
    commits: commits.length,
    lastCommitAt: commits.length > 0 ? new Date(newest).toISOString() : null,
    status: status ? status.kind : "none",
    reason: status?.kind === "blocked" ? status.reason : status?.kind === "needs" ? status.item : null,
    needs: status?.kind === "needs" ? { worker: status.worker, item: status.item } : null,
  };
}

type CommitStatus = NonNullable<WorkerLog["commits"][number]["status"]>;

// Which branches the forecast saw: it is stale once a branch gained or lost commits.
function branchesKey(report: MonitorReport): string {
  return JSON.stringify(report.workers.map((w) => [w.worker, w.branch, w.commits, w.lastCommitAt]));
}

/** What counts as a change worth sending: everything but the read time and the durations (the page counts those). */
export function stateKey(state: DashboardState): string {
  const { generatedAt: _at, workers, monitor, ...rest } = state;
  return JSON.stringify({
    ...rest,
    workers: workers.map(({ durationMs: _duration, ...w }) => w),
    monitor: monitor ? { ...monitor, generatedAt: null } : null,
  });
}

// The state from its parts; the graph takes each worker's effective status from the status rows.
function compose(
  wo: Orchestrator,
  workers: WorkerStatusEntry[],
  snapshot: WorkerSnapshot[],
  monitor: MonitorReport | null,
): DashboardState {
  const status = new Map(workers.map((w) => [w.feature, w.status as string]));
  const graph = planGraph(
    snapshot.map((s) => ({
      feature: s.feature,
      status: status.get(s.feature) ?? s.status,
      meta: (s.meta as Record<string, unknown> | null) ?? null,
    })),
    monitor,
  );
  return {
    repository: wo.repo.root,
    generatedAt: new Date().toISOString(),
    workers,
    monitor,
    graph,
    workerInfo: Object.fromEntries(snapshot.map((s) => [s.feature, workerInfo(s.meta)])),
    error: null,
  };
}

// `.worktree.json` is the worker's file as much as wo's: ill-typed values read as absent.
function workerInfo(meta: unknown): WorkerInfo {
  const m = (typeof meta === "object" && meta !== null ? meta : {}) as Record<string, unknown>;
  return {
    workerId: typeof m.workerId === "string" ? m.workerId : null,
    scope: Array.isArray(m.scope) ? m.scope.filter((s): s is string => typeof s === "string") : [],
    port: typeof m.port === "number" ? m.port : null,
  };
}
