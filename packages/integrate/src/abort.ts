import { IntegrateError } from "./errors.js";
import { readHead, readWorktrees, resolveNames } from "./git.js";
import type { IntegrationResult, IntegrationRun } from "./integration-types.js";
import { type Journal, writeJournal } from "./journal.js";
import { recoverLanding } from "./landing-recovery.js";
import { keptMergesOf, previousRun, readOwnJournal, removeStaleIndexLock } from "./recovery.js";
import { inspectSite, removeWorktree, type Site } from "./site.js";

/** What rolling back did to the integration worktree. */
interface RollBack {
  /** The journal's last completed merge (or the commit before the run): where the branch is reset to. */
  target: string;
  /** The branch's commit before the reset, `null` when the worktree was gone. */
  headBefore: string | null;
  actions: string[];
}

/**
 * `abort: true`: resets the integration worktree to the journal's last completed merge, marks the journal
 * `aborted` and stops. Throws `E_NOTHING_TO_ABORT` when no run was interrupted or left a merge open.
 */
export async function abortIntegration(run: IntegrationRun): Promise<IntegrationResult> {
  const journal = abortableJournal(run, await readOwnJournal(run));
  const landed = journal.state === "running" ? await recoverLanding(run, journal) : [];
  const site = await inspectSite(run, await readWorktrees(run.git));
  refuseFinishedMerge(run, journal, site);
  const rolled = await rollBack(run, journal, site);
  rolled.actions.unshift(...landed);
  await writeJournal(run.journalFile, { ...journal, state: "aborted", current: null });
  const kept = run.options.keepWorktree === true || site.own === undefined;
  if (!kept) await removeWorktree(run);
  const head = (await resolveNames(run.git, [`refs/heads/${run.branch}^{commit}`]))[0] ?? rolled.target;
  return abortResult(run, { journal, site, rolled, head, kept });
}

/** The journal when it records an interrupted or open run; `E_NOTHING_TO_ABORT` otherwise. */
function abortableJournal(run: IntegrationRun, journal: Journal | null): Journal {
  if (journal === null || (journal.state !== "running" && journal.state !== "open")) {
    throw new IntegrateError(
      "E_NOTHING_TO_ABORT",
      `There is no interrupted or open integration of ${run.branch} to abort (journal: ${journal === null ? "none" : journal.state})`,
      { hint: "Nothing needs rolling back: integrate without --abort", path: run.journalFile },
    );
  }
  return journal;
}

/** A merge left open but since committed by hand is not undone: rolling back would drop that commit. */
function refuseFinishedMerge(run: IntegrationRun, journal: Journal, site: Site): void {
  if (journal.state === "open" && !site.mergeHead && site.changed.length === 0) {
    throw new IntegrateError(
      "E_NOTHING_TO_ABORT",
      `The merge left open in ${run.worktreePath} was already finished or abandoned there; there is nothing to abort (rolling back now would drop that commit)`,
      {
        hint: `Inspect ${run.branch} with git log; reset it by hand if you want to undo that merge`,
        path: run.worktreePath,
      },
    );
  }
}

/** Resets the integration worktree (and so the branch) to the last completed merge; says what it did. */
async function rollBack(run: IntegrationRun, journal: Journal, site: Site): Promise<RollBack> {
  const { git } = run;
  const target = journal.merges.at(-1)?.sha ?? journal.before;
  const actions: string[] = [];
  let headBefore: string | null = null;
  if (site.own !== undefined) {
    if (journal.state === "running" && (await removeStaleIndexLock(git, site.own.path)))
      actions.push("removed a stale index.lock");
    headBefore = await readHead(git, site.own.path);
    await git.run(["reset", "--hard", "--quiet", target], { cwd: site.own.path });
    const what = journal.current ? `the half-done merge of "${journal.current}"` : "the working tree";
    actions.push(`reset ${what} to ${target.slice(0, 12)} (git reset --hard)`);
    if (headBefore !== target)
      actions.push(`moved ${run.branch} from ${headBefore.slice(0, 12)} back to ${target.slice(0, 12)}`);
  } else {
    actions.push("the integration worktree was gone; there was nothing to reset");
  }
  const keptMerges = keptMergesOf(journal);
  if (keptMerges.length > 0) actions.push(`kept the completed merges of ${keptMerges.join(", ")}`);
  return { target, headBefore, actions };
}

/** The result of a roll-back: nothing merged, the recovery says what was undone. */
function abortResult(
  run: IntegrationRun,
  done: { journal: Journal; site: Site; rolled: RollBack; head: string; kept: boolean },
): IntegrationResult {
  const { journal, site, rolled } = done;
  return {
    name: run.name,
    branch: run.branch,
    base: journal.base,
    created: false,
    before: journal.before,
    head: done.head,
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
      previous: previousRun(journal),
      keptMerges: keptMergesOf(journal),
      headBefore: rolled.headBefore,
      resetTo: site.own === undefined ? null : rolled.target,
      actions: rolled.actions,
    },
    open: false,
    nextCommands: [],
    worktree: { path: run.worktreePath, kept: site.own !== undefined && done.kept },
    journal: run.journalFile,
    gitCalls: run.git.calls,
  };
}
