import { IntegrateError } from "./errors.js";
import { firstLine, type GitOutput, isAncestor, readHead } from "./git.js";
import type { IntegrationRun, ResolvedWorker } from "./integration-types.js";
import type { Journal } from "./journal.js";
import type { WorkerBranch } from "./names.js";
import { recordJournal } from "./run-journal.js";
import { openMergeCommands } from "./site.js";
import { oneLine } from "./text.js";

/** What the merge stage did. */
export interface Merging {
  /** The integration branch's commit after the last completed merge. */
  head: string;
  /** Features merged by this run, in order. */
  merged: string[];
  /** Features already contained in the integration branch. */
  alreadyMerged: string[];
  /** The conflict that stopped the stage (at most one). */
  conflicts: { feature: string; files: string[] }[];
  /** Features after the conflict, not attempted. */
  skipped: string[];
  /** The conflicted merge was left open (`stopOnConflict`). */
  open: boolean;
  /** Commands that finish the open merge; `[]` when nothing is open. */
  nextCommands: string[];
  /** The journal as the stage left it (a stop at a conflict is written by the run's last journal write). */
  journal: Journal;
}

/** One `git merge` of a worker. */
type Attempt =
  | { status: "merged"; head: string }
  | { status: "conflict"; files: string[] }
  | { status: "failed"; argv: string[]; result: GitOutput };

/**
 * Merges the workers in order with `--no-ff` in the integration worktree, skipping those already contained, and
 * stops at the first conflict. The journal names the merge in progress and records each completed one, so a
 * crash between any two steps can be recovered. Throws `E_MERGE_FAILED` when git fails without a conflict.
 */
export async function mergeWorkers(
  run: IntegrationRun,
  workers: readonly ResolvedWorker[],
  before: string,
  started: Journal,
): Promise<Merging> {
  let journal = started;
  let head = before;
  const merged: string[] = [];
  const alreadyMerged: string[] = [];
  for (const [index, worker] of workers.entries()) {
    if (await isAncestor(run.git, worker.sha, head)) {
      alreadyMerged.push(worker.feature);
      continue;
    }
    journal = await recordJournal(run, { ...journal, current: worker.feature });
    const attempt = await mergeWorker(run, worker);
    if (attempt.status === "merged") {
      head = attempt.head;
      merged.push(worker.feature);
      const merges = [...journal.merges, { feature: worker.feature, sha: head }];
      journal = await recordJournal(run, { ...journal, merges, current: null });
      continue;
    }
    if (attempt.status === "failed") return failMerge(run, journal, { worker, head, merged, attempt });
    const stop = await stopAtConflict(run, journal, attempt.files);
    return {
      head,
      merged,
      alreadyMerged,
      conflicts: [{ feature: worker.feature, files: attempt.files }],
      skipped: workers.slice(index + 1).map((rest) => rest.feature),
      ...stop,
    };
  }
  return { head, merged, alreadyMerged, conflicts: [], skipped: [], open: false, nextCommands: [], journal };
}

/** Merge commit message for a worker: `Merge <feature>: <description>` (one cleaned line). */
export function mergeMessage(worker: Pick<WorkerBranch, "feature" | "branch" | "description">): string {
  const description = oneLine(worker.description ?? "");
  return description === ""
    ? `Merge ${worker.feature} (${worker.branch})`
    : `Merge ${worker.feature}: ${description}`;
}

/** Runs `git merge` for one worker and tells a merge, a conflict (with its files) and a failure apart. */
async function mergeWorker(run: IntegrationRun, worker: ResolvedWorker): Promise<Attempt> {
  const { git } = run;
  const cwd = run.worktreePath;
  const argv = ["merge", "--no-ff", "--no-edit", "-m", mergeMessage(worker), worker.sha];
  const result = await git.run(argv, { cwd, allowFailure: true });
  if (result.exitCode === 0) return { status: "merged", head: await readHead(git, cwd) };
  const unmerged = await git.run(["diff", "--name-only", "--diff-filter=U", "-z"], { cwd });
  const files = [...new Set(unmerged.stdout.split("\0").filter((file) => file !== ""))].sort();
  if (files.length === 0) return { status: "failed", argv, result };
  return { status: "conflict", files };
}

/** A conflict stops the run: the merge is aborted, or left open for the user with `stopOnConflict`. */
async function stopAtConflict(
  run: IntegrationRun,
  journal: Journal,
  files: string[],
): Promise<Pick<Merging, "open" | "nextCommands" | "journal">> {
  if (run.options.stopOnConflict) {
    const nextCommands = openMergeCommands(run, run.worktreePath, files);
    return { open: true, nextCommands, journal: { ...journal, state: "open" } };
  }
  await run.git.run(["merge", "--abort"], { cwd: run.worktreePath });
  return { open: false, nextCommands: [], journal: { ...journal, state: "conflict", current: null } };
}

/**
 * A merge git refused without a conflict (a hook, untracked files in the way): the worktree goes back to the last
 * completed merge, the journal says `failed`, and `E_MERGE_FAILED` names what git said.
 */
async function failMerge(
  run: IntegrationRun,
  journal: Journal,
  failed: {
    worker: ResolvedWorker;
    head: string;
    merged: string[];
    attempt: { argv: string[]; result: GitOutput };
  },
): Promise<never> {
  const { worker, merged, attempt } = failed;
  const cwd = run.worktreePath;
  await run.git.run(["reset", "--hard", "--quiet", failed.head], { cwd });
  await recordJournal(run, { ...journal, state: "failed", current: null });
  const kept = merged.length > 0 ? `; ${run.branch} keeps the merges of ${merged.join(", ")}` : "";
  throw new IntegrateError(
    "E_MERGE_FAILED",
    `Merging "${worker.feature}" (${worker.branch}) into ${run.branch} failed without a conflict: ${firstLine(attempt.result.stderr) || `exit ${attempt.result.exitCode}`}${kept}`,
    {
      hint: "Fix what git reports (a hook, untracked files in the way), then run again",
      argv: ["git", "-C", cwd, ...attempt.argv],
      stderr: attempt.result.stderr,
      exitCode: attempt.result.exitCode,
    },
  );
}
