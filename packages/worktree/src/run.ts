import { execa } from "execa";
import { WorktreeError } from "./errors.js";

/** Options of {@link runInWorktree}. */
export interface RunInWorktreeOptions {
  /** Added to wo's environment; a key set to `undefined` is removed. */
  env?: Record<string, string | undefined>;
  /**
   * Stop the command after this many milliseconds: its whole process group gets SIGTERM, then SIGKILL
   * `killAfterMs` later. Default: no limit.
   */
  timeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL after a timeout. Default 5000. */
  killAfterMs?: number;
}

/** What the command did; a failing command is a result, not an error. */
export interface RunInWorktreeResult {
  /** The argv that ran. */
  argv: string[];
  /** Exit code; `null` when it could not start or was killed by a signal. */
  exitCode: number | null;
  /** The signal that ended it (`SIGTERM`, `SIGKILL` …), else `null`. */
  signal: string | null;
  /** It ran longer than `timeoutMs` and was stopped. */
  timedOut: boolean;
  /** stdout and stderr, interleaved as written. */
  output: string;
  /** Why it could not start (`spawn x ENOENT` …), else `null`. */
  startError: string | null;
}

const MAX_TIMER_MS = 2_147_483_647;

function validMs(value: unknown): value is number | undefined {
  return (
    value === undefined ||
    (typeof value === "number" && Number.isInteger(value) && value > 0 && value <= MAX_TIMER_MS)
  );
}

/**
 * Runs a user's command (a post-create hook, a test command) in `dir` with stdin closed, as the leader of its own
 * process group: when wo exits first (Ctrl-C) or the time is up, the whole group is stopped, so nothing it started
 * (an install, a dev server, `sh -c`'s children) keeps running orphaned. Never throws for the command's own failure.
 *
 * @throws {WorktreeError} `E_INVALID_OPTION` for an empty argv or a timeout that is not a positive whole number of ms.
 */
export async function runInWorktree(
  dir: string,
  argv: readonly string[],
  options: RunInWorktreeOptions = {},
): Promise<RunInWorktreeResult> {
  const [file, ...args] = argv;
  if (typeof file !== "string" || file === "" || !args.every((arg) => typeof arg === "string")) {
    throw new WorktreeError(
      "E_INVALID_OPTION",
      `Invalid command ${JSON.stringify(argv)}: expected a non-empty argv`,
      {
        hint: 'Pass the program and its arguments, e.g. ["sh", "-c", "pnpm install"]',
      },
    );
  }
  if (!validMs(options.timeoutMs) || !validMs(options.killAfterMs)) {
    throw new WorktreeError(
      "E_INVALID_OPTION",
      `Invalid timeout ${JSON.stringify(options.timeoutMs ?? options.killAfterMs)}: expected a positive whole number of milliseconds`,
      { hint: "Leave timeoutMs out for no limit" },
    );
  }
  const subprocess = execa(file, args, {
    cwd: dir,
    reject: false,
    all: true,
    stdin: "ignore",
    stripFinalNewline: false,
    env: options.env ?? {},
    extendEnv: true,
    detached: true,
    cleanup: false,
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (subprocess.pid !== undefined) process.kill(-subprocess.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup("SIGTERM");
  process.once("exit", onExit);
  let timedOut = false;
  let hardKill: NodeJS.Timeout | undefined;
  const deadline =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          killGroup("SIGTERM");
          hardKill = setTimeout(() => killGroup("SIGKILL"), options.killAfterMs ?? 5000);
        }, options.timeoutMs);
  const result = await subprocess.finally(() => {
    clearTimeout(deadline);
    clearTimeout(hardKill);
    process.removeListener("exit", onExit);
  });
  const exitCode = result.exitCode ?? null;
  const signal = result.signal ?? null;
  return {
    argv: [file, ...args],
    exitCode,
    signal,
    timedOut,
    output: String(result.all ?? ""),
    startError: exitCode === null && signal === null ? (result.shortMessage ?? "could not start") : null,
  };
}
