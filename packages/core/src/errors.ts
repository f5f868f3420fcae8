/** Codes of {@link WoError}: stable strings callers can switch on. */
export type WoErrorCode =
  | "E_CONFIG"
  | "E_AGENT"
  | "E_AGENT_NOT_FOUND"
  | "E_NO_WORKTREE"
  | "E_ALREADY_RUNNING"
  | "E_RUNNING"
  | "E_NO_WORKER"
  | "E_NOT_FINISHED"
  | "E_NOT_A_WORKER"
  | "E_INPUT"
  | "E_LOCKED"
  | "E_INTERRUPTED";

/** An orchestrator error: what failed, what was expected, and a one-line hint on how to fix it. */
export class WoError extends Error {
  override readonly name = "WoError";
  readonly code: WoErrorCode;
  readonly hint: string | undefined;

  constructor(code: WoErrorCode, message: string, details: { hint?: string; cause?: unknown } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.hint = details.hint;
  }
}

/** The shape every wo error shares, whichever package threw it (TmuxError, WorktreeError, WoError, …). */
export interface WoErrorLike {
  name: string;
  code: string;
  message: string;
  hint?: string | undefined;
}

/** Whether `error` is one of wo's typed errors (from any package): a message meant for users, with a code. */
export function isWoError(error: unknown): error is WoErrorLike {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === "string" &&
    /^E_[A-Z_]+$/.test((error as unknown as { code: string }).code) &&
    /Error$/.test(error.name)
  );
}
