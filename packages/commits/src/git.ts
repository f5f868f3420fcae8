import { execa } from "execa";
import { CommitsError } from "./errors.js";

/** Options of {@link GitRunner.run}. */
export interface RunOptions {
  /** Text for git's stdin. */
  input?: string;
  /** The base ref the call resolves: a "bad revision" error then becomes `E_BAD_REF` naming it. */
  base?: string;
  /** Non-zero exit codes that are answers, not failures (stdout is returned). */
  okExitCodes?: readonly number[];
}

/** Runs git in one repository and counts the processes it starts. */
export interface GitRunner {
  /** Runs `git <args>` with optional stdin; resolves with stdout (untrimmed) or rejects with a {@link CommitsError}. */
  run(args: readonly string[], options?: RunOptions): Promise<string>;
  /** Like {@link GitRunner.run}, but hands stdout's bytes to `onData` chunk by chunk as git writes them (nothing is buffered). */
  stream(args: readonly string[], onData: (chunk: Buffer) => void, options?: RunOptions): Promise<void>;
  /** How many git processes have been started so far. */
  readonly calls: number;
}

const NOT_A_REPO = /not a git repository|cannot change to/i;
const BAD_REVISION =
  /bad revision|unknown revision|ambiguous argument|needed a single revision|bad object|not a valid object name|invalid object name/i;

/** Output larger than this is refused by execa; git log over a very large history with file names stays below it. */
const MAX_BUFFER = 512 * 1024 * 1024;

/**
 * A git runner for `repoDir`: argv only (no shell), `-C <repoDir>` so the directory is checked by git itself,
 * `GIT_TERMINAL_PROMPT=0`, `LC_ALL=C` (English, parseable messages), `GIT_FLUSH=0`, `core.quotepath=off`, and `GIT_DIR`/
 * `GIT_WORK_TREE` removed so an inherited environment (e.g. inside a git hook) cannot redirect it.
 */
export function createGitRunner(repoDir: string): GitRunner {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async run(args, options = {}) {
      const argv = ["-C", repoDir, "-c", "core.quotepath=off", ...args];
      calls += 1;
      const result = await execa("git", argv, {
        env: GIT_ENV,
        extendEnv: true,
        input: options.input ?? "",
        stripFinalNewline: false,
        maxBuffer: MAX_BUFFER,
        reject: false,
      });
      if (succeeded(result, options)) return result.stdout;
      throw failure(result, args, argv, options, repoDir);
    },
    async stream(args, onData, options = {}) {
      const argv = ["-C", repoDir, "-c", "core.quotepath=off", ...args];
      calls += 1;
      const subprocess = execa("git", argv, {
        env: GIT_ENV,
        extendEnv: true,
        // Without input, stdin is /dev/null from the start: nothing for git to wait on.
        ...(options.input === undefined ? { stdin: "ignore" as const } : { input: options.input }),
        buffer: { stdout: false },
        reject: false,
      });
      for await (const chunk of subprocess.stdout) onData(chunk as Buffer);
      const result = await subprocess;
      if (succeeded(result, options)) return;
      throw failure(result, args, argv, options, repoDir);
    },
  };
}

// GIT_FLUSH=0: git log flushes after every commit when stdout is a pipe (40,000 writes and as many wake-ups of
// this process for 40,000 commits); fully buffered output arrives in 4 KB blocks instead.
const GIT_ENV = {
  GIT_TERMINAL_PROMPT: "0",
  LC_ALL: "C",
  GIT_FLUSH: "0",
  GIT_DIR: undefined,
  GIT_WORK_TREE: undefined,
};

interface Outcome {
  failed: boolean;
  exitCode?: number | undefined;
  stderr: unknown;
  code?: string | undefined;
  shortMessage?: string | undefined;
}

function succeeded(result: Outcome, options: RunOptions): boolean {
  return (
    !result.failed ||
    (result.exitCode !== undefined && (options.okExitCodes?.includes(result.exitCode) ?? false))
  );
}

function failure(
  result: Outcome,
  args: readonly string[],
  argv: string[],
  options: RunOptions,
  repoDir: string,
): CommitsError {
  const stderr = String(result.stderr ?? "").trim();
  const details = { argv, stderr, exitCode: result.exitCode, cause: result };
  const command = `git ${args[0] ?? ""}`;
  if (result.code === "ENOENT" && result.exitCode === undefined) {
    return new CommitsError(
      "E_GIT",
      `Cannot run ${command}: git is not installed or not on PATH. Install git (2.39 or newer) and try again.`,
      details,
    );
  }
  if (NOT_A_REPO.test(stderr)) {
    return new CommitsError(
      "E_NOT_A_REPO",
      `${JSON.stringify(repoDir)} is not a git repository: expected the directory of a repository or one of its worktrees, git said ${JSON.stringify(stderr)}. Pass the repository's path.`,
      details,
    );
  }
  if (options.base !== undefined && (BAD_REVISION.test(stderr) || (result.exitCode === 1 && stderr === ""))) {
    return badBase(options.base, repoDir, details);
  }
  return new CommitsError(
    "E_GIT",
    `${command} failed in ${JSON.stringify(repoDir)} (exit ${result.exitCode ?? "none"}): ${stderr || result.shortMessage}. Check that the repository is readable and not corrupt (git fsck).`,
    details,
  );
}

/** The error for a base ref that does not name a commit. */
export function badBase(
  base: string,
  repoDir: string,
  details: ConstructorParameters<typeof CommitsError>[2] = {},
): CommitsError {
  return new CommitsError(
    "E_BAD_REF",
    `The base ref ${JSON.stringify(base)} does not name a commit in ${JSON.stringify(repoDir)}: expected the branch worker branches were created from. Pass an existing branch, tag or commit as base (e.g. "main"), or create it first.`,
    details,
  );
}
