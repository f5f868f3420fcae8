import { isWoError, WoBaseError } from "@wo/errors";
import type { Colors, Io } from "./io.js";

/** A usage error found by the CLI itself (exit code 2); the hint, which says what to type instead, is required. */
export class UsageError extends WoBaseError {
  override readonly name = "UsageError";
  declare readonly code: "E_USAGE";

  constructor(message: string, hint: string) {
    super("E_USAGE", message, { hint });
  }
}

// Errors about what the user typed (exit 2) rather than about the state of the world (exit 1).
const USAGE_CODES = new Set(["E_USAGE", "E_FEATURE_NAME", "E_INPUT", "E_AGENT"]);
// Refusals shown as warnings: nothing happened, and repeating or forcing is the way on.
const WARNING_CODES = new Set(["E_RUNNING"]);

/**
 * The one place the CLI turns an error into output and an exit code: one line naming what failed, then a hint.
 * Never a stack trace, unless WO_DEBUG is set.
 */
export function reportError(error: unknown, io: Io, colors: Colors): number {
  const debug = io.env.WO_DEBUG !== undefined && io.env.WO_DEBUG !== "" && io.env.WO_DEBUG !== "0";
  if (isWoError(error)) {
    const label = WARNING_CODES.has(error.code) ? colors.yellow("warning:") : colors.red("error:");
    io.stderr.write(`${label} ${oneLine(error.message)}\n`);
    if (error.hint) io.stderr.write(`${colors.dim("hint:")} ${oneLine(error.hint)}\n`);
    if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
    return USAGE_CODES.has(error.code) ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`${colors.red("error:")} unexpected failure: ${oneLine(message)}\n`);
  io.stderr.write(
    `${colors.dim("hint:")} this is a bug in wo; run again with WO_DEBUG=1 and report the output\n`,
  );
  if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return 1;
}

function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
}
