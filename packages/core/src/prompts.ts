/**
 * The result-collection protocol: how a worker reports back through files. English rendering of the original
 * worker-orchestrator protocol.
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
`;

/** How a worker reports progress through commit prefixes (for prompts that do not already explain it). */
export const COMMIT_PROTOCOL = `
Commit your work on this worktree's branch only, with these message prefixes:
- [CHECKPOINT] <msg> after each completed subtask (or run: wo checkpoint "<msg>")
- [BLOCKED:<reason>] <msg> when you cannot proceed
- [NEEDS:<worker>/<item>] <msg> when you need something from another worker
- [COMPLETE] <msg> when all assigned work is finished
Never commit .worker-status, .worker-result.md or .worktree.json.
`;

/**
 * The prompt an agent receives: the task, then the result-collection protocol, then (unless the task already
 * explains it, as a kickoff prompt does) the commit protocol. Pure.
 */
export function workerPrompt(task: string, options: { commitProtocol?: boolean } = {}): string {
  const body = task.endsWith("\n") ? task : `${task}\n`;
  return `${body}\n${RESULT_PROTOCOL}${options.commitProtocol === false ? "" : COMMIT_PROTOCOL}`;
}

/** A worker of a plan, as the prompts need it. */
export interface PromptWorker {
  /** Worker id, e.g. `task-1`. */
  id: string;
  /** Feature name, e.g. `task-1-auth`: worktree `worktrees/<name>`, branch `work/<name>`. */
  name: string;
  /** Exclusive file scope. */
  scope: string[];
  /** The worker's tasks, one line each. */
  tasks: string[];
  /** Workers this one depends on: ids and names, and what it needs from them when known. */
  dependsOn: Array<{ id: string; name: string; items?: string[] }>;
}

/** Where things are, for prompts that tell an agent where it works. */
export interface PromptPlace {
  /** The worktree path as the prompt shows it (usually repo-relative, e.g. `worktrees/task-1-auth`). */
  worktree: string;
  /** The worker's branch. */
  branch: string;
}

function bullets(lines: string[], empty: string): string {
  return lines.length === 0 ? `- ${empty}` : lines.map((line) => `- ${oneLine(line)}`).join("\n");
}

function numbered(lines: string[]): string {
  return lines.map((line, i) => `${i + 1}. ${oneLine(line)}`).join("\n");
}

/** Document text is untrusted and may hold newlines: one item stays one line in a prompt. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** The Worker Kickoff prompt (Phase 2), in English. Pure. */
export function kickoffPrompt(worker: PromptWorker, place: PromptPlace): string {
  const number = worker.id.replace(/^task-/, "");
  const checkpoints = [
    ...worker.tasks.map((task) => `${oneLine(task)}`),
    "Final: all tasks complete ([COMPLETE])",
  ];
  const deps =
    worker.dependsOn.length === 0
      ? "- None"
      : worker.dependsOn
          .map((dep) => {
            const what = dep.items && dep.items.length > 0 ? dep.items.map(oneLine).join(", ") : "its output";
            return `- You need ${what} from Worker ${dep.id} (${dep.name}). If it is not available yet, commit [NEEDS:${dep.id}/<item>] and continue with your other tasks.`;
          })
          .join("\n");
  return `# Worker Kickoff: ${worker.name}

## Assignment
You are Worker ${number} in a parallel workflow. Work ONLY within your assigned scope.

## Your Worktree
\`\`\`bash
cd ${place.worktree}
\`\`\`
Branch: ${place.branch}

## Assigned Scope
You may ONLY modify files in:
${bullets(
  worker.scope.map((s) => `\`${s}\``),
  "(no scope was given: keep changes minimal and tell the orchestrator which files you touched)",
)}

Do NOT modify any other files.

## Tasks
${numbered(worker.tasks)}

## Checkpoint Expectations
Commit after completing:
${bullets(checkpoints, "each task")}

## Commit Protocol
1. ALWAYS verify the branch before committing: \`git branch --show-current\` must print \`${place.branch}\`
2. Use these prefixes:
   - [CHECKPOINT] - subtask complete, continuing
   - [BLOCKED:<reason>] - cannot proceed
   - [NEEDS:task-X/<item>] - need output from another worker
   - [COMPLETE] - all tasks finished

## Dependencies
${deps}

## Start
1. Verify you're on the correct branch: \`git branch --show-current\`
2. Begin with task 1
3. Commit checkpoints as specified
`;
}

/** The "Resume Work" prompt for a worker whose \`[NEEDS]\` is now satisfied. Pure. */
export function resumeWorkPrompt(
  worker: { id: string; worktree: string },
  provider: { id: string; branch: string; item: string },
): string {
  return `# Resume Work: ${worker.id}

The item you needed (${oneLine(provider.item)} from ${provider.id}) is now available.

\`\`\`bash
cd ${worker.worktree}
git merge ${provider.branch}
\`\`\`

Continue with your remaining tasks.
`;
}

/** The continuation prompt after a crashed or stalled session. Pure. */
export function continuationPrompt(
  worker: { id: string; reason: string },
  progress: { completed: string[]; remaining: string[] },
): string {
  return `# Continue Work: ${worker.id}

Previous session ${worker.reason}. Resume from the last checkpoint.

## Completed (from git log)
${bullets(progress.completed, "(no checkpoints yet)")}

## Remaining
${bullets(progress.remaining, "(see the original task below and the branch history)")}

Continue from where the previous session left off. Check \`git log\` and \`git status\` first: uncommitted work from
the previous session may still be in the worktree.
`;
}

/**
 * The part of a continuation prompt that hands a worker the check its merge made fail: which integration, which
 * command, its exit code and the end of its output (in a fence no line of the output can close), and what to do.
 */
export function failingCheckPrompt(check: {
  integration: string;
  command: string;
  exitCode: number | null;
  outputTail: string;
  attempt: number;
  budget: number;
}): string {
  const longest = Math.max(2, ...[...check.outputTail.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const exit = check.exitCode === null ? "did not finish" : `exited ${check.exitCode}`;
  return `## Failing check (retry ${check.attempt} of ${check.budget})

After your branch was merged into \`${check.integration}\`, the test command \`${check.command}\` ${exit}; it passed
before your merge, so your changes made it fail. The end of its output:

${fence}text
${check.outputTail}
${fence}

Reproduce it in this worktree (\`${check.command}\`), fix it on your branch, commit, and finish with a
\`[COMPLETE]\` commit again.
`;
}
