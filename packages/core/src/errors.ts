import { WoBaseError } from "@wo/errors";

/** Codes of {@link WoError}: stable strings callers can switch on. */
export type WoErrorCode =
  | "E_CONFIG"
  | "E_EXISTS"
  | "E_AGENT"
  | "E_AGENT_NOT_FOUND"
  | "E_AGENT_CONSENT"
  | "E_AGENT_CONFIG"
  | "E_NO_WORKTREE"
  | "E_ALREADY_RUNNING"
  | "E_SESSION_TAKEN"
  | "E_BRANCH_TAKEN"
  | "E_RETRIES"
  | "E_RUNNING"
  | "E_NO_WORKER"
  | "E_NOT_SUBMITTED"
  | "E_NOT_FINISHED"
  | "E_NOT_A_WORKER"
  | "E_NOTHING_TO_COMMIT"
  | "E_COMMIT_REFUSED"
  | "E_INPUT"
  | "E_LOCKED"
  | "E_LOCK_LOST"
  | "E_INTERRUPTED";

/** An orchestrator error: what failed, what was expected, and a one-line hint on how to fix it. */
export class WoError extends WoBaseError {
  override readonly name = "WoError";
  declare readonly code: WoErrorCode;

  constructor(code: WoErrorCode, message: string, details: { hint?: string; cause?: unknown } = {}) {
    super(code, message, details);
  }
}

/** What every wo error is, whichever package threw it (TmuxError, WorktreeError, WoError, …): `@wo/errors`' base. */
export type WoErrorLike = WoBaseError;

export { isWoError } from "@wo/errors";
