import { runInWorktree } from "@wo/worktree";
import { IntegrateError } from "./errors.js";
import type { TestCommand, TestOutcome } from "./integration-types.js";
import { outputTail } from "./text.js";

/** Runs the test command in `cwd`, never throws: a command that cannot start is a failed test. */
export async function runTest(
  test: TestCommand,
  cwd: string,
  timeoutMs: number | undefined,
): Promise<TestOutcome> {
  const command = Array.isArray(test)
    ? [...(test as readonly string[])]
    : ["sh", "-c", (test as { command: string }).command];
  // A process group stopped as a whole on Ctrl-C or timeout: `sh -c` does not always exec the command.
  const run = await runInWorktree(cwd, command, {
    env: { GIT_DIR: undefined, GIT_WORK_TREE: undefined, GIT_INDEX_FILE: undefined },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return {
    command,
    exitCode: run.exitCode,
    signal: run.signal,
    passed: run.exitCode === 0 && !run.timedOut,
    timedOut: run.timedOut,
    outputTail: outputTail(run.startError === null ? run.output : `${run.output}\n${run.startError}`),
  };
}

/** Returns the `test` option when it is an argv array or a shell command; throws `E_INVALID_OPTION` otherwise. */
export function validateTest(test: unknown): TestCommand | undefined {
  if (test === undefined) return undefined;
  if (
    Array.isArray(test) &&
    test.length > 0 &&
    test.every((arg) => typeof arg === "string") &&
    test[0] !== ""
  )
    return test;
  const shell = test as { command?: unknown; shell?: unknown };
  if (
    typeof shell === "object" &&
    shell !== null &&
    typeof shell.command === "string" &&
    shell.shell === true
  )
    return shell as TestCommand;
  throw new IntegrateError(
    "E_INVALID_OPTION",
    `Invalid test command: expected a non-empty argv array or { command: string, shell: true }, received ${JSON.stringify(test)}`,
    { hint: 'Pass test as ["pnpm", "test"] or { command: "pnpm test && pnpm lint", shell: true }' },
  );
}

/** Returns `testTimeoutMs` when it is a positive whole number a timer can hold; throws `E_INVALID_OPTION` otherwise. */
export function validateTimeout(ms: unknown): number | undefined {
  if (ms === undefined) return undefined;
  if (typeof ms === "number" && Number.isInteger(ms) && ms > 0 && ms <= 2_147_483_647) return ms;
  throw new IntegrateError(
    "E_INVALID_OPTION",
    `Invalid testTimeoutMs: expected a positive whole number of milliseconds, received ${JSON.stringify(ms)}`,
    { hint: "Pass e.g. testTimeoutMs: 600000 for ten minutes, or leave it out for no limit" },
  );
}
