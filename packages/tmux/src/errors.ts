import { WoBaseError } from "@wo/errors";

/** Codes of {@link TmuxError}: stable strings callers can switch on. */
export type TmuxErrorCode =
  | "E_TMUX_NOT_INSTALLED"
  | "E_TMUX_COMMAND"
  | "E_TMUX_DUPLICATE_SESSION"
  | "E_TMUX_NO_SESSION"
  | "E_TMUX_INVALID";

/** An error from tmux control: what failed, the argv that ran, tmux's stderr, and how to fix it. */
export class TmuxError extends WoBaseError {
  override readonly name = "TmuxError";
  declare readonly code: TmuxErrorCode;
  /** The full tmux argv (server flags included) that failed, or `[]` when nothing ran. */
  readonly argv: readonly string[];
  /** What tmux printed on stderr, trimmed. */
  readonly stderr: string;

  constructor(
    code: TmuxErrorCode,
    message: string,
    details: { argv?: readonly string[]; stderr?: string; hint?: string; cause?: unknown } = {},
  ) {
    super(code, message, details);
    this.argv = details.argv ?? [];
    this.stderr = details.stderr ?? "";
  }
}
