import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { IntegrateError } from "./errors.js";
import { type GitRunner, readHead } from "./git.js";
import type { IntegrationRun, Recovery } from "./integration-types.js";
import { type Journal, processAlive, readJournal } from "./journal.js";
import type { Site } from "./site.js";

/** Reads the journal and refuses with `E_BUSY` when another live process owns it. */
export async function readOwnJournal(run: IntegrationRun): Promise<Journal | null> {
  const journal = await readJournal(run.journalFile);
  if (journal?.state === "running" && journal.pid !== process.pid && processAlive(journal.pid)) {
    throw new IntegrateError(
      "E_BUSY",
      `Integration ${run.branch} is being run by process ${journal.pid} (started ${journal.startedAt})`,
      {
        hint: `Wait for it to finish; if that process is not wo, delete ${run.journalFile} and run again`,
        path: run.journalFile,
      },
    );
  }
  return journal;
}

/**
 * Ends a half-done merge of a dead run (default recovery): completed merges stay, the run continues. `before`:
 * what was already repaired (the final merge into a checkout, `recoverLanding`).
 */
export async function rollForward(
  run: IntegrationRun,
  journal: Journal,
  site: Site,
  before: string[] = [],
): Promise<Recovery> {
  const actions = [...before];
  let headBefore: string | null = null;
  if (site.own !== undefined) {
    if (await removeStaleIndexLock(run.git, site.own.path)) actions.push("removed a stale index.lock");
    headBefore = await readHead(run.git, site.own.path);
    if (site.mergeHead || site.changed.length > 0) {
      await run.git.run(["reset", "--hard", "--quiet", "HEAD"], { cwd: site.own.path });
      actions.push(
        `ended the half-done merge${journal.current ? ` of "${journal.current}"` : ""} (git reset --hard HEAD)`,
      );
    }
  } else {
    actions.push("the integration worktree was gone; there was nothing to undo");
  }
  const keptMerges = keptMergesOf(journal);
  if (keptMerges.length > 0) actions.push(`kept the completed merges of ${keptMerges.join(", ")}`);
  actions.push("continued with the workers not merged yet");
  return {
    mode: "roll-forward",
    reason: "interrupted",
    previous: previousRun(journal),
    keptMerges,
    headBefore,
    resetTo: headBefore,
    actions,
  };
}

/** A dead git process can leave `index.lock` behind; only called when the journal's process is gone. */
export async function removeStaleIndexLock(git: GitRunner, cwd: string): Promise<boolean> {
  const gitDir = (await git.run(["rev-parse", "--absolute-git-dir"], { cwd })).stdout.trim();
  const lock = path.join(gitDir, "index.lock");
  if (!existsSync(lock)) return false;
  await rm(lock, { force: true });
  return true;
}

/** The features whose merges the journal records as completed: recovery keeps them. */
export function keptMergesOf(journal: Journal): string[] {
  return journal.merges.map((merge) => merge.feature);
}

/** The earlier run as a {@link Recovery} names it. */
export function previousRun(journal: Journal): Recovery["previous"] {
  return { startedAt: journal.startedAt, pid: journal.pid, feature: journal.current };
}
