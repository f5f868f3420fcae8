import type { RunInputs, RunRefs } from "./inputs.js";
import type { IntegrationRun } from "./integration-types.js";
import { type Journal, writeJournal } from "./journal.js";

/**
 * Writes the journal of a run that starts merging: `running`, owned by this process, nothing merged yet. From
 * here on a crash is recovered from the journal (docs/reliability.md).
 */
export async function startJournal(
  run: IntegrationRun,
  inputs: RunInputs,
  refs: RunRefs,
  before: string,
): Promise<Journal> {
  return recordJournal(run, {
    version: 1,
    name: run.name,
    branch: run.branch,
    state: "running",
    pid: process.pid,
    startedAt: new Date().toISOString(),
    updatedAt: "",
    base: { ref: inputs.baseRef, sha: refs.base },
    order: inputs.workers.map((worker) => worker.feature),
    before,
    merges: [],
    current: null,
    worktree: run.worktreePath,
  });
}

/** Writes `journal` as the run's journal and returns it, so stages pass the journal on as a value. */
export async function recordJournal(run: IntegrationRun, journal: Journal): Promise<Journal> {
  await writeJournal(run.journalFile, journal);
  return journal;
}

/** The last write of a run: a run still `running` (no conflict, no open merge) is `completed`. */
export async function finishJournal(run: IntegrationRun, journal: Journal): Promise<Journal> {
  return recordJournal(run, journal.state === "running" ? { ...journal, state: "completed" } : journal);
}
