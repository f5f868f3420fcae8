import path from "node:path";
import { abortIntegration } from "./abort.js";
import { IntegrateError } from "./errors.js";
import { createGitRunner, readRepositoryDirs } from "./git.js";
import { checkInputs, type RunInputs, type RunRefs, resolveRefs } from "./inputs.js";
import type {
  IntegrateOptions,
  IntegrationResult,
  IntegrationRun,
  IntoOutcome,
  Recovery,
  TestOutcome,
} from "./integration-types.js";
import { integrationDir, journalPath } from "./journal.js";
import { recoverLanding } from "./landing-recovery.js";
import { landInto } from "./merge-into.js";
import { type Merging, mergeWorkers } from "./merges.js";
import { validateName } from "./names.js";
import { readOwnJournal, rollForward } from "./recovery.js";
import { finishJournal, startJournal } from "./run-journal.js";
import { checkRunScopes, type ScopeViolation } from "./scope.js";
import { checkSite, openWorktree, removeWorktree } from "./site.js";
import { blameTest } from "./test-blame.js";
import { runTest } from "./test-command.js";

/** Integrations running in this process (by journal file): two runs on one worktree would corrupt each other. */
const active = new Set<string>();

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
    const run: IntegrationRun = {
      git,
      name,
      branch: `integration/${name}`,
      worktreePath: path.join(integrationDir(dirs.commonDir), name),
      journalFile,
      options,
    };
    return options.abort ? await abortIntegration(run) : await integrate(run);
  } finally {
    active.delete(journalFile);
  }
}

/**
 * One integration run, stage by stage: every refusal comes before the first change (inputs, refs, the journal's
 * owner, the worktrees, scopes); then recovery of an interrupted run, the worktree, the merges, the test, the
 * final merge into `into`, and the journal's last word.
 */
async function integrate(run: IntegrationRun): Promise<IntegrationResult> {
  const { options } = run;
  const inputs = checkInputs(options, run.branch);
  const refs = await resolveRefs(run.git, inputs, run.branch);
  const journal = await readOwnJournal(run);
  const landed = journal?.state === "running" ? await recoverLanding(run, journal) : [];
  const site = await checkSite(run, inputs.into, journal);
  const scopeViolations = await checkRunScopes(run.git, refs.base, refs.workers, {
    strict: Boolean(options.strictScope),
    concurrency: options.concurrency,
  });
  const recovered = journal?.state === "running" ? await rollForward(run, journal, site, landed) : null;
  const start = await openWorktree(run, site, refs);
  const started = await startJournal(run, inputs, refs, start.before);
  const merging = await mergeWorkers(run, refs.workers, start.before, started);
  const test = await testMerged(inputs, merging, run.worktreePath);
  if (test && !test.passed) test.blame = await blameTest(run, inputs, merging, start.before, test);
  const into = await landInto(run, inputs.into, merging, test);
  await finishJournal(run, merging.journal);
  const kept = merging.open || options.keepWorktree === true;
  if (!kept) await removeWorktree(run);
  return runResult(run, { inputs, refs, ...start, scopeViolations, recovered, merging, test, into, kept });
}

/** Runs the test command after the merges; `null` without one or when a conflict stopped the merges. */
async function testMerged(inputs: RunInputs, merging: Merging, cwd: string): Promise<TestOutcome | null> {
  if (inputs.test === undefined || merging.conflicts.length > 0) return null;
  return runTest(inputs.test, cwd, inputs.testTimeoutMs);
}

/** Everything a run's stages returned, for its result. */
interface RunOutcome {
  inputs: RunInputs;
  refs: RunRefs;
  created: boolean;
  before: string;
  scopeViolations: ScopeViolation[];
  recovered: Recovery | null;
  merging: Merging;
  test: TestOutcome | null;
  into: IntoOutcome | null;
  kept: boolean;
}

/** The result of a run from what its stages returned. */
function runResult(run: IntegrationRun, outcome: RunOutcome): IntegrationResult {
  const { merging } = outcome;
  return {
    name: run.name,
    branch: run.branch,
    base: { ref: outcome.inputs.baseRef, sha: outcome.refs.base },
    created: outcome.created,
    before: outcome.before,
    head: merging.head,
    merged: merging.merged,
    merges: merging.journal.merges,
    alreadyMerged: merging.alreadyMerged,
    conflicts: merging.conflicts,
    skipped: merging.skipped,
    scopeViolations: outcome.scopeViolations,
    test: outcome.test,
    into: outcome.into,
    recovered: outcome.recovered,
    open: merging.open,
    nextCommands: merging.nextCommands,
    worktree: { path: run.worktreePath, kept: outcome.kept },
    journal: run.journalFile,
    gitCalls: run.git.calls,
  };
}
