import { WoBaseError } from "@wo/errors";

/** Codes of {@link WorktreeError}: stable strings callers can switch on. */
export type WorktreeErrorCode =
  | "E_GIT_NOT_INSTALLED"
  | "E_GIT"
  | "E_NOT_A_REPO"
  | "E_FEATURE_NAME"
  | "E_WORKTREE_EXISTS"
  | "E_WORKTREE_MISSING"
  | "E_WORKTREE_DIRTY"
  | "E_META_CORRUPT"
  | "E_STATUS_INVALID"
  | "E_FILE"
  | "E_FILE_LINK"
  | "E_TOO_LARGE"
  | "E_INVALID_OPTION";

/** An error from git worktrees or the worker file protocol: what failed, why, and how to fix it. */
export class WorktreeError extends WoBaseError {
  override readonly name = "WorktreeError";
  declare readonly code: WorktreeErrorCode;
  /** The git argv that failed, when a git command failed. */
  readonly argv: readonly string[];
  /** git's stderr, trimmed, when a git command failed. */
  readonly stderr: string;
  /** The file the error is about, for protocol file errors. */
  readonly file: string | undefined;

  constructor(
    code: WorktreeErrorCode,
    message: string,
    details: {
      hint?: string;
      argv?: readonly string[];
      stderr?: string;
      file?: string;
      cause?: unknown;
    } = {},
  ) {
    super(code, message, details);
    this.argv = details.argv ?? [];
    this.stderr = details.stderr ?? "";
    this.file = details.file;
  }
}
