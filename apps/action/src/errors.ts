import { isWoError } from "@wo/core";

/** Codes of {@link ActionError}: stable strings tests and users can rely on. */
export type ActionErrorCode =
  /** An input is missing or malformed. */
  | "E_INPUT"
  /** A git fetch or push (or a check before one) failed. */
  | "E_GIT"
  /** The GitHub API refused or failed (the pull-request comment). */
  | "E_GITHUB"
  /** Integration found conflicting workers and `fail-on-conflict` is on. */
  | "E_CONFLICT";

/** An error of the action itself: what failed, what was expected, and a one-line hint on how to fix it. */
export class ActionError extends Error {
  override readonly name = "ActionError";
  readonly code: ActionErrorCode;
  readonly hint: string | undefined;

  constructor(code: ActionErrorCode, message: string, details: { hint?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.hint = details.hint;
  }
}

const BUG_HINT = "this is a bug in the wo action: please report it with this step's log";

/**
 * What a failed step shows: the message of any error, then a `hint:` line when it has one (wo's own
 * errors and {@link ActionError} carry hints). Unknown errors say so, so they are recognisable as bugs.
 */
export function failureMessage(error: unknown): string {
  if (error instanceof Error) {
    const hint = (error as { hint?: unknown }).hint;
    if (!isWoError(error)) return `unexpected failure: ${error.message}\nhint: ${BUG_HINT}`;
    return typeof hint === "string" && hint !== "" ? `${error.message}\nhint: ${hint}` : error.message;
  }
  return `unexpected failure: ${String(error)}\nhint: ${BUG_HINT}`;
}
