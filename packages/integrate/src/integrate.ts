import { existsSync, realpathSync } from "node:fs";
import { rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { runInWorktree, type WorktreeInfo } from "@wo/worktree";
import { IntegrateError } from "./errors.js";
import {
  assertMergeTreeSupport,
  createGitRunner,
  firstLine,
  type GitRunner,
  hasMergeHead,
  isAncestor,
  readChangedPaths,
  readGitVersion,
  readHead,
  readRepositoryDirs,
  readWorktrees,
  resolveNames,
  simulateMerge,
} from "./git.js";
import {
  integrationDir,
  type Journal,
  journalPath,
  processAlive,
  readJournal,
  writeJournal,
} from "./journal.js";
import {
  validateBranchName,
  validateName,
  validateRevision,
  validateWorkers,
  type WorkerBranch,
} from "./names.js";
import { findScopeViolations, readChangedFiles, resolveWorkerRefs, type ScopeViolation } from "./scope.js";
import { oneLine, outputTail, shellQuote } from "./text.js";

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
  /** Where the merge ran; `null` when the branch is not checked out anywhere (merged with commit-tree + update-ref). */
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
 * "Dirty" means tracked changes: untracked files never block a merge (git refuses by itself to overwrite one), and
 * test runs leave build output behind.
 */
const TRACKED = { untracked: false } as const;

/** Integrations running in this process (by journal file): two runs on one worktree would corrupt each other. */
const active = new Set<string>();

function samePath(a: string, b: string): boolean {
  const real = (p: string) => (existsSync(p) ? realpathSync.native(p) : path.resolve(p));
  return real(a) === real(b);
}

/** Merge commit message for a worker: `Merge <feature>: <description>` (one cleaned line). */
export function mergeMessage(worker: Pick<WorkerBranch, "feature" | "branch" | "description">): string {
  const description = oneLine(worker.description ?? "");
  return description === ""
    ? `Merge ${worker.feature} (${worker.branch})`
    : `Merge ${worker.feature}: ${description}`;
}

function validateTimeout(ms: unknown): number | undefined {
  if (ms === undefined) return undefined;
  if (typeof ms === "number" && Number.isInteger(ms) && ms > 0 && ms <= 2_147_483_647) return ms;
  throw new IntegrateError(
    "E_INVALID_OPTION",
    `Invalid testTimeoutMs: expected a positive whole number of milliseconds, received ${JSON.stringify(ms)}`,
    { hint: "Pass e.g. testTimeoutMs: 600000 for ten minutes, or leave it out for no limit" },
  );
}

function validateTest(test: unknown): TestCommand | undefined {
  if (test === undefined) return undefined;
  if (
    Array.isArray(test) &&
    test.length > 0 &&
    test.every((arg) => typeof arg === "string") &&
    test[0] !== ""
  )
    return test;
  const shell = test as { command?: unknown; shell?: unknown };
  if (
    typeof shell === "object" &&
    shell !== null &&
    typeof shell.command === "string" &&
    shell.shell === true
  )
    return shell as TestCommand;
  throw new IntegrateError(
    "E_INVALID_OPTION",
    `Invalid test command: expected a non-empty argv array or { command: string, shell: true }, received ${JSON.stringify(test)}`,
    { hint: 'Pass test as ["pnpm", "test"] or { command: "pnpm test && pnpm lint", shell: true }' },
  );
}

/**
 * Merges worker branches, in order, into `integration/<name>` with `git merge --no-ff`, in a dedicated worktree at
 * `<git common dir>/wo/integration/<name>` (never in the user's checkout). Checks scopes first, skips branches
 * already merged, stops at the first conflict (aborting it, or leaving it open with `stopOnConflict`), keeps a
 * journal so an interrupted run is rolled forward (default) or back (`abort`), runs `test`, and finally merges into
 * `into` when asked and everything passed. Throws {@link IntegrateError} for refusals (`E_DIRTY`, `E_CHECKED_OUT`,
 * `E_SCOPE`, `E_MERGE_OPEN`, `E_BUSY`, `E_UNKNOWN_REF`, …) before changing anything.
 */
export async function integrateBranches(
  repoDir: string,
  options: IntegrateOptions,
): Promise<IntegrationResult> {
  const name = validateName(options.name, "integration name");
  const git = createGitRunner(repoDir);
  const dirs = await readRepositoryDirs(git);
  const journalFile = journalPath(dirs.commonDir, name);
  if (active.has(journalFile)) {
    throw new IntegrateError("E_BUSY", `Integration integration/${name} is already running in this process`, {
      hint: "Wait for the running integration to finish",
      path: journalFile,
    });
  }
  active.add(journalFile);
  try {
    const run = new IntegrationRun(git, name, dirs.commonDir, journalFile, options);
    return options.abort ? await run.abort() : await run.integrate();
  } finally {
    active.delete(journalFile);
  }
}

/** The state of wo's integration worktree before a run. */
interface Site {
  /** The worktree entry at the integration path, when git has one. */
  own: WorktreeInfo | undefined;
  /** A merge is in progress there. */
  mergeHead: boolean;
  /** Uncommitted paths there. */
  changed: string[];
}

class IntegrationRun {
  readonly branch: string;
  readonly worktreePath: string;

  constructor(
    private readonly git: GitRunner,
    readonly name: string,
    commonDir: string,
    private readonly journalFile: string,
    private readonly options: IntegrateOptions,
  ) {
    this.branch = `integration/${name}`;
    this.worktreePath = path.join(integrationDir(commonDir), name);
  }

  /** Reads the journal and refuses when another live process owns it. */
  private async readOwnJournal(): Promise<Journal | null> {
    const journal = await readJournal(this.journalFile);
    if (journal?.state === "running" && journal.pid !== process.pid && processAlive(journal.pid)) {
      throw new IntegrateError(
        "E_BUSY",
        `Integration ${this.branch} is being run by process ${journal.pid} (started ${journal.startedAt})`,
        {
          hint: `Wait for it to finish; if that process is not wo, delete ${this.journalFile} and run again`,
          path: this.journalFile,
        },
      );
    }
    return journal;
  }

  /** Looks at the integration worktree; prunes a stale entry whose directory is gone. */
  private async inspectSite(worktrees: WorktreeInfo[]): Promise<Site> {
    let own = worktrees.find((worktree) => samePath(worktree.path, this.worktreePath));
    if (own?.prunable != null) {
      await this.git.run(["worktree", "prune"]);
      own = undefined;
    }
    if (own === undefined) {
      if (existsSync(this.worktreePath)) {
        throw new IntegrateError(
          "E_WORKTREE",
          `Cannot use ${this.worktreePath} as the integration worktree: the directory exists but is not a git worktree`,
          {
            hint: `Remove the directory (rm -r ${shellQuote(this.worktreePath)}) and run again`,
            path: this.worktreePath,
          },
        );
      }
      return { own, mergeHead: false, changed: [] };
    }
    if (own.branch !== this.branch) {
      throw new IntegrateError(
        "E_WORKTREE",
        `The integration worktree ${own.path} is on ${own.branch ?? "a detached HEAD"}, expected ${this.branch}`,
        {
          hint: `Switch it back (git -C ${shellQuote(own.path)} switch ${this.branch}) or remove it (git worktree remove ${shellQuote(own.path)})`,
          path: own.path,
        },
      );
    }
    const [mergeHead, changed] = await Promise.all([
      hasMergeHead(this.git, own.path),
      readChangedPaths(this.git, own.path, TRACKED),
    ]);
    return { own, mergeHead, changed };
  }

  private openMergeCommands(cwd: string, files: readonly string[]): string[] {
    return [
      `cd ${shellQuote(cwd)}`,
      "git status",
      `git add -- ${files.length > 0 ? files.map(shellQuote).join(" ") : "<resolved files>"}`,
      "git commit --no-edit",
      this.options.rerunCommand ?? `wo integrate ${this.name}`,
    ];
  }

  /** Refusals that need the worktree list: the integration branch or `into` checked out elsewhere, dirty trees. */
  private async refuseForeignCheckouts(worktrees: WorktreeInfo[], into: string | null): Promise<void> {
    const holder = worktrees.find(
      (worktree) =>
        worktree.branch === this.branch &&
        worktree.prunable === null &&
        !samePath(worktree.path, this.worktreePath),
    );
    if (holder !== undefined) {
      const changed = await readChangedPaths(this.git, holder.path, TRACKED);
      if (changed.length > 0) throw dirtyError(holder.path, changed, `${this.branch} is checked out there`);
      throw new IntegrateError(
        "E_CHECKED_OUT",
        `${this.branch} is checked out in ${holder.path}; wo merges only in its own integration worktree and will not operate on another checkout`,
        {
          hint: `Switch that worktree to another branch (git -C ${shellQuote(holder.path)} switch -) or remove it, then run again`,
          path: holder.path,
        },
      );
    }
    if (into === null) return;
    const intoHolder = worktrees.find((worktree) => worktree.branch === into && worktree.prunable === null);
    if (intoHolder === undefined) return;
    const changed = await readChangedPaths(this.git, intoHolder.path, TRACKED);
    if (changed.length > 0)
      throw dirtyError(intoHolder.path, changed, `the final merge into ${into} would run there`);
  }

  async integrate(): Promise<IntegrationResult> {
    const { git, options } = this;
    const baseRef = validateRevision(options.base, "base");
    const workers = validateWorkers(options.workers);
    const into = options.into === undefined ? null : validateBranchName(options.into, "into branch");
    if (into === this.branch || (into !== null && workers.some((worker) => worker.branch === into))) {
      throw new IntegrateError(
        "E_INVALID_OPTION",
        `Invalid into branch "${into}": it is the integration branch or a worker branch`,
        { hint: 'Pass the branch the integration should land on, e.g. "main"' },
      );
    }
    const test = validateTest(options.test);
    const testTimeoutMs = validateTimeout(options.testTimeoutMs);
    const resolved = await resolveWorkerRefs(git, baseRef, workers, [
      `refs/heads/${this.branch}^{commit}`,
      ...(into === null ? [] : [`refs/heads/${into}^{commit}`]),
    ]);
    if (into !== null && resolved.extra[1] == null) {
      throw new IntegrateError("E_UNKNOWN_REF", `Unknown into branch "${into}": expected a local branch`, {
        hint: "Check the name with `git branch --list`",
      });
    }
    const journal = await this.readOwnJournal();
    const worktrees = await readWorktrees(git);
    await this.refuseForeignCheckouts(worktrees, into);
    const site = await this.inspectSite(worktrees);
    const interrupted = journal?.state === "running";
    if (journal?.state === "open" && (site.mergeHead || site.changed.length > 0)) {
      const commands = this.openMergeCommands(this.worktreePath, site.changed);
      throw new IntegrateError(
        "E_MERGE_OPEN",
        `The merge of "${journal.current ?? "?"}" into ${this.branch} is still open in ${this.worktreePath}: finish it (${commands.join("; ")}) or roll it back with abort`,
        {
          hint: "Resolve, `git add` and `git commit` there, then run again; or run again with abort",
          path: this.worktreePath,
        },
      );
    }
    if (!interrupted && (site.mergeHead || site.changed.length > 0)) {
      throw dirtyError(this.worktreePath, site.changed, "it is wo's integration worktree", site.mergeHead);
    }

    const changes = await readChangedFiles(
      git,
      resolved.base,
      resolved.workers,
      options.concurrency ?? availableParallelism(),
    );
    const scopeViolations = findScopeViolations(workers, changes);
    if (options.strictScope && scopeViolations.length > 0) {
      const list = scopeViolations.map((violation) => `${violation.feature} (${summarise(violation.files)})`);
      throw new IntegrateError(
        "E_SCOPE",
        `Nothing was merged: ${scopeViolations.length} worker${scopeViolations.length > 1 ? "s" : ""} changed files outside their scope: ${list.join("; ")}`,
        { hint: "Move those changes to the right worker, widen the scope, or run without strictScope" },
      );
    }

    let recovered: Recovery | null = null;
    if (interrupted && journal !== null) recovered = await this.rollForward(journal, site);
    const branchSha = resolved.extra[0] ?? null;
    const created = branchSha === null;
    if (site.own === undefined) {
      const args = created
        ? ["worktree", "add", "--quiet", "-b", this.branch, this.worktreePath, resolved.base]
        : ["worktree", "add", "--quiet", this.worktreePath, this.branch];
      await git.run(args);
    }
    const cwd = this.worktreePath;
    const before = await readHead(git, cwd);
    const state: Journal = {
      version: 1,
      name: this.name,
      branch: this.branch,
      state: "running",
      pid: process.pid,
      startedAt: new Date().toISOString(),
      updatedAt: "",
      base: { ref: baseRef, sha: resolved.base },
      order: workers.map((worker) => worker.feature),
      before,
      merges: [],
      current: null,
      worktree: cwd,
    };
    await writeJournal(this.journalFile, state);

    let head = before;
    const merged: string[] = [];
    const alreadyMerged: string[] = [];
    const conflicts: { feature: string; files: string[] }[] = [];
    const skipped: string[] = [];
    let open = false;
    let nextCommands: string[] = [];
    for (const [index, worker] of resolved.workers.entries()) {
      if (await isAncestor(git, worker.sha, head)) {
        alreadyMerged.push(worker.feature);
        continue;
      }
      state.current = worker.feature;
      await writeJournal(this.journalFile, state);
      const argv = ["merge", "--no-ff", "--no-edit", "-m", mergeMessage(worker), worker.sha];
      const result = await git.run(argv, { cwd, allowFailure: true });
      if (result.exitCode === 0) {
        head = await readHead(git, cwd);
        merged.push(worker.feature);
        state.merges.push({ feature: worker.feature, sha: head });
        state.current = null;
        await writeJournal(this.journalFile, state);
        continue;
      }
      const unmerged = await git.run(["diff", "--name-only", "--diff-filter=U", "-z"], { cwd });
      const files = [...new Set(unmerged.stdout.split("\0").filter((file) => file !== ""))].sort();
      if (files.length === 0) {
        await git.run(["reset", "--hard", "--quiet", head], { cwd });
        state.state = "failed";
        state.current = null;
        await writeJournal(this.journalFile, state);
        const kept = merged.length > 0 ? `; ${this.branch} keeps the merges of ${merged.join(", ")}` : "";
        throw new IntegrateError(
          "E_MERGE_FAILED",
          `Merging "${worker.feature}" (${worker.branch}) into ${this.branch} failed without a conflict: ${firstLine(result.stderr) || `exit ${result.exitCode}`}${kept}`,
          {
            hint: "Fix what git reports (a hook, untracked files in the way), then run again",
            argv: ["git", "-C", cwd, ...argv],
            stderr: result.stderr,
            exitCode: result.exitCode,
          },
        );
      }
      conflicts.push({ feature: worker.feature, files });
      skipped.push(...resolved.workers.slice(index + 1).map((rest) => rest.feature));
      if (options.stopOnConflict) {
        open = true;
        nextCommands = this.openMergeCommands(cwd, files);
        state.state = "open";
      } else {
        await git.run(["merge", "--abort"], { cwd });
        state.state = "conflict";
        state.current = null;
      }
      break;
    }

    const testOutcome =
      test !== undefined && conflicts.length === 0 ? await runTest(test, cwd, testTimeoutMs) : null;
    let intoOutcome: IntoOutcome | null = null;
    if (into !== null) {
      const blocker =
        conflicts.length > 0
          ? `${conflicts[0]!.feature} conflicts`
          : testOutcome !== null && !testOutcome.passed
            ? "the test failed"
            : null;
      intoOutcome =
        blocker === null
          ? await this.mergeInto(into, head, [...alreadyMerged, ...merged])
          : { branch: into, status: "not-attempted", sha: null, files: [], reason: blocker, worktree: null };
    }
    if (state.state === "running") state.state = "completed";
    await writeJournal(this.journalFile, state);
    const kept = open || options.keepWorktree === true;
    if (!kept) await this.removeWorktree();
    return {
      name: this.name,
      branch: this.branch,
      base: { ref: baseRef, sha: resolved.base },
      created,
      before,
      head,
      merged,
      merges: state.merges,
      alreadyMerged,
      conflicts,
      skipped,
      scopeViolations,
      test: testOutcome,
      into: intoOutcome,
      recovered,
      open,
      nextCommands,
      worktree: { path: cwd, kept },
      journal: this.journalFile,
      gitCalls: git.calls,
    };
  }

  private async removeWorktree(): Promise<void> {
    await this.git.run(["worktree", "remove", "--force", this.worktreePath]);
  }

  /** Ends a half-done merge of a dead run (default recovery): completed merges stay, the run continues. */
  private async rollForward(journal: Journal, site: Site): Promise<Recovery> {
    const actions: string[] = [];
    let headBefore: string | null = null;
    if (site.own !== undefined) {
      if (await this.removeStaleIndexLock(site.own.path)) actions.push("removed a stale index.lock");
      headBefore = await readHead(this.git, site.own.path);
      if (site.mergeHead || site.changed.length > 0) {
        await this.git.run(["reset", "--hard", "--quiet", "HEAD"], { cwd: site.own.path });
        actions.push(
          `ended the half-done merge${journal.current ? ` of "${journal.current}"` : ""} (git reset --hard HEAD)`,
        );
      }
    } else {
      actions.push("the integration worktree was gone; there was nothing to undo");
    }
    const keptMerges = journal.merges.map((merge) => merge.feature);
    if (keptMerges.length > 0) actions.push(`kept the completed merges of ${keptMerges.join(", ")}`);
    actions.push("continued with the workers not merged yet");
    return {
      mode: "roll-forward",
      reason: "interrupted",
      previous: { startedAt: journal.startedAt, pid: journal.pid, feature: journal.current },
      keptMerges,
      headBefore,
      resetTo: headBefore,
      actions,
    };
  }

  /** A dead git process can leave `index.lock` behind; only called when the journal's process is gone. */
  private async removeStaleIndexLock(cwd: string): Promise<boolean> {
    const gitDir = (await this.git.run(["rev-parse", "--absolute-git-dir"], { cwd })).stdout.trim();
    const lock = path.join(gitDir, "index.lock");
    if (!existsSync(lock)) return false;
    await rm(lock, { force: true });
    return true;
  }

  /** `abort: true`: resets the integration worktree to the journal's last completed merge and stops. */
  async abort(): Promise<IntegrationResult> {
    const { git } = this;
    const journal = await this.readOwnJournal();
    if (journal === null || (journal.state !== "running" && journal.state !== "open")) {
      throw new IntegrateError(
        "E_NOTHING_TO_ABORT",
        `There is no interrupted or open integration of ${this.branch} to abort (journal: ${journal === null ? "none" : journal.state})`,
        { hint: "Run without abort to integrate", path: this.journalFile },
      );
    }
    const worktrees = await readWorktrees(git);
    const site = await this.inspectSite(worktrees);
    if (journal.state === "open" && !site.mergeHead && site.changed.length === 0) {
      throw new IntegrateError(
        "E_NOTHING_TO_ABORT",
        `The merge left open in ${this.worktreePath} was already finished or abandoned there; there is nothing to abort (rolling back now would drop that commit)`,
        {
          hint: `Inspect ${this.branch} with git log; reset it by hand if you want to undo that merge`,
          path: this.worktreePath,
        },
      );
    }
    const target = journal.merges.at(-1)?.sha ?? journal.before;
    const actions: string[] = [];
    let headBefore: string | null = null;
    if (site.own !== undefined) {
      if (journal.state === "running" && (await this.removeStaleIndexLock(site.own.path)))
        actions.push("removed a stale index.lock");
      headBefore = await readHead(git, site.own.path);
      await git.run(["reset", "--hard", "--quiet", target], { cwd: site.own.path });
      const what = journal.current ? `the half-done merge of "${journal.current}"` : "the working tree";
      actions.push(`reset ${what} to ${target.slice(0, 12)} (git reset --hard)`);
      if (headBefore !== target)
        actions.push(`moved ${this.branch} from ${headBefore.slice(0, 12)} back to ${target.slice(0, 12)}`);
    } else {
      actions.push("the integration worktree was gone; there was nothing to reset");
    }
    const keptMerges = journal.merges.map((merge) => merge.feature);
    if (keptMerges.length > 0) actions.push(`kept the completed merges of ${keptMerges.join(", ")}`);
    await writeJournal(this.journalFile, { ...journal, state: "aborted", current: null });
    const kept = this.options.keepWorktree === true || site.own === undefined;
    if (!kept) await this.removeWorktree();
    const head = (await resolveNames(git, [`refs/heads/${this.branch}^{commit}`]))[0] ?? target;
    return {
      name: this.name,
      branch: this.branch,
      base: journal.base,
      created: false,
      before: journal.before,
      head,
      merged: [],
      merges: [],
      alreadyMerged: [],
      conflicts: [],
      skipped: [],
      scopeViolations: [],
      test: null,
      into: null,
      recovered: {
        mode: "roll-back",
        reason: journal.state === "open" ? "open-merge" : "interrupted",
        previous: { startedAt: journal.startedAt, pid: journal.pid, feature: journal.current },
        keptMerges,
        headBefore,
        resetTo: site.own === undefined ? null : target,
        actions,
      },
      open: false,
      nextCommands: [],
      worktree: { path: this.worktreePath, kept: site.own !== undefined && kept },
      journal: this.journalFile,
      gitCalls: git.calls,
    };
  }

  /** The final `--no-ff` merge of the integration branch into `into`, forecast first. Never throws. */
  private async mergeInto(into: string, head: string, features: string[]): Promise<IntoOutcome> {
    const outcome = (status: IntoOutcome["status"], extra: Partial<IntoOutcome> = {}): IntoOutcome => ({
      branch: into,
      status,
      sha: null,
      files: [],
      reason: null,
      worktree: null,
      ...extra,
    });
    try {
      const { git } = this;
      const intoSha = (await resolveNames(git, [`refs/heads/${into}^{commit}`]))[0];
      if (intoSha == null) return outcome("failed", { reason: `${into} no longer exists` });
      if (await isAncestor(git, head, intoSha)) return outcome("up-to-date", { sha: intoSha });
      assertMergeTreeSupport(await readGitVersion(git));
      const forecast = await simulateMerge(git, intoSha, head);
      if (!forecast.clean) {
        return outcome("conflict", {
          sha: intoSha,
          files: forecast.files,
          reason: `merging ${this.branch} into ${into} would conflict; nothing was changed`,
        });
      }
      const list = features.join(", ");
      const message = `Merge ${this.branch} into ${into}${list === "" ? "" : `: ${oneLine(list, 160)}`}`;
      const holder = (await readWorktrees(git)).find(
        (worktree) => worktree.branch === into && worktree.prunable === null,
      );
      if (holder !== undefined) {
        const changed = await readChangedPaths(git, holder.path, TRACKED);
        if (changed.length > 0) {
          return outcome("refused", {
            sha: intoSha,
            worktree: holder.path,
            reason: `${holder.path} has uncommitted changes (${summarise(changed)})`,
          });
        }
        const result = await git.run(["merge", "--no-ff", "--no-edit", "-m", message, head], {
          cwd: holder.path,
          allowFailure: true,
        });
        if (result.exitCode !== 0) {
          if (await hasMergeHead(git, holder.path)) await git.run(["merge", "--abort"], { cwd: holder.path });
          return outcome("failed", {
            sha: intoSha,
            worktree: holder.path,
            reason: firstLine(result.stderr) || `git merge exited ${result.exitCode}`,
          });
        }
        return outcome("merged", { sha: await readHead(git, holder.path), worktree: holder.path });
      }
      // Not checked out anywhere: create the merge commit from the forecast tree and move the ref with a
      // compare-and-swap on its old value, so a concurrent change is never overwritten.
      const commit = await git.run(["commit-tree", forecast.tree, "-p", intoSha, "-p", head, "-m", message]);
      const sha = commit.stdout.trim();
      await git.run(["update-ref", "-m", `wo: ${message}`, `refs/heads/${into}`, sha, intoSha]);
      return outcome("merged", { sha });
    } catch (error) {
      if (!(error instanceof IntegrateError)) throw error;
      return outcome("failed", { reason: error.message });
    }
  }
}

function summarise(files: readonly string[], max = 5): string {
  const shown = files.slice(0, max).join(", ");
  return files.length > max ? `${shown} and ${files.length - max} more` : shown;
}

function dirtyError(dir: string, changed: readonly string[], why: string, mergeHead = false): IntegrateError {
  const what = mergeHead ? "a merge in progress" : `uncommitted changes (${summarise(changed)})`;
  return new IntegrateError("E_DIRTY", `${dir} has ${what}; ${why}, so nothing was changed`, {
    hint: `Commit or stash them first (git -C ${shellQuote(dir)} status)`,
    path: dir,
  });
}

/** Runs the test command in `cwd`, never throws: a command that cannot start is a failed test. */
async function runTest(test: TestCommand, cwd: string, timeoutMs: number | undefined): Promise<TestOutcome> {
  const command = Array.isArray(test)
    ? [...(test as readonly string[])]
    : ["sh", "-c", (test as { command: string }).command];
  // A process group stopped as a whole on Ctrl-C or timeout: `sh -c` does not always exec the command.
  const run = await runInWorktree(cwd, command, {
    env: { GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return {
    command,
    exitCode: run.exitCode,
    signal: run.signal,
    passed: run.exitCode === 0 && !run.timedOut,
    timedOut: run.timedOut,
    outputTail: outputTail(run.startError === null ? run.output : `${run.output}\n${run.startError}`),
  };
}
