import { availableParallelism } from "node:os";
import pLimit, { type LimitFunction } from "p-limit";
import { createGitRunner, type GitRunner, simulateMerge } from "./git.js";
import { assertMergeTreeSupport, readGitVersion } from "./git-version.js";
import { validateRevision, validateWorkers, type WorkerBranch } from "./names.js";
import { resolveWorkerRefs } from "./scope.js";

/** Options of {@link forecastConflicts}. */
export interface ForecastOptions {
  /** The branch (or commit) the merges start from, e.g. `main`. */
  base: string;
  /** Worker branches in the order they would be merged. */
  workers: WorkerBranch[];
  /** Parallel git processes; default: the number of CPUs. */
  concurrency?: number;
}

/** How one merge would go. `up-to-date`: the branch adds nothing (already merged, or its changes are present). */
export type MergeOutcome = "clean" | "conflict" | "up-to-date";

/** One step of the ordered run. */
export interface ForecastStep {
  feature: string;
  branch: string;
  outcome: MergeOutcome;
  /** Conflicted paths, sorted; `[]` unless `outcome` is `conflict`. */
  files: string[];
}

/** The simulated merge of two worker branches with each other. */
export interface PairForecast {
  /** The worker that comes first in the given order. */
  a: string;
  b: string;
  clean: boolean;
  /** Conflicted paths, sorted; `[]` when clean. */
  files: string[];
}

/** A merge order that merges as much work cleanly as the greedy rule finds. */
export interface MergeOrderSuggestion {
  /** Every worker: the clean ones in merge order, then the ones that would still conflict. */
  order: string[];
  /** The workers that merge cleanly (or are up to date) in this order. */
  clean: string[];
  /** The workers that conflict whatever is merged before them, in the greedy's preference order. */
  conflicting: string[];
}

/** What {@link forecastConflicts} found. Nothing in the repository changed. */
export interface Forecast {
  base: { ref: string; sha: string };
  workers: { feature: string; branch: string; sha: string }[];
  /** The ordered run: each worker merged onto the result of the clean merges before it (conflicts are skipped). */
  ordered: ForecastStep[];
  /** Every pair of workers (n(n-1)/2), in given order: `a` before `b`. */
  pairs: PairForecast[];
  suggestion: MergeOrderSuggestion;
  /** The git version used, e.g. `2.39.5`. */
  gitVersion: string;
  /** How many git processes were started. */
  gitCalls: number;
}

/** A point in a simulated chain of merges: a commit and its tree. */
interface ChainState {
  sha: string;
  tree: string;
}

/** The answer of one trial merge in a chain. */
export interface ChainTrial {
  outcome: MergeOutcome;
  files: string[];
  /** The chain state after this merge (the same state when it conflicts or is up to date). */
  next: ChainState;
}

// Forecast commits are never referenced by any ref: a fixed identity and date make them reproducible (the same
// merge gives the same sha, so repeated simulations are free) and need no user identity.
const FORECAST_ENV = {
  GIT_AUTHOR_NAME: "wo forecast",
  GIT_AUTHOR_EMAIL: "forecast@wo.invalid",
  GIT_AUTHOR_DATE: "@0 +0000",
  GIT_COMMITTER_NAME: "wo forecast",
  GIT_COMMITTER_EMAIL: "forecast@wo.invalid",
  GIT_COMMITTER_DATE: "@0 +0000",
};

/**
 * Simulates chained merges with `merge-tree` and `commit-tree` (no ref or working tree changes), memoised per
 * (state, branch) so the ordered run and the order search share work.
 */
class ChainSimulator {
  private readonly trials = new Map<string, Promise<ChainTrial>>();

  constructor(
    private readonly git: GitRunner,
    private readonly limit: LimitFunction,
  ) {}

  trial(current: ChainState, workerSha: string): Promise<ChainTrial> {
    const key = `${current.sha} ${workerSha}`;
    let trial = this.trials.get(key);
    if (trial === undefined) {
      trial = this.run(current, workerSha);
      this.trials.set(key, trial);
    }
    return trial;
  }

  private async run(current: ChainState, workerSha: string): Promise<ChainTrial> {
    const merge = await this.limit(() => simulateMerge(this.git, current.sha, workerSha));
    if (!merge.clean) return { outcome: "conflict", files: merge.files, next: current };
    if (merge.tree === current.tree) return { outcome: "up-to-date", files: [], next: current };
    const commit = await this.limit(() =>
      this.git.run(
        ["commit-tree", "--no-gpg-sign", merge.tree, "-p", current.sha, "-p", workerSha, "-m", "wo forecast"],
        { env: FORECAST_ENV },
      ),
    );
    return { outcome: "clean", files: [], next: { sha: commit.stdout.trim(), tree: merge.tree } };
  }
}

