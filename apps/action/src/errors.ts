import { isWoError, WoBaseError } from "@wo/errors";

/** Codes of {@link ActionError}: stable strings tests and users can rely on. */
export type ActionErrorCode =
  /** An input is missing or malformed. */
  | "E_INPUT"
  /** A git fetch or push (or a check before one) failed. */
  | "E_GIT"
  /** The GitHub API refused or failed (the pull-request comment). */
  | "E_GITHUB"
  /** Integration found conflicting workers and `fail-on-conflict` is on. */
  | "E_CONFLICT"
  /** The check's test command failed (the outputs say which worker it goes back to). */
  | "E_CHECK";

/** An error of the action itself: what failed, what was expected, and a one-line hint on how to fix it. */
export class ActionError extends WoBaseError {
  override readonly name = "ActionError";
  declare readonly code: ActionErrorCode;

  constructor(code: ActionErrorCode, message: string, details: { hint?: string; cause?: unknown } = {}) {
    super(code, message, details);
  }
}

const BUG_HINT = "this is a bug in the wo action: please report it with this step's log";

/**
 * What a failed step shows: the message of a wo error (any package's, {@link ActionError} included), then a
 * `hint:` line when it has one. Other errors say so, so they are recognisable as bugs.
 */
export function failureMessage(error: unknown): string {
  if (isWoError(error)) return error.hint ? `${error.message}\nhint: ${error.hint}` : error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected failure: ${message}\nhint: ${BUG_HINT}`;
}
