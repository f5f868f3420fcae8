import type { MonitorReport, Orchestrator, WorkerSnapshot, WorkerStatusEntry } from "@wo/core";
import type { DashboardState, WorkerInfo } from "../shared/messages.js";
import { planGraph } from "./graph.js";

/**
 * Reads the state, calling `emit` with each version as it becomes known (the hub sends what changed); without
 * `full`, only the status rows are read again.
 */
export type StateRead = (emit: (state: DashboardState) => void, options: { full: boolean }) => Promise<void>;

/**
 * Reads everything the live views show, from `@wo/core`'s public API only, in two steps: the status rows first
 * (one tmux call and the status files: a worker that finished shows at once), then the workers' `.worktree.json`
 * and the monitor report from the branches' commits, which cost more. The pairwise merge forecast (one `git merge-tree` per pair) is recomputed
 * only when a worker branch moved; otherwise the previous one is reused.
 */
export function stateReader(wo: Orchestrator): StateRead {
  let forecastKey: string | null = null;
  let forecast: MonitorReport["forecast"] | undefined;
  let monitor: MonitorReport | null = null;
  let snapshot: WorkerSnapshot[] = [];
  return async (emit, { full }) => {
    // The status rows alone first, with the plan keys of the last read (they change only on setup).
    const workers = await wo.status();
    emit(compose(wo, workers, snapshot, monitor));
    if (!full && monitor !== null) return;
    const [report, nextSnapshot] = await Promise.all([wo.monitor(), wo.snapshot()]);
    snapshot = nextSnapshot;
    const key = JSON.stringify(report.workers.map((w) => [w.worker, w.branch, w.commits, w.lastCommitAt]));
    if (key !== forecastKey) {
      forecast = report.workers.some((w) => w.commits > 0)
        ? (await wo.monitor({ forecast: true })).forecast
        : undefined;
      forecastKey = key;
    }
    monitor = forecast ? { ...report, forecast } : report;
    emit(compose(wo, workers, snapshot, monitor));
  };
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