/**
 * The greedy order search: from the base, repeatedly merge the remaining worker that merges cleanly onto the
 * current result and conflicts (pairwise) with the fewest other remaining workers; ties go to the earlier worker
 * in the given order. When no remaining worker merges cleanly, the rest are appended, least conflicting first.
 * `tryMerge` answers "how would merging this worker onto this state go"; everything else is pure.
 */
export async function suggestMergeOrder<State>(
  features: readonly string[],
  pairs: readonly Pick<PairForecast, "a" | "b" | "clean">[],
  start: State,
  tryMerge: (state: State, feature: string) => Promise<{ outcome: MergeOutcome; next: State }>,
): Promise<MergeOrderSuggestion> {
  const conflicts = new Map<string, Set<string>>(features.map((feature) => [feature, new Set<string>()]));
  for (const pair of pairs) {
    if (pair.clean) continue;
    conflicts.get(pair.a)?.add(pair.b);
    conflicts.get(pair.b)?.add(pair.a);
  }
  const position = new Map(features.map((feature, index) => [feature, index]));
  const remaining = new Set(features);
  const degree = (feature: string) =>
    [...(conflicts.get(feature) ?? [])].filter((other) => remaining.has(other)).length;
  const preference = () =>
    [...remaining].sort((x, y) => degree(x) - degree(y) || position.get(x)! - position.get(y)!);

  const clean: string[] = [];
  let state = start;
  for (;;) {
    let chosen: { feature: string; next: State } | null = null;
    for (const candidate of preference()) {
      const trial = await tryMerge(state, candidate);
      if (trial.outcome !== "conflict") {
        chosen = { feature: candidate, next: trial.next };
        break;
      }
    }
    if (chosen === null) break;
    clean.push(chosen.feature);
    remaining.delete(chosen.feature);
    state = chosen.next;
  }
  const conflicting = preference();
  return { order: [...clean, ...conflicting], clean, conflicting };
}

/**
 * Forecasts the integration of worker branches without touching any working tree or ref, using
 * `git merge-tree --write-tree` (git ≥ 2.38; `E_GIT_TOO_OLD` otherwise): the ordered run (each worker merged onto
 * the clean merges before it, chained with `commit-tree`; a conflicting worker is skipped in the chain), the
 * pairwise conflict matrix (n(n-1)/2 simulations) and a suggested order (see {@link suggestMergeOrder}). Refs are
 * resolved first in one call; `E_UNKNOWN_REF` names every unknown one. At most `concurrency` git processes run at once.
 */
export async function forecastConflicts(repoDir: string, options: ForecastOptions): Promise<Forecast> {
  const baseRef = validateRevision(options.base, "base");
  const workers = validateWorkers(options.workers, { allowEmpty: true });
  const git = createGitRunner(repoDir);
  const version = await readGitVersion(git);
  assertMergeTreeSupport(version);
  const resolved = await resolveWorkerRefs(git, baseRef, workers, [`${baseRef}^{tree}`]);
  const limit = pLimit(Math.max(1, options.concurrency ?? availableParallelism()));
  const simulator = new ChainSimulator(git, limit);
  const start: ChainState = { sha: resolved.base, tree: resolved.extra[0] ?? "" };
  const shaOf = new Map(resolved.workers.map((worker) => [worker.feature, worker.sha]));

  const orderedRun = (async () => {
    const steps: ForecastStep[] = [];
    let state = start;
    for (const worker of resolved.workers) {
      const trial = await simulator.trial(state, worker.sha);
      steps.push({
        feature: worker.feature,
        branch: worker.branch,
        outcome: trial.outcome,
        files: trial.files,
      });
      state = trial.next;
    }
    return steps;
  })();

  const pairJobs: Promise<PairForecast>[] = [];
  resolved.workers.forEach((a, i) => {
    for (const b of resolved.workers.slice(i + 1)) {
      pairJobs.push(
        limit(() => simulateMerge(git, a.sha, b.sha)).then((merge) => ({
          a: a.feature,
          b: b.feature,
          clean: merge.clean,
          files: merge.files,
        })),
      );
    }
  });
  const [ordered, pairs] = await Promise.all([orderedRun, Promise.all(pairJobs)]);

  const suggestion = await suggestMergeOrder(
    resolved.workers.map((worker) => worker.feature),
    pairs,
    start,
    (state, feature) => simulator.trial(state, shaOf.get(feature)!),
  );
  return {
    base: { ref: baseRef, sha: resolved.base },
    workers: resolved.workers.map(({ feature, branch, sha }) => ({ feature, branch, sha })),
    ordered,
    pairs,
    suggestion,
    gitVersion: version.version,
    gitCalls: git.calls,
  };
}
