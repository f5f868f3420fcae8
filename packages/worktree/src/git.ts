import { execa } from "execa";
import { WorktreeError } from "./errors.js";

/** Result of one git invocation. */
export interface GitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Options of {@link git}. */
export interface GitOptions {
  cwd: string;
  /** Text for git's stdin. */
  input?: string;
  /** Resolve instead of throwing on a non-zero exit (for commands whose exit code carries meaning). */
  allowFailure?: boolean;
  /** Extra environment. */
  env?: Record<string, string>;
}

/**
 * Runs git with an argv array (never a shell), no prompts and C locale messages; throws {@link WorktreeError}
 * `E_GIT` with the argv and stderr when it fails, `E_GIT_NOT_INSTALLED` when git is missing.
 */
export async function git(args: readonly string[], options: GitOptions): Promise<GitResult> {
  // Another git (the user's, or an editor's) may hold a lock for a moment: wait and retry instead of failing.
  for (let attempt = 0, delay = 50; ; attempt++, delay *= 2) {
    const result = await gitOnce(args, options);
    if (result.exitCode === 0 || attempt >= 6 || !LOCK_CONTENTION.test(result.stderr)) {
      return finish(result, args, options);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** stderr of a git command that failed only because another git process holds a lock. */
const LOCK_CONTENTION =
  /\.lock'?: File exists|Unable to create '[^']*\.lock'|could not lock config file|cannot lock ref/i;

async function gitOnce(args: readonly string[], options: GitOptions): Promise<GitResult & { raw: unknown }> {
  let result: { stdout: unknown; stderr: unknown; exitCode?: number | undefined; failed: boolean };
  try {
    result = await execa("git", args, {
      cwd: options.cwd,
      input: options.input ?? "",
      reject: false,
      stripFinalNewline: false,
      env: { GIT_TERMINAL_PROMPT: "0", LC_ALL: "C", ...options.env },
    });
  } catch (error) {
    throw gitSpawnError(error, args);
  }
  if ((result as { code?: string }).code === "ENOENT") throw gitSpawnError(result, args);
  return {
    stdout: String(result.stdout ?? ""),
    stderr: String(result.stderr ?? "").trim(),
    exitCode: result.exitCode ?? -1,
    raw: result,
  };
}

function finish(
  result: GitResult & { raw: unknown },
  args: readonly string[],
  options: GitOptions,
): GitResult {
  const { raw, ...out } = result;
  if (out.exitCode !== 0 && !options.allowFailure) {
    const first = out.stderr.split("\n").find((line) => line.trim() !== "") ?? `exit code ${out.exitCode}`;
    throw new WorktreeError(
      "E_GIT",
      `git ${args[0] ?? ""} failed: ${first.replace(/^(fatal|error): /, "")}`,
      {
        argv: ["git", ...args],
        stderr: out.stderr,
        cause: raw,
      },
    );
  }
  return out;
}

function gitSpawnError(error: unknown, args: readonly string[]): WorktreeError {
  return new WorktreeError("E_GIT_NOT_INSTALLED", "git is not installed or not on PATH", {
    argv: ["git", ...args],
    hint: "Install git 2.38 or newer and run again",
    cause: error,
  });
}
