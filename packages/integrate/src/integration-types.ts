import type { GitRunner } from "./git.js";
import type { WorkerBranch } from "./names.js";
import type { ScopeViolation } from "./scope.js";

/** A test command: an argv array (no shell), or the user's own command line run with `sh -c`. */
export type TestCommand = readonly string[] | { command: string; shell: true };

/** Options of {@link integrateBranches}. */
export interface IntegrateOptions {
  /** The integration name: the branch is `integration/<name>` (feature-name rule). */
  name: string;
  /** Where a new integration branch starts, e.g. `main`. An existing integration branch is reused as it is. */
  base: string;
  /** Worker branches in merge order. Not needed with `abort`. */
  workers: WorkerBranch[];
  /** On a conflict, leave the merge open in the integration worktree for manual resolution (default: abort it). */
  stopOnConflict?: boolean;
  /** Roll back an interrupted or open integration to its last completed merge, then stop. */
  abort?: boolean;
  /** Runs in the integration worktree after all merges succeeded. */
  test?: TestCommand;
  /**
   * Stop the test after this many milliseconds: its whole process group gets SIGTERM, then SIGKILL 5 s later, and
   * the outcome is a failure with `timedOut: true`. Default: no limit.
   */
  testTimeoutMs?: number;
  /** After all merges and the test succeeded: merge the integration branch into this branch with `--no-ff`. */
  into?: string;
  /** Refuse to merge anything when a worker changed files outside its scope (default: report only). */
  strictScope?: boolean;
  /** Keep the integration worktree after a run that left nothing open (default: remove it, the branch stays). */
  keepWorktree?: boolean;
  /** Parallel git processes for the scope check; default: the number of CPUs. */
  concurrency?: number;
  /** The command that re-runs this integration, shown last in `nextCommands`. Default `wo integrate <name>`. */
  rerunCommand?: string;
}

/** What the test command did. */
export interface TestOutcome {
  /** The argv that ran (`["sh", "-c", command]` for a shell command). */
  command: string[];
  /** Exit code, `null` when the command could not start or was killed by a signal. */
  exitCode: number | null;
  signal: string | null;
  passed: boolean;
  /** It ran longer than `testTimeoutMs` and was stopped. */
  timedOut: boolean;
  /** The last lines of stdout and stderr (interleaved), escape sequences removed. */
  outputTail: string;
  /**
   * For a failed test after this run's merges: the worker whose merge made it fail (found by running the test again
   * at earlier merges), `null` when it failed before them too. Absent on a passed test.
   */
  blame?: TestBlame | null;
}

/** The worker whose merge made the integration's test fail, and the failing run there. */
export interface TestBlame {
  feature: string;
  /** The merge commit of that worker: the first state at which the test fails. */
  merge: string;
  /** How many extra test runs it took to find it. */
  runs: number;
  exitCode: number | null;
  /** The end of the failing run's output at that merge. */
  outputTail: string;
}

/** What happened to the final merge into `into`. */
export interface IntoOutcome {
  branch: string;
  /**
   * `merged`; `up-to-date` (already contained the integration branch); `conflict` (forecast, nothing done);
   * `refused` (its worktree has uncommitted changes); `failed` (git refused, e.g. a hook); `not-attempted`
   * (a conflict or a failed test came first).
   */
  status: "merged" | "up-to-date" | "conflict" | "refused" | "failed" | "not-attempted";
  /** The branch's commit afterwards. */
  sha: string | null;
  /** Conflicting paths when `status` is `conflict`. */
  files: string[];
  reason: string | null;
  /**
   * The checkout of the branch, moved to the merge commit (made first in a scratch worktree, where hooks run);
   * `null` when the branch is not checked out anywhere (merged with commit-tree + update-ref).
   */
  worktree: string | null;
}

/** What the run found half-done and what it did about it. */
export interface Recovery {
  /** `roll-forward`: the half-done merge was undone, completed ones kept, the run continued. `roll-back`: `abort`. */
  mode: "roll-forward" | "roll-back";
  /** `interrupted`: a run died mid-way; `open-merge`: a merge left open by `stopOnConflict` was abandoned. */
  reason: "interrupted" | "open-merge";
  /** The earlier run. */
  previous: { startedAt: string; pid: number; feature: string | null };
  /** Features whose merges (recorded in the journal) were kept. */
  keptMerges: string[];
  /** The integration branch's commit before recovery. */
  headBefore: string | null;
  /** The commit the integration worktree was reset to. */
  resetTo: string | null;
  /** What was done, one sentence each. */
  actions: string[];
}

/** The result of {@link integrateBranches}; `{ branch, merged, conflicts, skipped }` is `wo integrate --json`. */
export interface IntegrationResult {
  name: string;
  /** `integration/<name>`. */
  branch: string;
  base: { ref: string; sha: string };
  /** Whether this run created the integration branch. */
  created: boolean;
  /** The integration branch's commit when merging started. */
  before: string;
  /** Its commit now. */
  head: string;
  /** Features merged by this run, in order. */
  merged: string[];
  /** The merge commit of each feature merged by this run. */
  merges: { feature: string; sha: string }[];
  /** Features whose branch was already contained in the integration branch (not merged again). */
  alreadyMerged: string[];
  /** The conflict that stopped the run (at most one: merging stops there). */
  conflicts: { feature: string; files: string[] }[];
  /** Features not attempted because the run stopped at a conflict. */
  skipped: string[];
  scopeViolations: ScopeViolation[];
  /** `null` when no test was given or a conflict stopped the run first. */
  test: TestOutcome | null;
  /** `null` when no `into` was given. */
  into: IntoOutcome | null;
  /** `null` when nothing was half-done. */
  recovered: Recovery | null;
  /** Whether a conflicted merge was left open for manual resolution (`stopOnConflict`). */
  open: boolean;
  /** Shell commands that finish an open merge, ending with the re-run; `[]` when nothing is open. */
  nextCommands: string[];
  /** The integration worktree and whether it was kept. */
  worktree: { path: string; kept: boolean };
  /** The journal file. */
  journal: string;
  /** How many git processes were started. */
  gitCalls: number;
}

/**
 * One integration as every stage of a run sees it: fixed values, no state that changes during the run (the
 * journal and the merge results are passed from stage to stage instead).
 */
export interface IntegrationRun {
  git: GitRunner;
  name: string;
  /** `integration/<name>`. */
  branch: string;
  /** wo's own integration worktree, `<git common dir>/wo/integration/<name>`. */
  worktreePath: string;
  /** The journal file, `<git common dir>/wo/integration/<name>.json`. */
  journalFile: string;
  options: IntegrateOptions;
}

/** A worker branch resolved to its commit. */
export type ResolvedWorker = WorkerBranch & { sha: string };
