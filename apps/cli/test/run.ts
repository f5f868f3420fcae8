import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import {
  assertTmuxInstalled,
  type GitRepo,
  type IsolatedTmux,
  useGitRepo,
  useIsolatedTmux,
} from "@wo/test-utils";
import { beforeAll } from "vitest";
import { main } from "../src/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const BIN = new URL("../bin/wo.js", import.meta.url).pathname;

/** Runs `wo` in-process with captured streams (fast; the same code path as the binary). */
export async function wo(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean },
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false, columns: 120 },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.tty ?? false },
    stdin: Readable.from([options.stdin ?? ""]),
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}

/** Runs the real `bin/wo.js` in a child process. */
export async function woProcess(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end();
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
  return { code, stdout: stdout.replace(/\n$/, ""), stderr: stderr.replace(/\n$/, "") };
}

/** Options of a {@link CliWorld}'s `run` and `runProcess`: added to, never replacing, the world's environment. */
export interface RunExtra {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: string;
  tty?: boolean;
}

/** A temporary repository, an isolated tmux server and `wo` bound to both. */
export interface CliWorld {
  repo: GitRepo;
  server: IsolatedTmux;
  /** `process.env` plus the isolated server's `WO_TMUX_SOCKET`, plus the world's own additions. */
  env: NodeJS.ProcessEnv;
  /** `wo` in-process (fast). */
  run(args: string[], extra?: RunExtra): Promise<CliResult>;
  /** The real `bin/wo.js` in a child process. */
  runProcess(args: string[], extra?: Omit<RunExtra, "stdin" | "tty">): Promise<CliResult>;
}

/**
 * Registers the hooks of a CLI test file (tmux must be installed; repositories and tmux servers are removed after
 * each test) and returns the function that makes one world per test. `files` are committed as "project".
 */
export function useCliWorld(): (options?: {
  files?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
}) => Promise<CliWorld> {
  beforeAll(assertTmuxInstalled);
  const gitRepo = useGitRepo();
  const isolatedTmux = useIsolatedTmux();
  return async (options = {}) => {
    const repo = await gitRepo();
    const server = isolatedTmux();
    // Every run keeps WO_TMUX_SOCKET: a test never talks to the user's own tmux server.
    const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, ...server.env };
    if (options.files) await repo.commit("project", options.files);
    const merged = (extra: NodeJS.ProcessEnv | undefined) => ({ ...env, ...extra, ...server.env });
    return {
      repo,
      server,
      env,
      run: (args, extra = {}) =>
        wo(args, {
          cwd: extra.cwd ?? repo.dir,
          env: merged(extra.env),
          ...(extra.stdin === undefined ? {} : { stdin: extra.stdin }),
          ...(extra.tty === undefined ? {} : { tty: extra.tty }),
        }),
      runProcess: (args, extra = {}) =>
        woProcess(args, { cwd: extra.cwd ?? repo.dir, env: merged(extra.env) }),
    };
  };
}

/** A review with three groups of two items each, one file per item: `wo plan --workers 3` makes three workers. */
export const REVIEW_THREE_GROUPS =
  "# Review\n\n## Auth\n\n- [ ] Fix `src/auth/login.ts`\n- [ ] Harden `src/auth/session.ts`\n\n## Models\n\n- [ ] Add `src/models/user.ts`\n- [ ] Validate `src/models/user.ts`\n\n## Docs\n\n- [ ] Document `docs/guide.md`\n- [ ] Update `docs/faq.md`\n";
