export { WorktreeError, type WorktreeErrorCode } from "./errors.js";
export { type GitOptions, type GitResult, git } from "./git.js";
export { type LinkedWorktree, readLinkedWorktrees } from "./linked.js";
export {
  FEATURE_NAME_PATTERN,
  featureNameProblem,
  isValidFeatureName,
  validateFeatureName,
} from "./names.js";
export {
  META_MAX_BYTES,
  PROTOCOL_EXCLUDES,
  PROTOCOL_FILES,
  parseWorkerStatus,
  parseWorktreeMeta,
  RESULT_MAX_BYTES,
  readWorkerResult,
  readWorkerStatus,
  readWorktreeMeta,
  type WorkerFileStatus,
  type WorkerMeta,
  type WorktreeMeta,
  workerStatusTime,
  writeWorkerResult,
  writeWorkerStatus,
  writeWorktreeMeta,
} from "./protocol.js";
export { type BranchTip, readBranchTips } from "./refs.js";
export { openRepository, type Repository } from "./repository.js";
export {
  type ArchivedResult,
  type ArchiveOptions,
  archiveWorkerResult,
  readArchivedResults,
} from "./results.js";
export { type RunInWorktreeOptions, type RunInWorktreeResult, runInWorktree } from "./run.js";
export { type WoStatePaths, woStatePaths } from "./state-paths.js";
export {
  type AddWorktreeOptions,
  addWorktree,
  ensureExcludes,
  listWorktrees,
  parseWorktreeList,
  pruneWorktrees,
  type RemoveWorktreeOptions,
  removeWorktree,
  type WorktreeInfo,
} from "./worktrees.js";
