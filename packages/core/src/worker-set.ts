import type { WorkerBranchHistory, WorkerHistory } from "@wo/commits";
import { git } from "@wo/worktree";
import { readHistory } from "./history.js";
import { readRetired } from "./retired.js";
import { snapshotWorkers, type WorkerSnapshot } from "./snapshot.js";
import type { Workspace } from "./workspace.js";

/** Options of {@link readWorkerSet}. */
export interface WorkerSetOptions {
  /**
   * Only this plan's workers' branches count when they have no worktree here (e.g. the plan of a CI run). Default:
   * every worker branch that is not retired.
   */
  plan?: PlanWorkers;
  /** Also tell what a live agent waits for (reads each worker's hook state and pane text). */
  waiting?: boolean;
}

/** The part of a plan (`wo plan --json`) the worker set needs: its workers' names, ids, scopes and dependencies. */
export interface PlanWorkers {
  /**
   * The run the plan was made for (the Action sets it): its workers' branches start at `base` or later, so a branch
   * of the same name that does not contain `base` is an earlier run's and is left out.
   */
  run?: { id: string; base: string } | undefined;
  workers: ReadonlyArray<{
    name: string;
    id?: string;
    scope?: readonly string[];
    dependsOn?: readonly string[];
  }>;
}

/** A worker branch under the branch prefix that is not one of the workers, and why. */
export interface LeftOutBranch {
  branch: string;
  feature: string;
  reason: "retired" | "not-in-plan" | "earlier-run";
}

/**
 * "The workers", one definition for status-adjacent commands (monitor, integrate, cleanup, the Action): the
 * worktrees wo made, plus the worker branches that have no worktree here (pushed from CI runners) — except a branch
 * whose worktree wo removed and which has not moved since (the earlier work of a finished worker), and, for a plan,
 * branches of workers the plan does not have.
 */
export interface WorkerSet {
  /** Workers with a worktree here. */
  worktrees: WorkerSnapshot[];
  /** Worker branches without a worktree here that are workers. */
  branches: WorkerBranchHistory[];
  /** Worker branches without a worktree here that are not. */
  leftOut: LeftOutBranch[];
  /** Every worker branch's history against the base (worktree workers' branches included). */
  history: WorkerHistory;
}

/** Reads the worker set against `base`: one snapshot, one history, the retired record. */
export async function readWorkerSet(
  ws: Workspace,
  base: string,
  options: WorkerSetOptions = {},
): Promise<WorkerSet> {
  const [worktrees, history, retired] = await Promise.all([
    snapshotWorkers(ws, undefined, options.waiting ? { waiting: true } : {}),
    readHistory(ws.repo, ws.config.branchPrefix, base),
    readRetired(ws),
  ]);
  const withWorktree = new Set(worktrees.map((w) => w.branch ?? ws.names.branchName(w.feature)));
  const plan = options.plan ? new Set(options.plan.workers.map((w) => w.name)) : null;
  const branches: WorkerBranchHistory[] = [];
  const leftOut: LeftOutBranch[] = [];
  for (const h of history.branches) {
    if (withWorktree.has(h.branch)) continue;
    if (retired.get(h.branch)?.tip === h.tip) {
      leftOut.push({ branch: h.branch, feature: h.worker, reason: "retired" });
    } else if (plan && !plan.has(h.worker)) {
      leftOut.push({ branch: h.branch, feature: h.worker, reason: "not-in-plan" });
    } else {
      branches.push(h);
    }
  }
  const runBase = options.plan?.run?.base;
  if (runBase) {
    const earlier = await earlierRunBranches(ws.repo.root, runBase, branches);
    for (const h of earlier) leftOut.push({ branch: h.branch, feature: h.worker, reason: "earlier-run" });
    return { worktrees, branches: branches.filter((h) => !earlier.includes(h)), leftOut, history };
  }
  return { worktrees, branches, leftOut, history };
}

/** The branches that do not contain the run's base commit: they were started before the run (one git call each). */
async function earlierRunBranches(
  root: string,
  base: string,
  branches: readonly WorkerBranchHistory[],
): Promise<WorkerBranchHistory[]> {
  const contains = await Promise.all(
    branches.map(async (h) => {
      const answer = await git(["merge-base", "--is-ancestor", base, h.tip], {
        cwd: root,
        allowFailure: true,
      });
      return answer.exitCode === 0;
    }),
  );
  return branches.filter((_, index) => !contains[index]);
}
