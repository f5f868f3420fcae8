import { WoBaseError } from "@wo/errors";

/** Codes of {@link IntegrateError}: stable strings callers can switch on. */
export type IntegrateErrorCode =
  /** git is not installed or not on `PATH`. */
  | "E_GIT_NOT_INSTALLED"
  /** A git process failed for a reason not covered by a more specific code. */
  | "E_GIT"
  /** git is older than 2.38, which has no `merge-tree --write-tree`. */
  | "E_GIT_TOO_OLD"
  /** The directory is not inside a git repository. */
  | "E_NOT_A_REPO"
  /** A base, worker branch or target branch does not name a commit. */
  | "E_UNKNOWN_REF"
  /** An option is invalid: a bad name, a duplicate worker, an empty list, a branch name starting with `-`. */
  | "E_INVALID_OPTION"
  /** A worktree the operation would have to change has uncommitted changes. */
  | "E_DIRTY"
  /** The integration branch is checked out in a worktree that is not wo's integration worktree. */
  | "E_CHECKED_OUT"
  /** wo's integration worktree path is taken by something else (another branch, or a stray directory). */
  | "E_WORKTREE"
  /** Another integration of the same name is running (its process is alive). */
  | "E_BUSY"
  /** A merge was left open for manual resolution (`stopOnConflict`) and is not finished yet. */
  | "E_MERGE_OPEN"
  /** `abort: true` was passed but there is no interrupted or open integration to roll back. */
  | "E_NOTHING_TO_ABORT"
  /** `strictScope: true` and workers changed files outside their declared scope. */
  | "E_SCOPE"
  /** `git merge` failed without a conflict (a hook refused it, untracked files were in the way, …). */
  | "E_MERGE_FAILED"
  /** The integration journal cannot be read. */
  | "E_JOURNAL";

/** Details attached to an {@link IntegrateError}. */
export interface IntegrateErrorDetails {
  /** One line telling the user how to fix it. */
  hint?: string;
  /** The full git argv (starting with `git`) that failed, when a git process ran. */
  argv?: readonly string[];
  /** What git printed on stderr, trimmed. */
  stderr?: string;
  /** git's exit code, when it ran and exited. */
  exitCode?: number;
  /** The file or directory the error is about. */
  path?: string;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The one error type of `@wo/integrate`: the message says what failed, what was expected, what was received and
 * how to fix it; `code` is stable; `hint` is one line of advice; `cause` keeps the original error; `argv`/`stderr`
 * say which git call failed and why.
 */
export class IntegrateError extends WoBaseError {
  override readonly name = "IntegrateError";
  declare readonly code: IntegrateErrorCode;
  /** The git argv that failed (starting with `git`), or `[]` when no git process was involved. */
  readonly argv: readonly string[];
  /** git's stderr, trimmed, or `""`. */
  readonly stderr: string;
  /** git's exit code, or `undefined` when no git process exited. */
  readonly exitCode: number | undefined;
  /** The file or directory the error is about, when there is one. */
  readonly path: string | undefined;

  constructor(code: IntegrateErrorCode, message: string, details: IntegrateErrorDetails = {}) {
    super(code, message, details);
    this.argv = details.argv ?? [];
    this.stderr = details.stderr ?? "";
    this.exitCode = details.exitCode;
    this.path = details.path;
  }
}
