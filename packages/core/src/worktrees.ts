import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import {
  addWorktree,
  ensureExcludes,
  PROTOCOL_EXCLUDES,
  removeWorktree,
  validateFeatureName,
} from "@wo/worktree";
import { WoError } from "./errors.js";
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

/**
 * Removes the worktree of `feature` (its branch stays). Refused while its worker runs, and when it has uncommitted
 * changes unless `force`.
 */
export async function removeWorkerWorktree(
  ws: Workspace,
  feature: string,
  options: { force?: boolean } = {},
): Promise<WorkerWorktree> {
  const record = await findRecord(ws, feature);
  const [status] = await statusOfRecords(ws, [record]);
  if (status === "running") {
    throw new WoError("E_RUNNING", `Worker ${feature} is running; its worktree was not removed`, {
      hint: `Stop it first: wo kill ${feature}`,
    });
  }
  await killSessionIfAny(ws, record.session);
  await removeWorktree(ws.repo, record.path, { force: options.force ?? false });
  return { feature, path: record.path, branch: record.branch, session: record.session };
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
