import { readFile, rm } from "node:fs/promises";
import type { TestBlame, TestOutcome } from "@wo/integrate";
import { writeStateJson } from "./retired.js";
import type { Workspace } from "./workspace.js";

/**
 * A worker's failing check: the integration test its merge made fail (`wo integrate <name> --test`), kept in
 * `.git/wo/checks/<feature>.json` until a test passes with the worker merged. `wo resume` hands it to the worker's
 * next run, at most `checks.retries` times; after that the monitor says a person is needed.
 */
export interface FailedCheck {
  feature: string;
  /** `integration/<name>` the test ran in. */
  integration: string;
  /** The test's argv (`["sh", "-c", command]` for a shell command). */
  command: string[];
  exitCode: number | null;
  /** The end of the failing run's output. */
  outputTail: string;
  /** The worker's merge commit at which the test first fails. */
  merge: string;
  /** ISO 8601 time of the failure. */
  at: string;
  /** How many runs of the worker were already given this check (`wo resume`). */
  retries: number;
}

/** The worker's failing check, or `null` (none, or an unreadable record: it only ever adds advice). */
export async function readFailedCheck(ws: Workspace, feature: string): Promise<FailedCheck | null> {
  try {
    const value = JSON.parse(await readFile(ws.paths.check(feature), "utf8")) as FailedCheck;
    return value && typeof value === "object" && value.feature === feature && Array.isArray(value.command)
      ? value
      : null;
  } catch {
    return null;
  }
}

/**
 * After `integrate --test`: a failure blamed on a worker is recorded for it (a repeated failure keeps its retry
 * count); a passing test clears the records of every worker it covered.
 */
export async function recordCheckOutcome(
  ws: Workspace,
  integration: string,
  test: TestOutcome,
  covered: readonly string[],
): Promise<void> {
  if (test.passed) {
    await Promise.all(covered.map((feature) => rm(ws.paths.check(feature), { force: true })));
    return;
  }
  const blame: TestBlame | null | undefined = test.blame;
  if (!blame) return;
  const earlier = await readFailedCheck(ws, blame.feature);
  await writeFailedCheck(ws, {
    feature: blame.feature,
    integration,
    command: test.command,
    exitCode: blame.exitCode,
    outputTail: blame.outputTail,
    merge: blame.merge,
    at: ws.now().toISOString(),
    retries: earlier?.retries ?? 0,
  });
}

/** Counts one more run of the worker given its failing check. */
export async function countRetry(ws: Workspace, check: FailedCheck): Promise<FailedCheck> {
  const next = { ...check, retries: check.retries + 1 };
  await writeFailedCheck(ws, next);
  return next;
}

/** The command as a person would type it: the shell command itself for `sh -c`. */
export function checkCommand(check: Pick<FailedCheck, "command">): string {
  const [program, flag, script] = check.command;
  return program === "sh" && flag === "-c" && script !== undefined ? script : check.command.join(" ");
}

async function writeFailedCheck(ws: Workspace, check: FailedCheck): Promise<void> {
  await writeStateJson(ws.paths.check(check.feature), check);
}
