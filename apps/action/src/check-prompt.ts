import type { Plan } from "@wo/core";
import {
  continuationPrompt,
  failingCheckPrompt,
  kickoffPrompt,
  promptWorkerOf,
  workerPrompt,
} from "@wo/core/internal";

/** What a retry run's prompt is made of. */
export interface RetryPromptInput {
  feature: string;
  branch: string;
  /** `integration/<name>`. */
  integration: string;
  /** The test command as the workflow gives it. */
  command: string;
  exitCode: number | null;
  /** The end of the failing run's output (untrusted; fenced by the prompt). */
  outputTail: string;
  /** This retry's number, 1-based, and the budget. */
  attempt: number;
  budget: number;
  /** The worker's `[CHECKPOINT]`/`[COMPLETE]` subjects, oldest first. */
  completed: string[];
  plan: Plan | undefined;
}

/**
 * The continuation prompt of a worker whose merge made the integration's test fail: wo's continuation prompt (what
 * it finished so far, what remains), the failing check (command, exit code, the end of the log, retry k of N) —
 * the same text `wo resume` gives a local worker — and the worker's original kickoff prompt when the plan is known.
 * Pure.
 */
export function retryPrompt(input: RetryPromptInput): string {
  const planned = input.plan?.workers.find((w) => w.name === input.feature);
  const worker = input.plan && planned ? promptWorkerOf(input.plan, planned) : null;
  const continuation = continuationPrompt(
    {
      id: input.feature,
      reason: `finished, but its changes make \`${input.command}\` fail in ${input.integration}`,
    },
    { completed: input.completed, remaining: worker?.tasks ?? [] },
  );
  const failing = failingCheckPrompt({
    integration: input.integration,
    command: input.command,
    exitCode: input.exitCode,
    outputTail: input.outputTail,
    attempt: input.attempt,
    budget: input.budget,
  });
  const original = worker
    ? `\n## Original task\n\n${kickoffPrompt(worker, { worktree: ".", branch: input.branch })}`
    : "";
  // The kickoff prompt explains the commit prefixes; without it the commit protocol is added.
  return workerPrompt(`${continuation}\n${failing}${original}`, { commitProtocol: worker === null });
}
