import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import {
  addWorktree,
  archiveWorkerResult,
  ensureExcludes,
  git,
  PROTOCOL_EXCLUDES,
  removeWorktree,
  validateFeatureName,
} from "@wo/worktree";
import { WoError } from "./errors.js";
import { branchTip, updateRetired } from "./retired.js";
import { writeWorkerMeta } from "./worker-meta.js";
import {
  findRecord,
  killSessionIfAny,
  readRecords,
  statusOfRecords,
  type WorkerWorktree,
} from "./workers.js";
import type { Workspace } from "./workspace.js";

/** Creates `worktrees/<feature>` on branch `work/<feature>` from `base` (default: configured base, else HEAD). */
export async function addWorkerWorktree(
  ws: Workspace,
  feature: string,
  options: { base?: string } = {},
): Promise<WorkerWorktree> {
  validateFeatureName(feature);
  checkWorktreeRoot(ws);
  await ensureWorktreeExcludes(ws);
  const branch = ws.names.branchName(feature);
  const base = options.base ?? ws.config.baseBranch;
  const added = await addWorktree(ws.repo, {
    path: ws.names.worktreePath(feature),
    branch,
    ...(base ? { base } : {}),
  });
  await writeWorkerMeta(added.path, { feature, branch });
  return { feature, path: added.path, branch, session: ws.names.sessionName(feature) };
}

/** Worker worktrees (under the worktree root, or carrying `.worktree.json`), sorted by path. */
export async function listWorkerWorktrees(ws: Workspace): Promise<WorkerWorktree[]> {
  return (await readRecords(ws)).map(({ feature, path: dir, branch, session }) => ({
    feature,
    path: dir,
    branch,
    session,
  }));
}

/** What `wo worktree remove` did: the worktree, and what went with it. */
export interface RemovedWorktree extends WorkerWorktree {
  /** Uncommitted paths `force` discarded (empty without `force`: a dirty worktree is refused then). */
  dropped: string[];
  /** Where the worker's result and final status were archived, `null` when it left none. */
  archived: string | null;
}

/**
 * Removes the worktree of `feature` (its branch stays), archiving its result and final status first. Refused while
 * its worker runs, and when it has uncommitted changes unless `force`, which reports the paths it dropped.
 */
export async function removeWorkerWorktree(
  ws: Workspace,
  feature: string,
  options: { force?: boolean } = {},
): Promise<RemovedWorktree> {
  const record = await findRecord(ws, feature);
  const [status] = await statusOfRecords(ws, [record]);
  if (status === "running") {
    throw new WoError("E_RUNNING", `Worker ${feature} is running; its worktree was not removed`, {
      hint: `Stop it first: wo kill ${feature}`,
    });
  }
  await killSessionIfAny(ws, record.session);
  const dropped = options.force ? await uncommittedPaths(record.path) : [];
  // Saved before git is asked: a refused removal leaves the copy behind, which is harmless (archiving the same
  // result again adds nothing).
  const archived = await archiveWorkerResult(record.path, ws.paths.results(feature), {
    feature,
    reason: "worktree remove",
    now: ws.now(),
  });
  await removeWorktree(ws.repo, record.path, { force: options.force ?? false });
  if (record.branch) await retireBranch(ws, record.branch);
  return { feature, path: record.path, branch: record.branch, session: record.session, dropped, archived };
}

/** Modified and untracked paths of a worktree (`git status`), `[]` when git cannot tell. */
async function uncommittedPaths(dir: string): Promise<string[]> {
  const result = await git(["status", "--porcelain=v1", "-z", "--untracked-files=normal"], {
    cwd: dir,
    allowFailure: true,
  });
  if (result.exitCode !== 0) return [];
  const tokens = result.stdout.split("\0");
  const paths: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as string;
    if (token.length < 4) continue;
    paths.push(token.slice(3));
    // A rename or copy is followed by the path it came from.
    if (token[0] === "R" || token[0] === "C") index += 1;
  }
  return paths;
}

/** Keeps the worktree root (when inside the repository) and the protocol files out of `git status`. */
async function ensureWorktreeExcludes(ws: Workspace): Promise<void> {
  const root = path.resolve(ws.repo.root, ws.config.worktreeRoot);
  const relative = path.relative(ws.repo.root, root);
  const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  await ensureExcludes(ws.repo, [
    ...(inside ? [`/${relative.split(path.sep).join("/")}/`] : []),
    ...PROTOCOL_EXCLUDES,
  ]);
}

/**
 * The configured root is checked by its text (config-schema's `worktreeRootProblem`); here it must also not resolve
 * elsewhere through a link in the repository (`worktrees -> ../elsewhere`, or into `.git`).
 */
function checkWorktreeRoot(ws: Workspace): void {
  const root = path.resolve(ws.repo.root, ws.config.worktreeRoot);
  let existing = root;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const real = path.join(realpathSync(existing), path.relative(existing, root));
  const repoRoot = realpathSync(ws.repo.root);
  const inside = (dir: string) => {
    const rel = path.relative(dir, real);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
  };
  const gitDir = realpathSync(ws.repo.commonDir);
  if (!inside(repoRoot) || inside(gitDir) || real === gitDir) {
    throw new WoError(
      "E_CONFIG",
      `worktreeRoot ${JSON.stringify(ws.config.worktreeRoot)} resolves to ${real}, outside the repository or inside .git`,
      {
        hint: "Point worktreeRoot in wo.config.json at a real directory inside the repository (not a link out of it)",
      },
    );
  }
}

/** A worker branch that outlives its worktree is retired at its current tip (see `retired.ts`). */
async function retireBranch(ws: Workspace, branch: string): Promise<void> {
  const tip = await branchTip(ws, branch);
  if (tip !== null) await updateRetired(ws, [{ branch, tip }]);
}
