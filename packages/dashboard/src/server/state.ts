import type { MonitorReport, Orchestrator } from "@wo/core";
import type { DashboardState, WorkerInfo } from "../shared/messages.js";
import { planGraph } from "./graph.js";

/**
 * Reads everything the live views show, from `@wo/core`'s public API only: status rows, the monitor report and
 * the plan graph. The pairwise merge forecast (one `git merge-tree` per pair) is recomputed only when a worker
 * branch moved; otherwise the previous one is reused.
 */
export function stateReader(wo: Orchestrator): () => Promise<DashboardState> {
  let forecastKey: string | null = null;
  let forecast: MonitorReport["forecast"] | undefined;
  return async () => {
    const [workers, snapshot, report] = await Promise.all([wo.status(), wo.snapshot(), wo.monitor()]);
    const key = JSON.stringify(report.workers.map((w) => [w.worker, w.branch, w.commits, w.lastCommitAt]));
    if (key !== forecastKey) {
      forecast = report.workers.some((w) => w.commits > 0)
        ? (await wo.monitor({ forecast: true })).forecast
        : undefined;
      forecastKey = key;
    }
    const monitor: MonitorReport = forecast ? { ...report, forecast } : report;
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

// `.worktree.json` is the worker's file as much as wo's: ill-typed values read as absent.
function workerInfo(meta: unknown): WorkerInfo {
  const m = (typeof meta === "object" && meta !== null ? meta : {}) as Record<string, unknown>;
  return {
    workerId: typeof m.workerId === "string" ? m.workerId : null,
    scope: Array.isArray(m.scope) ? m.scope.filter((s): s is string => typeof s === "string") : [],
    port: typeof m.port === "number" ? m.port : null,
  };
}
