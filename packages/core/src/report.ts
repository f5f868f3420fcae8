import { existsSync } from "node:fs";
import path from "node:path";
import { openRepository, PROTOCOL_FILES, writeWorkerResult, writeWorkerStatus } from "@wo/worktree";
import { WoError } from "./errors.js";

/**
 * Worker side of the protocol (`wo report`): writes the result (when given; otherwise the worker's own
 * `.worker-result.md` stays as it is), then the status, each atomically, so a reader that sees the status also
 * sees the result.
 */
export async function reportWorker(
  cwd: string,
  status: "done" | "failed",
  result: string | null,
): Promise<{ worktree: string; status: "done" | "failed" }> {
  const repo = await openRepository(cwd);
  if (repo.cwdTree === repo.root && !existsSync(path.join(repo.cwdTree, PROTOCOL_FILES.meta))) {
    throw new WoError("E_NOT_A_WORKER", `${repo.cwdTree} is not a worker's worktree; nothing was reported`, {
      hint: "Run wo report inside the worktree of a worker (WO_WORKTREE in a worker's environment)",
    });
  }
  if (result !== null) await writeWorkerResult(repo.cwdTree, result);
  await writeWorkerStatus(repo.cwdTree, status);
  return { worktree: repo.cwdTree, status };
}
