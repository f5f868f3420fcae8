import type { Plan } from "@wo/core";
import {
  continuationPrompt,
  failingCheckPrompt,
  kickoffPrompt,
  promptWorkerOf,
  workerPrompt,
} from "@wo/core/internal";

type FailingCheck = Parameters<typeof failingCheckPrompt>[0];

/**
 * What a retry run's prompt is made of: the failing check as `wo resume` hands it over (`integration/<name>`, the
 * test command as the workflow gives it, its exit code, the end of its output — untrusted, fenced by the prompt —
 * and this retry's number, 1-based, of the budget), and the worker's part.
 */
export interface RetryPromptInput extends FailingCheck {
  feature: string;
  branch: string;
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
  const failing = failingCheckPrompt(input);
  const original = worker
    ? `\n## Original task\n\n${kickoffPrompt(worker, { worktree: ".", branch: input.branch })}`
    : "";
  // The kickoff prompt explains the commit prefixes; without it the commit protocol is added.
  return workerPrompt(`${continuation}\n${failing}${original}`, { commitProtocol: worker === null });
}
