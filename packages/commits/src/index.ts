export { newestCommits, type WorkerBranchHistory, type WorkerCommit } from "./attribution.js";
export { changedFilesByBranch } from "./changed-files.js";
export { CommitsError, type CommitsErrorCode, type CommitsErrorDetails } from "./errors.js";
export { type ReadWorkerHistoryOptions, readWorkerHistory, type WorkerHistory } from "./history.js";
export { findNeedsCycles, isNeedSatisfied, type NeedsEdge } from "./monitor.js";
export {
  type CommitStatus,
  type CommitStatusKind,
  formatCommitPrefix,
  type ParseCommitPrefixOptions,
  type ParsedSubject,
  parseCommitPrefix,
} from "./prefix.js";
