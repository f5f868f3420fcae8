import { readWorkerHistory, type WorkerHistory } from "@wo/commits";
import { type Repository, readBranchTips } from "@wo/worktree";

/**
 * Every worker branch's history against `base`. The branches come from the repository's ref files when they can
 * be read there (one git process fewer for a monitor that runs every few seconds); otherwise git lists them.
 */
export function readHistory(repo: Repository, branchPrefix: string, base: string): Promise<WorkerHistory> {
  const refs = readBranchTips(repo.commonDir, branchPrefix);
  return readWorkerHistory(repo.root, { base, branchPrefix, ...(refs ? { refs } : {}) });
}
