import { describe, expect, test } from "vitest";
import {
  COMMIT_PROTOCOL,
  continuationPrompt,
  kickoffPrompt,
  RESULT_PROTOCOL,
  resumeWorkPrompt,
  workerPrompt,
} from "./prompts.js";

describe("prompts", () => {
  test("a task prompt carries the result and the commit protocol", () => {
    expect(workerPrompt("Do X")).toBe(`Do X\n\n${RESULT_PROTOCOL}${COMMIT_PROTOCOL}`);
    expect(workerPrompt("Do X", { commitProtocol: false })).toBe(`Do X\n\n${RESULT_PROTOCOL}`);
  });

  test("the kickoff prompt follows its template", () => {
    const prompt = kickoffPrompt(
      {
        id: "task-3",
        name: "task-3-api",
        scope: ["src/api/"],
        tasks: ["Add the users API", "Test it\nwith a newline"],
        dependsOn: [{ id: "task-2", name: "task-2-models", items: ["UserModel"] }],
      },
      { worktree: "worktrees/task-3-api", branch: "work/task-3-api" },
    );
    expect(prompt).toMatchInlineSnapshot(`
      "# Worker Kickoff: task-3-api

      ## Assignment
      You are Worker 3 in a parallel workflow. Work ONLY within your assigned scope.

      ## Your Worktree
      \`\`\`bash
      cd worktrees/task-3-api
      \`\`\`
      Branch: work/task-3-api

      ## Assigned Scope
      You may ONLY modify files in:
      - \`src/api/\`

      Do NOT modify any other files.

      ## Tasks
      1. Add the users API
      2. Test it with a newline

      ## Checkpoint Expectations
      Commit after completing:
      - Add the users API
      - Test it with a newline
      - Final: all tasks complete ([COMPLETE])

      ## Commit Protocol
      1. ALWAYS verify the branch before committing: \`git branch --show-current\` must print \`work/task-3-api\`
      2. Use these prefixes:
         - [CHECKPOINT] - subtask complete, continuing
         - [BLOCKED:<reason>] - cannot proceed
         - [NEEDS:task-X/<item>] - need output from another worker
         - [COMPLETE] - all tasks finished

      ## Dependencies
      - You need UserModel from Worker task-2 (task-2-models). If it is not available yet, commit [NEEDS:task-2/<item>] and continue with your other tasks.

      ## Start
      1. Verify you're on the correct branch: \`git branch --show-current\`
      2. Begin with task 1
      3. Commit checkpoints as specified
      "
    `);
  });

  test("the resume and continuation prompts follow their templates", () => {
    expect(
      resumeWorkPrompt(
        { id: "task-3-api", worktree: "/r/worktrees/task-3-api" },
        { id: "task-2-models", branch: "work/task-2-models", item: "UserModel" },
      ),
    ).toBe(`# Resume Work: task-3-api

The item you needed (UserModel from task-2-models) is now available.

\`\`\`bash
cd /r/worktrees/task-3-api
git merge work/task-2-models
\`\`\`

Continue with your remaining tasks.
`);
    const continuation = continuationPrompt(
      { id: "x", reason: "crashed" },
      { completed: ["[CHECKPOINT] a"], remaining: [] },
    );
    expect(continuation).toContain("Previous session crashed. Resume from the last checkpoint.");
    expect(continuation).toContain("## Completed (from git log)\n- [CHECKPOINT] a");
  });
});
