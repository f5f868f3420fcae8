import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { woStatePaths } from "@wo/worktree";
import { IntegrateError } from "./errors.js";

/** Where an integration run is. */
export type JournalState =
  /** A run is merging (or testing); if its process is gone, it was interrupted. */
  | "running"
  /** The last run finished every merge it attempted. */
  | "completed"
  /** The last run stopped at a conflict and aborted that merge. */
  | "conflict"
  /** The last run left a conflicted merge open for manual resolution (`stopOnConflict`). */
  | "open"
  /** The last run was rolled back (`abort: true`). */
  | "aborted"
  /** The last run failed with an error (its completed merges are kept). */
  | "failed";

/**
 * The journal of an integration (`<git common dir>/wo/integration/<name>.json`): enough to tell, after a crash,
 * what was done and what was half-done.
 */
export interface Journal {
  version: 1;
  name: string;
  branch: string;
  state: JournalState;
  /** The process that wrote `running`. */
  pid: number;
  startedAt: string;
  updatedAt: string;
  base: { ref: string; sha: string };
  /** Features in merge order. */
  order: string[];
  /** The integration branch's commit before this run. */
  before: string;
  /** Merges completed in this run, in order. */
  merges: { feature: string; sha: string }[];
  /** The feature being merged right now, `null` between merges. */
  current: string | null;
  /** The integration worktree. */
  worktree: string;
  /** The final merge into a checked-out `into` while it is being applied there; absent otherwise. */
  landing?: Landing;
}

/**
 * The last step of `into`: moving a checkout from `from` to the merge commit `to` (prepared beforehand without
 * touching that checkout). Written before the checkout changes, so the next run can tell whether the step
 * finished, never started, or stopped halfway (docs/reliability.md).
 */
export interface Landing {
  /** The branch merged into. */
  into: string;
  /** The checkout of `into` that is moved. */
  worktree: string;
  /** `into`'s commit before. */
  from: string;
  /** The merge commit. */
  to: string;
  /** The git process applying it, once started. */
  pid?: number;
}

/** The directory holding integration journals and worktrees (the layout is `woStatePaths`'s). */
export function integrationDir(commonDir: string): string {
  return woStatePaths(commonDir).integration;
}

/** The journal file of integration `name`. */
export function journalPath(commonDir: string, name: string): string {
  return path.join(integrationDir(commonDir), `${name}.json`);
}

/** Parses a journal; throws `E_JOURNAL` naming the file when it is not one. */
export function parseJournal(text: string, file: string): Journal {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, "it is not valid JSON", error);
  }
  const journal = value as Partial<Journal> | null;
  if (
    journal === null ||
    typeof journal !== "object" ||
    journal.version !== 1 ||
    typeof journal.state !== "string" ||
    typeof journal.before !== "string" ||
    !Array.isArray(journal.merges) ||
    typeof journal.pid !== "number"
  ) {
    throw corrupt(file, "it lacks version 1, state, before, merges or pid", undefined);
  }
  return journal as Journal;
}

function corrupt(file: string, reason: string, cause: unknown): IntegrateError {
  return new IntegrateError("E_JOURNAL", `Cannot read the integration journal ${file}: ${reason}`, {
    hint: "Inspect the integration branch with `git log`, then delete the journal file and run again",
    path: file,
    cause,
  });
}

/** Reads a journal, `null` when there is none. */
export async function readJournal(file: string): Promise<Journal | null> {
  if (!existsSync(file)) return null;
  return parseJournal(await readFile(file, "utf8"), file);
}

/** Writes a journal atomically (temp file + rename), so a crash leaves the old or the new one, never half. */
export async function writeJournal(file: string, journal: Journal): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ ...journal, updatedAt: new Date().toISOString() }, null, 2)}\n`);
  await rename(temp, file);
}

/** Whether a process with this id exists (EPERM means it exists but is not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
