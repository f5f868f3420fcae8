import { changedFilesByBranch } from "@wo/commits";
import { isValidFeatureName } from "@wo/worktree";
import { baseBranch } from "./base-branch.js";
import { readHistory } from "./history.js";
import {
  buildMonitorReport,
  type MonitorAudience,
  type MonitorInput,
  type MonitorReport,
  type MonitorReportInput,
} from "./monitor.js";
import { snapshotWorkers } from "./snapshot.js";
import { decodeWorkerMeta } from "./worker-meta.js";
import type { Workspace } from "./workspace.js";

/** Options of `Orchestrator.monitor`. */
export interface MonitorOptions {
  /** The base branch workers left. Default: configured base branch, else the main worktree's branch. */
  base?: string;
  /** Also forecast merge conflicts between the worker branches (git merge-tree; nothing is changed). */
  forecast?: boolean;
  /** Who acts on the recommended actions (default `terminal`: `wo` commands); `ci` for a workflow's run. */
  audience?: MonitorAudience;
}

/**
 * Phase 3: the Worker Status Report with alerts and recommended actions, from the workers' commits (a constant
 * number of git calls for any number of branches and commits), their files and tmux.
 */
export async function monitorWorkers(ws: Workspace, options: MonitorOptions = {}): Promise<MonitorReport> {
  const base = await baseBranch(ws, options.base);
  const [history, snapshot] = await Promise.all([
    readHistory(ws.repo, ws.config.branchPrefix, base),
    snapshotWorkers(ws, undefined, { waiting: true }),
  ]);
  const workers = snapshot.map((w) => ({ ...w, info: decodeWorkerMeta(w.meta) }));
  // Changed files only matter to scope checks: workers without a scope cost no diff.
  const scoped = new Set(
    workers.filter((w) => w.info.scope.length > 0).map((w) => w.branch ?? ws.names.branchName(w.feature)),
  );
  const changed = await changedFilesByBranch(
    ws.repo.root,
    history.branches.filter((b) => scoped.has(b.branch)),
  );
  const byBranch = new Map(history.branches.map((b) => [b.branch, b]));
  const inputs: MonitorInput[] = workers.map((w) => {
    const branch = w.branch ?? ws.names.branchName(w.feature);
    const h = byBranch.get(branch) ?? null;
    byBranch.delete(branch);
    return {
      feature: w.feature,
      workerId: w.info.workerId,
      branch,
      history: h,
      status: w.status,
      fileStatus: w.fileStatus,
      startedAt: w.info.spawn.startedAt,
      scope: w.info.scope,
      changedFiles: changed.get(branch) ?? [],
      alive: w.pane?.alive ?? false,
      waitingFor: w.waitingFor,
    };
  });
  // Worker branches without a worktree here (pushed from CI runners, or worktree removed) are still reported.
  for (const h of byBranch.values()) {
    inputs.push({
      feature: h.worker,
      workerId: null,
      branch: h.branch,
      history: h,
      status: "idle",
      fileStatus: null,
      startedAt: null,
      scope: [],
      changedFiles: changed.get(h.branch) ?? [],
      alive: false,
    });
  }
  let forecast: MonitorReportInput["forecast"];
  const withCommits = inputs.filter(
    (i) => (i.history?.commitCount ?? 0) > 0 && isValidFeatureName(i.feature),
  );
  if (options.forecast && withCommits.length > 0) {
    // The merge forecast (merge-tree, p-limit) loads only when asked for.
    const { forecastConflicts } = await import("@wo/integrate");
    const result = await forecastConflicts(ws.repo.root, {
      base,
      workers: withCommits.map((i) => ({ feature: i.feature, branch: i.branch })),
    });
    forecast = {
      pairs: result.pairs.filter((p) => !p.clean).map((p) => ({ a: p.a, b: p.b, files: p.files })),
      suggestedOrder: result.suggestion.order,
    };
  }
  return buildMonitorReport({
    ...(forecast ? { forecast } : {}),
    base,
    workers: inputs,
    strayCommits: history.base.strayCommits,
    now: ws.now(),
    stallMs: ws.config.monitor.stallMinutes * 60_000,
    branchPrefix: ws.config.branchPrefix,
    ...(options.audience ? { audience: options.audience } : {}),
  });
}
