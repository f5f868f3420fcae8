import type { Plan } from "@wo/core";
import { describe, expect, it } from "vitest";
import { retryPrompt } from "../src/check-prompt.js";
import { type CheckOutcome, renderCheckReport } from "../src/check-report.js";
import { failureOutputs, stepReport } from "../src/outputs.js";

function outcome(overrides: Partial<CheckOutcome> = {}): CheckOutcome {
  return {
    mode: "check",
    integration: "integration/sprint-1",
    command: "npm test",
    passed: false,
    workers: ["task-1-api", "task-2-ui"],
    exitCode: 1,
    timedOut: false,
    outputTail: "FAIL ui.test.ts",
    blamed: { feature: "task-2-ui", merge: "0123456789abcdef", runs: 2, used: 0 },
    retries: 2,
    failed: [{ feature: "task-2-ui", command: "npm test", exitCode: 1, attempt: 1 }],
    retry: {
      include: [
        { id: "task-2", name: "task-2-ui", branch: "work/task-2-ui", scope: ["ui/"], attempt: 1, retries: 2 },
      ],
    },
    escalated: [],
    prompts: "/tmp/wo-check-prompts",
    markdown: "",
    ...overrides,
  };
}

describe("renderCheckReport", () => {
  it("fences the log with more backticks than any run in it, so no log line closes the block", () => {
    const log = "ok\n````\n# Fake heading\n::error::fake";
    const text = renderCheckReport(outcome({ outputTail: log }));
    expect(text).toContain(`\`\`\`\`\`text\n${log}\n\`\`\`\`\``);
    expect(text).toContain("Retry 1 of 2");
  });

  it("keeps only the end of an oversized log", () => {
    const text = renderCheckReport(outcome({ outputTail: `${"x".repeat(10_000)}END` }));
    expect(text).toContain("…");
    expect(text).toContain("END");
    expect(text.length).toBeLessThan(7_000);
  });

  it("asks a person when the budget is used up, and when the base fails too", () => {
    const spent = renderCheckReport(
      outcome({
        blamed: { feature: "task-2-ui", merge: "0123456789ab", runs: 1, used: 2 },
        retry: { include: [] },
        escalated: ["task-2-ui"],
      }),
    );
    expect(spent).toContain("**A person is needed:** ` task-2-ui ` had 2 retry run(s) of 2");
    expect(spent).not.toContain("Retry 3 of 2");
    const red = renderCheckReport(outcome({ blamed: null, failed: [], retry: { include: [] } }));
    expect(red).toContain("no worker is to blame");
  });
});

describe("the check's outputs", () => {
  it("publishes the failure, the retry matrix and its size; on a failed step the nothing values", () => {
    const { outputs } = stepReport(outcome());
    expect(outputs).toMatchObject({
      ok: "true",
      failed: '[{"feature":"task-2-ui","command":"npm test","exitCode":1,"attempt":1}]',
      "retry-count": "1",
      escalated: "[]",
    });
    expect(JSON.parse(outputs.retry as string).include[0]).toMatchObject({
      branch: "work/task-2-ui",
      attempt: 1,
    });
    expect(failureOutputs("check")).toEqual({
      ok: "false",
      failed: "[]",
      retry: '{"include":[]}',
      "retry-count": "0",
      escalated: "[]",
    });
  });
});

describe("retryPrompt", () => {
  const base = {
    feature: "task-2-ui",
    branch: "work/task-2-ui",
    integration: "integration/sprint-1",
    command: "npm test",
    exitCode: 2,
    outputTail: "AssertionError: expected blue",
    attempt: 2,
    budget: 2,
    completed: ["[COMPLETE] button colour"],
  };

  it("is wo resume's continuation prompt with the failing check, then the kickoff prompt of the plan", () => {
    const plan = {
      sources: ["docs/review.md"],
      items: [{ id: "item-1", text: "Fix button colour in `src/ui/button.tsx`", section: "UI" }],
      clarify: [],
      assumptions: [],
      assessment: { mode: "parallel", reason: "", workers: 1 },
      workers: [
        {
          id: "task-2",
          name: "task-2-ui",
          items: ["item-1"],
          scope: ["src/ui/button.tsx"],
          complexity: "low",
          dependsOn: [],
        },
      ],
    } as unknown as Plan;
    const prompt = retryPrompt({ ...base, plan });
    expect(prompt.indexOf("# Continue Work: task-2-ui")).toBe(0);
    expect(prompt).toContain(
      "Previous session finished, but its changes make `npm test` fail in integration/sprint-1",
    );
    expect(prompt).toContain("- [COMPLETE] button colour");
    expect(prompt).toContain("## Failing check (retry 2 of 2)");
    expect(prompt).toContain("`npm test` exited 2");
    expect(prompt).toContain("```text\nAssertionError: expected blue\n```");
    expect(prompt).toContain("## Original task\n\n# Worker Kickoff: task-2-ui");
    expect(prompt).toContain("When you finish (wo worker protocol)");
    // The kickoff prompt explains the commit prefixes; the separate commit protocol is not repeated.
    expect(prompt).not.toContain("Commit your work on this worktree's branch only");
  });

  it("adds the commit protocol when the plan is not known", () => {
    const prompt = retryPrompt({ ...base, plan: undefined });
    expect(prompt).not.toContain("## Original task");
    expect(prompt).toContain("Commit your work on this worktree's branch only");
  });
});
