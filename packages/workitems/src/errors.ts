/** Machine-readable codes of {@link WorkItemsError}. */
export type WorkItemsErrorCode = "E_OPTIONS";

/**
 * The one error this package throws: only for invalid options (documents themselves never make it throw).
 * `code` identifies the failure; the message says what was expected, what was received and how to fix it.
 */
export class WorkItemsError extends Error {
  /** Stable machine-readable code, e.g. `E_OPTIONS`. */
  readonly code: WorkItemsErrorCode;

  constructor(code: WorkItemsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WorkItemsError";
    this.code = code;
  }
}
