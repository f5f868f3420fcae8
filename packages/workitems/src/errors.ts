import { WoBaseError } from "@wo/errors";

/** Machine-readable codes of {@link WorkItemsError}. */
export type WorkItemsErrorCode = "E_OPTIONS";

/**
 * The one error this package throws: only for invalid options (documents themselves never make it throw).
 * `code` identifies the failure; the message says what was expected, what was received and how to fix it; `hint`
 * is one line of advice when there is one.
 */
export class WorkItemsError extends WoBaseError {
  override readonly name = "WorkItemsError";
  /** Stable machine-readable code, e.g. `E_OPTIONS`. */
  declare readonly code: WorkItemsErrorCode;

  constructor(code: WorkItemsErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(code, message, options);
  }
}
