import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { planWork, workItemsFromMarkdown } from "../src/index.js";

function fixture(name: string) {
  const text = readFileSync(new URL(`./fixtures/shapes/${name}`, import.meta.url), "utf8");
  return workItemsFromMarkdown(text, { file: name });
}

function summary(result: ReturnType<typeof workItemsFromMarkdown>) {
  return result.items.map((item, index) => ({
    description: item.description,
    scope: item.scope,
    priority: item.priority,
    done: item.done,
    kind: result.details[index]!.kind,
  }));
}

describe("findings written as headings with field lines and no prose", () => {
  test("one item per finding heading, titled by the heading without its id, with severity and file", () => {
    const result = fixture("audit-field-headings.md");
    expect(summary(result)).toEqual([
      {
        description: "Webhook signature is never verified",
        scope: ["services/billing/webhooks.py"],
        priority: "P1",
        done: false,
        kind: "heading",
      },
      {
        description: "Session token compared with ==",
        scope: ["services/billing/session.py"],
        priority: "P1",
        done: true,
        kind: "heading",
      },
      {
        description: "Invoice PDF cache never expires",
        scope: ["services/billing/pdf/cache.py"],
        priority: "P2",
        done: false,
        kind: "heading",
      },
      {
        description: "Debug logging of card BINs",
        scope: ["services/billing/log.py"],
        priority: "P3",
        done: false,
        kind: "heading",
      },
    ]);
  });

  test("the summary table marks a finding done and adds no item of its own", () => {
    const result = fixture("audit-field-headings.md");
    expect(result.items.filter((item) => item.done).map((item) => item.description)).toEqual([
      "Session token compared with ==",
    ]);
    expect(result.assumptions).toContain(
      "Table rows naming a finding written as a heading were read as that finding's status, not as items",
    );
  });

  test("explanatory steps under a finding are details, not items", () => {
    const descriptions = fixture("audit-field-headings.md").items.map((item) => item.description);
    expect(descriptions).not.toContain("A charge fails");
  });

  test("findings are grouped by the heading above them and a problem statement is a fix", () => {
    const result = fixture("audit-field-headings.md");
    expect(result.items.map((item) => item.group)).toEqual(["High", "High", "Medium", "Low"]);
    expect(result.items[2]!.action).toBe("fix");
  });

  test.each<[string, string, string | null]>([
    ["CRITICAL", "Critical", "P0"],
    ["HIGH", "HIGH", "P1"],
    ["MEDIUM", "Moderate", "P2"],
    ["LOW", "minor", "P3"],
  ])("the severity word %s (written %s) gives %s", (_name, word, priority) => {
    const result = workItemsFromMarkdown(
      `# Review\n\n### C1: Token leak\n**File:** \`src/log.ts:9\`\n**Severity:** ${word}\n`,
    );
    expect(result.items.map((item) => [item.description, item.priority, item.scope])).toEqual([
      ["Token leak", priority, ["src/log.ts"]],
    ]);
  });

  test("numbered finding headings with bold or bulleted field lines", () => {
    expect(summary(fixture("findings-bold-fields.md"))).toEqual([
      {
        description: "Rate limiting missing on /otp/verify",
        scope: ["gateway/routes/otp.ts"],
        priority: "P0",
        done: false,
        kind: "heading",
      },
      {
        description: "CORS allows any origin",
        scope: ["gateway/app.ts"],
        priority: "P3",
        done: false,
        kind: "heading",
      },
      {
        description: "Outdated TLS ciphers",
        scope: ["deploy/nginx/gateway.conf"],
        priority: "P2",
        done: false,
        kind: "heading",
      },
    ]);
  });

  test("a heading that is only an id is named by its Impact line", () => {
    const result = workItemsFromMarkdown(
      "# Audit\n\n### H7\n**File:** `api/upload.ts`\n**Severity:** High\n**Impact:** uploads bypass the size limit\n",
    );
    expect(result.items.map((item) => item.description)).toEqual(["uploads bypass the size limit"]);
  });

  test("a Severity line alone on a section is a priority, not a finding", () => {
    const result = workItemsFromMarkdown("# Notes\n\n## Background\n\n**Severity:** High\n");
    expect(result.items).toEqual([]);
  });

  test("a finding whose section has prose is titled by its heading; the prose is its details", () => {
    const result = workItemsFromMarkdown(
      "# Audit\n\n## Finding 1: XSS\n\n**Severity:** High\n**Location:** `a/View.tsx`\n\nComments are not sanitised.\n",
    );
    expect(result.items.map((item) => item.description)).toEqual(["XSS"]);
    expect(result.details[0]!.kind).toBe("heading");
  });
});

describe("task headings with checkboxes", () => {
  test("each checkbox heading is a task with its done state; Context, Scope and criteria are details", () => {
    const result = fixture("agent-todo.md");
    expect(summary(result)).toEqual([
      {
        description: "Add export history API",
        scope: ["api/exports/history.ts", "api/exports/routes.ts"],
        priority: null,
        done: false,
        kind: "task",
      },
      {
        description: "Fix CSV encoding for umlauts",
        scope: ["api/exports/csv.ts"],
        priority: null,
        done: true,
        kind: "task",
      },
      {
        description: "Document the export retention policy",
        scope: ["docs/exports.md"],
        priority: null,
        done: false,
        kind: "task",
      },
    ]);
  });

  test("protocol rules are not items", () => {
    expect(fixture("agent-todo.md").assumptions).toContain(
      'Skipped bullets under "Protocol": not a work item next to the document\'s task lists (no action verb, or reference material)',
    );
    expect(fixture("agent-todo-priorities.md").items.map((item) => item.description)).toEqual([
      "Add retry to the mailer",
      "Rotate the staging API keys",
      "Tidy up scripts/release.sh",
    ]);
  });

  test("checkbox headings take priority from the heading above and [X] is done", () => {
    expect(summary(fixture("agent-todo-priorities.md")).map((item) => [item.priority, item.done])).toEqual([
      ["P1", false],
      ["P1", true],
      ["P3", false],
    ]);
  });

  test("a plan of checkbox headings assigns only the open tasks", () => {
    const text = readFileSync(new URL("./fixtures/shapes/agent-todo.md", import.meta.url), "utf8");
    const plan = planWork([{ file: "TODO.md", text }]);
    expect(plan.workers.flatMap((worker) => worker.items)).toEqual(["item-1", "item-3"]);
    expect(plan.warnings).toEqual([]);
  });
});
