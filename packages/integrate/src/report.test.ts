import { describe, expect, test } from "vitest";
import { type IntegrationReportInput, renderIntegrationReport } from "./report.js";

const input: IntegrationReportInput = {
  result: {
    branch: "integration/auth",
    base: { ref: "main", sha: "0".repeat(40) },
    merged: ["login"],
    alreadyMerged: ["api"],
    conflicts: [{ feature: "ui", files: ["src/app.tsx"] }],
    skipped: ["docs"],
    scopeViolations: [{ feature: "login", branch: "work/login", files: ["package.json"] }],
    test: null,
    into: null,
  },
  workers: [
    {
      feature: "login",
      branch: "work/login",
      description: "Add the login form",
      commits: ["[COMPLETE] Login form", "[CHECKPOINT] Form skeleton"],
      result: "## Done\n\n- form\n- validation\n",
    },
    { feature: "api", branch: "work/api", description: "Endpoints" },
    { feature: "ui", branch: "work/ui", description: "Shell" },
    { feature: "docs", branch: "work/docs" },
  ],
};

describe("renderIntegrationReport", () => {
  test("renders title, base → branch, a summary table and a section per worker", () => {
    expect(renderIntegrationReport(input)).toMatchInlineSnapshot(`
      "# Integration integration/auth

      \`main\` → \`integration/auth\`

      1 worker merged · 1 already merged · 1 conflict · 1 skipped · 1 scope violation

      | Worker | Outcome | Description |
      | --- | --- | --- |
      | \`login\` | merged | Add the login form |
      | \`api\` | already merged | Endpoints |
      | \`ui\` | conflict (1 file) | Shell |
      | \`docs\` | skipped |  |

      ## Workers

      ### \`login\` — Add the login form

      **Outcome:** merged (\`work/login\`)

      **Outside its scope** (1 file):

      - \`package.json\`

      **Commits** (2):

      - \`[COMPLETE] Login form\`
      - \`[CHECKPOINT] Form skeleton\`

      **Result:**

      \`\`\`markdown
      ## Done

      - form
      - validation
      \`\`\`

      ### \`api\` — Endpoints

      **Outcome:** already merged (\`work/api\`)

      ### \`ui\` — Shell

      **Outcome:** conflict (\`work/ui\`)

      **Conflicts** (1 file):

      - \`src/app.tsx\`

      ### \`docs\`

      **Outcome:** skipped (\`work/docs\`)
      "
    `);
  });

  test("the test outcome, the final merge and a recovery get their own sections", () => {
    const report = renderIntegrationReport({
      title: "Auth",
      result: {
        branch: "integration/auth",
        merged: ["login"],
        conflicts: [],
        skipped: [],
        test: {
          command: ["pnpm", "test"],
          exitCode: 1,
          signal: null,
          passed: false,
          timedOut: false,
          outputTail: "1 failed",
        },
        into: {
          branch: "main",
          status: "not-attempted",
          sha: null,
          files: [],
          reason: "the test failed",
          worktree: null,
        },
        recovered: {
          mode: "roll-forward",
          reason: "interrupted",
          previous: { startedAt: "2026-01-20T10:00:00.000Z", pid: 1, feature: "login" },
          keptMerges: [],
          headBefore: null,
          resetTo: null,
          actions: ['ended the half-done merge of "login" (git reset --hard HEAD)'],
        },
      },
      workers: [{ feature: "login" }],
    });
    expect(report).toContain("## Recovery");
    expect(report).toContain("`pnpm test`: **failed (exit 1)**\n\n```text\n1 failed\n```");
    expect(report).toContain("## Merge into `main`\n\n**not-attempted**: the test failed");
  });

  test("workers named only in the result are still listed", () => {
    const report = renderIntegrationReport({
      result: { branch: "integration/x", merged: ["ghost"], conflicts: [], skipped: [] },
      workers: [],
    });
    expect(report).toContain("| `ghost` | merged |  |");
    expect(report).toContain("### `ghost`");
  });
});

describe("renderIntegrationReport: untrusted text", () => {
  const render = (worker: IntegrationReportInput["workers"][number]) =>
    renderIntegrationReport({
      result: { branch: "integration/x", merged: [worker.feature], conflicts: [], skipped: [] },
      workers: [worker],
    });

  test("a result with backtick fences cannot close its block", () => {
    const report = render({ feature: "a", result: "```\n# Injected heading\n````\n<details>" });
    expect(report).toContain("`````markdown\n```\n# Injected heading\n````\n<details>\n`````");
  });

  test("HTML, links, emphasis and table pipes in a description are escaped", () => {
    const report = render({
      feature: "a",
      description: "<img src=x onerror=alert(1)> [click](http://evil) *bold* | x",
    });
    expect(report).toContain(
      "| `a` | merged | &lt;img src=x onerror=alert(1)> \\[click\\](http://evil) \\*bold\\* \\| x |",
    );
  });

  test("line breaks and escape sequences in a description become one clean line", () => {
    const report = render({ feature: "a", description: "first\n# second\u001b[31m red\u0007" });
    expect(report).toContain("### `a` — first # second red");
  });

  test("a description starting with a block marker is escaped", () => {
    expect(render({ feature: "a", description: "# heading" })).toContain("| `a` | merged | \\# heading |");
  });

  test("a commit subject with backticks stays one code span", () => {
    expect(render({ feature: "a", commits: ["use `x` and ``y``"] })).toContain("- ``` use `x` and ``y`` ```");
  });

  test("control characters in a result are removed", () => {
    expect(render({ feature: "a", result: "ok\u001b]0;title\u0007\u0000 done" })).toContain("ok done");
  });
});

test("@mentions in worker text do not ping anybody in the PR body", () => {
  const report = renderIntegrationReport({
    result: { branch: "integration/x", merged: ["a"], conflicts: [], skipped: [] },
    workers: [{ feature: "a", description: "thanks @octocat for the review" }],
  });
  expect(report).toContain("@\u200boctocat");
  expect(report).not.toContain("@octocat");
});
