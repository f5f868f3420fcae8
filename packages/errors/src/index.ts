// `Symbol.for` keys the brand in the global registry, so an error made by one copy of this package (two versions
// in node_modules, or one inlined into a bundle) is still recognised by another copy's `isWoError`.
const BRAND: unique symbol = Symbol.for("@wo/errors.brand");

/** What every wo error accepts besides its code and message. */
export interface WoErrorOptions {
  /** One line telling the user how to fix it. */
  hint?: string | undefined;
  /** The underlying error; kept as the standard `cause` (left unset when `undefined`). */
  cause?: unknown;
}

/**
 * The base of every wo error (`TmuxError`, `WorktreeError`, `WoError`, …): the message says what failed, `code` is a
 * stable string callers can switch on, `hint` is one line of advice, and `cause` keeps the original error.
 */
export class WoBaseError extends Error {
  override readonly name: string = "WoBaseError";
  /** A stable machine-readable code, e.g. `E_GIT`. */
  readonly code: string;
  /** One line telling the user how to fix it. */
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: WoErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }

  /** The brand {@link isWoError} looks for: on the prototype, so it is neither enumerable nor own. */
  get [BRAND](): true {
    return true;
  }
}

/** Whether `value` is a wo error from any package (or any copy of this one), by its brand — never by name or code. */
export function isWoError(value: unknown): value is WoBaseError {
  return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}
