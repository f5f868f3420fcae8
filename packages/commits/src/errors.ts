import { WoBaseError } from "@wo/errors";

/** Codes of {@link CommitsError}: stable strings callers can switch on. */
export type CommitsErrorCode =
  /** A git process failed for a reason not covered by a more specific code (or git is not installed). */
  | "E_GIT"
  /** The directory is not inside a git repository (or does not exist). */
  | "E_NOT_A_REPO"
  /** The base ref does not name a commit in the repository, or is not a usable ref string. */
  | "E_BAD_REF"
  /** An option passed to a function is invalid (e.g. an empty branch prefix). */
  | "E_INVALID_OPTION"
  /** {@link formatCommitPrefix} was given a status it cannot write unambiguously. */
  | "E_INVALID_STATUS";

/** Details attached to a {@link CommitsError}. */
export interface CommitsErrorDetails {
  /** One line telling the user how to fix it. */
  hint?: string;
  /** The full git argv (without the program name) that failed, when a git process ran. */
  argv?: readonly string[];
  /** What git printed on stderr, trimmed. */
  stderr?: string;
  /** git's exit code, when it ran and exited. */
  exitCode?: number;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * An error of `@wo/commits`: the message says what failed, what was expected, what was received and how to fix it;
 * `code` is stable, `hint` is one line of advice, `cause` keeps the original error, `argv`/`stderr` say which git
 * call failed and why.
 */
export class CommitsError extends WoBaseError {
  override readonly name = "CommitsError";
  declare readonly code: CommitsErrorCode;
  /** The git argv that failed, or `[]` when no git process was involved. */
  readonly argv: readonly string[];
  /** git's stderr, trimmed, or `""`. */
  readonly stderr: string;
  /** git's exit code, or `undefined` when no git process exited. */
  readonly exitCode: number | undefined;

  constructor(code: CommitsErrorCode, message: string, details: CommitsErrorDetails = {}) {
    super(code, message, details);
    this.argv = details.argv ?? [];
    this.stderr = details.stderr ?? "";
    this.exitCode = details.exitCode;
  }
}
