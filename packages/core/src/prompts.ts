/**
 * The result-collection protocol appended to every task: how a worker reports back through files and commits.
 * English rendering of the original worker-orchestrator protocol.
 */
export const RESULT_PROTOCOL = `---
When you finish (wo worker protocol):
1. Save your result to .worker-result.md in this worktree.
2. Mark the worker done: echo "done" > .worker-status   (or run: wo report done --file .worker-result.md)
3. Print "Work complete".

If you cannot finish:
1. Save the error to .worker-result.md.
2. Mark the worker failed: echo "failed" > .worker-status   (or run: wo report failed --message "<what went wrong>")
3. Print "Work failed".

Commit your work on this worktree's branch only, with these message prefixes:
- [CHECKPOINT] <msg> after each completed subtask (or run: wo checkpoint "<msg>")
- [BLOCKED:<reason>] <msg> when you cannot proceed
- [NEEDS:<worker>/<item>] <msg> when you need something from another worker
- [COMPLETE] <msg> when all assigned work is finished
Never commit .worker-status, .worker-result.md or .worktree.json.
`;

/** The prompt an agent receives: the task, then the result-collection protocol. Pure. */
export function workerPrompt(task: string): string {
  const body = task.endsWith("\n") ? task : `${task}\n`;
  return `${body}\n${RESULT_PROTOCOL}`;
}
