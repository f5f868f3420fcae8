import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { git } from "@wo/worktree";
import type { Workspace } from "./workspace.js";

/**
 * A worker branch whose worktree wo removed (cleanup, `wo worktree remove`) while the branch stayed, because its
 * work was not yet in the base. It is the earlier work of a finished worker, not a worker: monitor, integrate and
 * setup leave it alone while its tip is still the one recorded here. New commits on it make it a worker again.
 */
export interface RetiredBranch {
  branch: string;
  /** The branch's tip when its worktree was removed. */
  tip: string;
  /** ISO 8601 time of the removal. */
  at: string;
}

/** The retired branches, by branch name; a missing or unreadable record is empty (it only ever hides branches). */
export async function readRetired(ws: Workspace): Promise<Map<string, RetiredBranch>> {
  try {
    const value = JSON.parse(await readFile(ws.paths.retired, "utf8")) as unknown;
    const list = Array.isArray(value) ? value : [];
    return new Map(
      list
        .filter(
          (r): r is RetiredBranch =>
            typeof r === "object" &&
            r !== null &&
            typeof r.branch === "string" &&
            typeof r.tip === "string" &&
            typeof r.at === "string",
        )
        .map((r) => [r.branch, r]),
    );
  } catch {
    return new Map();
  }
}

/**
 * Records branches as retired (replacing earlier records of the same branches) and forgets `forget` (deleted
 * branches). Written atomically: a reader sees the old record or the new one.
 */
export async function updateRetired(
  ws: Workspace,
  retire: ReadonlyArray<Omit<RetiredBranch, "at">>,
  forget: readonly string[] = [],
): Promise<void> {
  if (retire.length === 0 && forget.length === 0) return;
  const records = await readRetired(ws);
  const at = ws.now().toISOString();
  for (const branch of forget) records.delete(branch);
  for (const r of retire) records.set(r.branch, { branch: r.branch, tip: r.tip, at });
  await writeStateJson(ws.paths.retired, [...records.values()]);
}

/** The commit `refs/heads/<branch>` points at, or `null` when there is no such branch. */
export async function branchTip(ws: Workspace, branch: string): Promise<string | null> {
  const answer = await git(["rev-parse", "--verify", "--quiet", `refs/heads/${branch}^{commit}`], {
    cwd: ws.repo.root,
    allowFailure: true,
  });
  return answer.stdout.trim() || null;
}

/** Writes a JSON file of wo's state atomically (a temporary file renamed over it): a reader sees old or new. */
export async function writeStateJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, file);
}
