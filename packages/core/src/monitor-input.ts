import { changedFilesByBranch } from "@wo/commits";
import { isValidFeatureName } from "@wo/worktree";
import { baseBranch } from "./base-branch.js";
import { checkCommand, readFailedCheck } from "./checks.js";
import {
  buildMonitorReport,
  type MonitorAudience,
  type MonitorInput,
  type MonitorReport,
  type MonitorReportInput,
} from "./monitor.js";
import { decodeWorkerMeta } from "./worker-meta.js";
import { type PlanWorkers, readWorkerSet } from "./worker-set.js";
import type { Workspace } from "./workspace.js";

/** Options of `Orchestrator.monitor`. */
export interface MonitorOptions {
  /** The base branch workers left. Default: configured base branch, else the main worktree's branch. */
  base?: string;
  /** Also forecast merge conflicts between the worker branches (git merge-tree; nothing is changed). */
  forecast?: boolean;
  /** Who acts on the recommended actions (default `terminal`: `wo` commands); `ci` for a workflow's run. */
  audience?: MonitorAudience;
  /**
   * The plan of the run (e.g. a CI run's): branches of other workers without a worktree here are left out, and a
   * branch-only worker's scope and id come from it, so its out-of-scope changes are reported. Default: every worker
   * branch wo has not retired (see "The worker set" in docs/design.md).
   */
  plan?: PlanWorkers;
}

/**
 * Phase 3: the Worker Status Report with alerts and recommended actions, from the workers' commits (a constant
 * number of git calls for any number of branches and commits), their files and tmux.
 */
export async function monitorWorkers(ws: Workspace, options: MonitorOptions = {}): Promise<MonitorReport> {
  const base = await baseBranch(ws, options.base);
  const set = await readWorkerSet(ws, base, {
    waiting: true,
    ...(options.plan ? { plan: options.plan } : {}),
  });
  const planned = new Map((options.plan?.workers ?? []).map((w) => [w.name, w]));
  const { history } = set;
  const workers = set.worktrees.map((w) => ({ ...w, info: decodeWorkerMeta(w.meta) }));
  // Changed files only matter to scope checks: workers without a scope cost no diff.
  const scoped = new Set([
    ...workers.filter((w) => w.info.scope.length > 0).map((w) => w.branch ?? ws.names.branchName(w.feature)),
    ...set.branches.filter((h) => (planned.get(h.worker)?.scope?.length ?? 0) > 0).map((h) => h.branch),
  ]);
  const changed = await changedFilesByBranch(
    ws.repo.root,
    history.branches.filter((b) => scoped.has(b.branch)),
  );
  const byBranch = new Map(history.branches.map((b) => [b.branch, b]));
  const inputs: MonitorInput[] = workers.map((w) => {
    const branch = w.branch ?? ws.names.branchName(w.feature);
    const h = byBranch.get(branch) ?? null;
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
  // Worker branches without a worktree here (pushed from CI runners) are workers too; retired ones are not.
  for (const h of set.branches) {
    const plan = planned.get(h.worker);
    inputs.push({
      feature: h.worker,
      workerId: plan?.id ?? null,
      branch: h.branch,
      history: h,
      status: "idle",
      fileStatus: null,
      startedAt: null,
      scope: [...(plan?.scope ?? [])],
      changedFiles: changed.get(h.branch) ?? [],
      alive: false,
    });
  }
  // A failing integration check, recorded by `wo integrate --test` (local runs only).
  await Promise.all(
    inputs.map(async (input) => {
      const check = await readFailedCheck(ws, input.feature);
      if (check) {
        input.check = {
          command: checkCommand(check),
          integration: check.integration,
          retries: check.retries,
          budget: ws.config.checks.retries,
        };
      }
    }),
  );
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
