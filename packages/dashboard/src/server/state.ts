import type { MonitorReport, Orchestrator, WorkerSnapshot, WorkerStatusEntry } from "@wo/core";
import type { DashboardState, WorkerInfo } from "../shared/messages.js";
import { planGraph } from "./graph.js";

/**
 * Reads the state, calling `emit` with each version as it becomes known (the hub sends what changed); without
 * `full`, only the status rows are read again.
 */
export type StateRead = (emit: (state: DashboardState) => void, options: { full: boolean }) => Promise<void>;

/**
 * Reads everything the live views show, from `@wo/core`'s public API only: the status rows (one tmux call and the
 * status files: a worker that finished shows at once) and, at the same time, the workers' `.worktree.json` and the
 * monitor report from the branches' commits, which cost more. The pairwise merge forecast (one
 * `git merge-tree` per pair) is recomputed beside the reads, only when a worker branch moved.
 */
export function stateReader(wo: Orchestrator): StateRead {
  let workers: WorkerStatusEntry[] = [];
  let snapshot: WorkerSnapshot[] = [];
  let report: MonitorReport | null = null;
  let forecast: MonitorReport["forecast"] | undefined;
  let forecastKey: string | null = null;
  let forecasting = false;
  // The newest of each part, composed: a late forecast never brings back older status rows.
  const current = () => compose(wo, workers, snapshot, report && forecast ? { ...report, forecast } : report);
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
  return async (emit, { full }) => {
    // The status rows are sent as soon as they are read, with the plan keys and commits of the last read; the
    // commit scan runs at the same time, when asked for.
    const rows = wo.status().then((next) => {
      workers = next;
      emit(current());
    });
    if (!full && report !== null) return rows;
    const [, nextReport, nextSnapshot] = await Promise.all([rows, wo.monitor(), wo.snapshot()]);
    report = nextReport;
    snapshot = nextSnapshot;
    emit(current());
    void refreshForecast(emit);
  };
}

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
