import { existsSync } from "node:fs";
import type { WorktreeInfo } from "@wo/worktree";
import { IntegrateError } from "./errors.js";
import { hasMergeHead, readChangedPaths, readHead, readWorktrees } from "./git.js";
import type { RunRefs } from "./inputs.js";
import type { IntegrationRun } from "./integration-types.js";
import type { Journal } from "./journal.js";
import { samePath } from "./paths.js";
import { shellQuote, summarise } from "./text.js";

/** The state of wo's integration worktree before a run. */
export interface Site {
  /** The worktree entry at the integration path, when git has one. */
  own: WorktreeInfo | undefined;
  /** A merge is in progress there. */
  mergeHead: boolean;
  /** Uncommitted paths there. */
  changed: string[];
}

/**
 * "Dirty" means tracked changes: untracked files never block a merge (git refuses by itself to overwrite one), and
 * test runs leave build output behind.
 */
export const TRACKED = { untracked: false } as const;

/**
 * Checks every worktree a run would touch, from one worktree list, and returns the integration worktree's state.
 * Refuses (`E_CHECKED_OUT`, `E_DIRTY`, `E_WORKTREE`, `E_MERGE_OPEN`) before anything changed. A half-done merge
 * is accepted only when the journal says a run was interrupted: recovery ends it.
 */
export async function checkSite(
  run: IntegrationRun,
  into: string | null,
  journal: Journal | null,
): Promise<Site> {
  const worktrees = await readWorktrees(run.git);
  await refuseForeignCheckouts(run, worktrees, into);
  const site = await inspectSite(run, worktrees);
  if (journal?.state === "open" && (site.mergeHead || site.changed.length > 0)) {
    const commands = openMergeCommands(run, run.worktreePath, site.changed);
    throw new IntegrateError(
      "E_MERGE_OPEN",
      `The merge of "${journal.current ?? "?"}" into ${run.branch} is still open in ${run.worktreePath}: finish it (${commands.join("; ")}) or roll it back with abort`,
      {
        hint: "Resolve, `git add` and `git commit` there, then run again; or run again with abort",
        path: run.worktreePath,
      },
    );
  }
  if (journal?.state !== "running" && (site.mergeHead || site.changed.length > 0)) {
    throw dirtyError(run.worktreePath, site.changed, "it is wo's integration worktree", site.mergeHead);
  }
  return site;
}

/** Looks at the integration worktree; prunes a stale entry whose directory is gone. */
export async function inspectSite(run: IntegrationRun, worktrees: WorktreeInfo[]): Promise<Site> {
  let own = worktrees.find((worktree) => samePath(worktree.path, run.worktreePath));
  if (own?.prunable != null) {
    await run.git.run(["worktree", "prune"]);
    own = undefined;
  }
  if (own === undefined) {
    if (existsSync(run.worktreePath)) {
      throw new IntegrateError(
        "E_WORKTREE",
        `Cannot use ${run.worktreePath} as the integration worktree: the directory exists but is not a git worktree`,
        {
          hint: `Remove the directory (rm -r ${shellQuote(run.worktreePath)}) and run again`,
          path: run.worktreePath,
        },
      );
    }
    return { own, mergeHead: false, changed: [] };
  }
  if (own.branch !== run.branch) {
    throw new IntegrateError(
      "E_WORKTREE",
      `The integration worktree ${own.path} is on ${own.branch ?? "a detached HEAD"}, expected ${run.branch}`,
      {
        hint: `Switch it back (git -C ${shellQuote(own.path)} switch ${shellQuote(run.branch)}) or remove it (git worktree remove ${shellQuote(own.path)})`,
        path: own.path,
      },
    );
  }
  const [mergeHead, changed] = await Promise.all([
    hasMergeHead(run.git, own.path),
    readChangedPaths(run.git, own.path, TRACKED),
  ]);
  return { own, mergeHead, changed };
}

/**
 * Adds the integration worktree when it is not there (creating the branch at the base when it does not exist
 * yet) and reads the commit merging starts from.
 */
export async function openWorktree(
  run: IntegrationRun,
  site: Site,
  refs: RunRefs,
): Promise<{ created: boolean; before: string }> {
  const created = refs.branchSha === null;
  if (site.own === undefined) {
    const args = created
      ? ["worktree", "add", "--quiet", "-b", run.branch, run.worktreePath, refs.base]
      : ["worktree", "add", "--quiet", run.worktreePath, run.branch];
    await run.git.run(args);
  }
  return { created, before: await readHead(run.git, run.worktreePath) };
}

/** Removes the integration worktree; the integration branch stays. */
export async function removeWorktree(run: IntegrationRun): Promise<void> {
  await run.git.run(["worktree", "remove", "--force", run.worktreePath]);
}

/** The shell commands that finish a merge left open in `cwd`, ending with the re-run. */
export function openMergeCommands(run: IntegrationRun, cwd: string, files: readonly string[]): string[] {
  return [
    `cd ${shellQuote(cwd)}`,
    "git status",
    `git add -- ${files.length > 0 ? files.map(shellQuote).join(" ") : "<resolved files>"}`,
    "git commit --no-edit",
    run.options.rerunCommand ?? `wo integrate ${shellQuote(run.name)}`,
  ];
}

/** Refusals that need the worktree list: the integration branch or `into` checked out elsewhere, dirty trees. */
async function refuseForeignCheckouts(
  run: IntegrationRun,
  worktrees: WorktreeInfo[],
  into: string | null,
): Promise<void> {
  const holder = worktrees.find(
    (worktree) =>
      worktree.branch === run.branch &&
      worktree.prunable === null &&
      !samePath(worktree.path, run.worktreePath),
  );
  if (holder !== undefined) {
    const changed = await readChangedPaths(run.git, holder.path, TRACKED);
    if (changed.length > 0) throw dirtyError(holder.path, changed, `${run.branch} is checked out there`);
    throw new IntegrateError(
      "E_CHECKED_OUT",
      `${run.branch} is checked out in ${holder.path}; wo merges only in its own integration worktree and will not operate on another checkout`,
      {
        hint: `Switch that worktree to another branch (git -C ${shellQuote(holder.path)} switch -) or remove it, then run again`,
        path: holder.path,
      },
    );
  }
  if (into === null) return;
  const intoHolder = worktrees.find((worktree) => worktree.branch === into && worktree.prunable === null);
  if (intoHolder === undefined) return;
  const changed = await readChangedPaths(run.git, intoHolder.path, TRACKED);
  if (changed.length > 0)
    throw dirtyError(intoHolder.path, changed, `the final merge into ${into} would run there`);
}

/** `E_DIRTY` for a worktree the run would have to change: says what is in the way and why it matters. */
function dirtyError(dir: string, changed: readonly string[], why: string, mergeHead = false): IntegrateError {
  const what = mergeHead ? "a merge in progress" : `uncommitted changes (${summarise(changed)})`;
  return new IntegrateError("E_DIRTY", `${dir} has ${what}; ${why}, so nothing was changed`, {
    hint: `Commit or stash them first (git -C ${shellQuote(dir)} status)`,
    path: dir,
  });
}
