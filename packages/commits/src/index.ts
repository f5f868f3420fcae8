export { changedFilesByBranch } from "./changed-files.js";
export { CommitsError, type CommitsErrorCode, type CommitsErrorDetails } from "./errors.js";
export {
  newestCommits,
  type ReadWorkerHistoryOptions,
  readWorkerHistory,
  type WorkerBranchHistory,
  type WorkerCommit,
  type WorkerHistory,
} from "./history.js";
export { findNeedsCycles, isNeedSatisfied, type NeedsEdge } from "./monitor.js";
export {
  type CommitStatus,
  type CommitStatusKind,
  formatCommitPrefix,
  type ParseCommitPrefixOptions,
  type ParsedSubject,
  parseCommitPrefix,
} from "./prefix.js";
