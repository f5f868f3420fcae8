import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { type Plan, planWork, renderManifest, renderMermaid, toPlanJson } from "../src/index.js";

function load(name: string): Plan {
  return planWork([
    { file: name, text: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8") },
  ]);
}

function item(plan: Plan, start: string) {
  const found = plan.items.find((candidate) => candidate.description.startsWith(start));
  if (found === undefined)
    throw new Error(`no item starts with "${start}": ${plan.items.map((i) => i.description).join(" | ")}`);
  return found;
}

function workerOf(plan: Plan, id: string) {
  return plan.workers.find((worker) => worker.items.includes(id));
}

describe("a code review with numbered findings under severity headings", () => {
  const plan = load("code-review.md");

  test("each finding and nit is an item; field bullets, tables, code and prose are not", () => {
    expect(plan.items.map((entry) => entry.description.slice(0, 24))).toEqual([
      "SQL injection in order s",
      "Race condition in invent",
      "Refund amounts are round",
      "Duplicated retry logic i",
      "Missing input validation",
      'Typo in log message "rec',
      "Rename tmp2 to something",
      "The README still mention",
    ]);
  });

  test("File fields become the scope, severity headings the priority", () => {
    expect(item(plan, "SQL injection")).toMatchObject({
      action: "fix",
      priority: "P0",
      scope: ["backend/src/services/orders.ts"],
    });
    expect(item(plan, "Race condition")).toMatchObject({
      action: "fix",
      priority: "P1",
      scope: ["backend/src/services/inventory.ts"],
    });
    expect(item(plan, "Refund amounts").scope).toEqual([
      "backend/src/payments/refunds.ts",
      "backend/src/lib/money.ts",
    ]);
    expect(item(plan, "Duplicated retry")).toMatchObject({ action: "refactor", priority: "P2" });
    expect(item(plan, "Typo")).toMatchObject({ action: "fix", priority: "P3", complexity: "S" });
  });

  test("a nit without a path needs clarification", () => {
    expect(plan.clarify.map((entry) => entry.id)).toEqual([item(plan, "The README").id]);
  });

  test("findings on the same file share a worker, flagged", () => {
    const sql = item(plan, "SQL injection").id;
    const rename = item(plan, "Rename tmp2").id;
    expect(workerOf(plan, sql)?.id).toBe(workerOf(plan, rename)?.id);
    expect(plan.overlaps).toEqual([
      { items: [sql, rename], paths: ["backend/src/services/orders.ts"], workers: [workerOf(plan, sql)!.id] },
    ]);
    expect(plan.assessment.mode).toBe("parallel");
  });
});

describe("a TODO with task lists under priority headings", () => {
  const plan = load("TODO.md");

  test("task list items are items; front matter, notes and code are not", () => {
    expect(plan.items).toHaveLength(11);
    expect(plan.items.filter((entry) => entry.done).map((entry) => entry.description.slice(0, 10))).toEqual([
      "Rotate the",
      "Document t",
    ]);
    expect(plan.assumptions).toContain(
      'Skipped bullets under "Notes": not a work item next to the document\'s task lists (no action verb, or reference material)',
    );
  });

  test("priority headings give P0–P2; emoji and markers leave the description", () => {
    expect(item(plan, "Fix login redirect")).toMatchObject({
      priority: "P0",
      action: "fix",
      scope: ["web/src/auth/session.ts"],
    });
    expect(item(plan, "Refactor")).toMatchObject({ priority: "P1", action: "refactor" });
    expect(item(plan, "Dark mode")).toMatchObject({ priority: "P2", action: "add" });
  });

  test('"after the rate limiting lands" depends on the rate-limiting item', () => {
    expect(item(plan, "Add unit tests").dependencies).toEqual([item(plan, "Add rate limiting").id]);
  });

  test("vague items need clarification", () => {
    expect(plan.clarify.map((entry) => entry.text)).toEqual(["Improve performance", "add missing tests"]);
  });

  test("items on the same file or directory stay together", () => {
    expect(workerOf(plan, item(plan, "Add rate limiting").id)).toBe(
      workerOf(plan, item(plan, "Add unit tests").id),
    );
    expect(workerOf(plan, item(plan, "Update").id)).toBe(workerOf(plan, item(plan, "Dark mode").id));
    expect(plan.workers.length).toBeGreaterThanOrEqual(2);
    expect(plan.workers.length).toBeLessThanOrEqual(4);
  });
});

describe("a nested implementation plan", () => {
  const plan = load("plan.md");

  test("tasks under numbered groups are the items, grouped by their parent", () => {
    expect(plan.items).toHaveLength(9);
    expect([...new Set(plan.items.map((entry) => entry.group))]).toEqual([
      "Data model",
      "API",
      "Invite dialog",
      "Acceptance page",
      "Phase 3 — Rollout",
    ]);
  });

  test("a nested **File:** bullet adds to the scope of its task", () => {
    expect(item(plan, "Send the invitation").scope).toEqual([
      "server/services/mailer.py",
      "server/templates/invite.html",
    ]);
  });

  test("explicit, layer and sequence dependencies", () => {
    const model = item(plan, "Create the Invitation model").id;
    const api = item(plan, "Implement POST").id;
    expect(item(plan, "Implement POST").dependencies).toEqual([model]);
    expect(item(plan, "Wire the dialog").dependencies).toEqual([api]);
    expect(item(plan, "Add an e2e test").dependencies).toEqual([item(plan, "Write docs").id]);
  });

  test("the model → API → frontend chain stays in one worker", () => {
    const chain = ["Create the Invitation model", "Implement POST", "Wire the dialog"].map(
      (start) => item(plan, start).id,
    );
    expect(new Set(chain.map((id) => workerOf(plan, id)?.id)).size).toBe(1);
  });

  test("open questions are not items", () => {
    expect(plan.items.some((entry) => entry.description.includes("expire"))).toBe(false);
  });
});

describe("a spec-kit tasks.md", () => {
  const plan = load("tasks.md");

  test("every task is an item, nothing else is", () => {
    expect(plan.items.map((entry) => entry.description.split(" ")[0])).toEqual(
      Array.from({ length: 18 }, (_, i) => `T${String(i + 1).padStart(3, "0")}`),
    );
    expect(plan.details.filter((details) => details.parallel)).toHaveLength(9);
  });

  test("(depends on …) becomes dependencies", () => {
    expect(item(plan, "T011").dependencies).toEqual([item(plan, "T009").id, item(plan, "T010").id]);
    expect(item(plan, "T016").dependencies).toEqual([item(plan, "T015").id]);
  });

  test("user stories wait for the foundational phase, polish waits for the stories", () => {
    const foundational = ["T004", "T005", "T006"].map((id) => item(plan, id).id);
    expect(item(plan, "T009").dependencies).toEqual(foundational);
    expect(item(plan, "T017").dependencies).toContain(item(plan, "T012").id);
  });

  test("setup and foundation form one chain; each story and the polish phase get a worker", () => {
    const names = plan.workers.map((worker) => worker.name);
    expect(names).toEqual([
      "task-1-foundational-blocking",
      "task-2-user-story-1-create-albums",
      "task-3-user-story-2-share-albums",
      "task-4-polish-cross-cutting-concerns",
    ]);
    expect(workerOf(plan, item(plan, "T002").id)).toBe(workerOf(plan, item(plan, "T004").id));
    const us1 = plan.items
      .filter((_, index) => plan.details[index]!.story === "US1")
      .map((entry) => entry.id);
    expect(new Set(us1.map((id) => workerOf(plan, id)?.id)).size).toBe(1);
    expect(workerOf(plan, item(plan, "T009").id)!.dependsOn).toEqual([
      workerOf(plan, item(plan, "T004").id)!.id,
    ]);
  });

  test("the shared app.py is flagged because two phases touch it in order", () => {
    expect(plan.overlaps).toEqual([
      expect.objectContaining({
        items: [item(plan, "T006").id, item(plan, "T018").id],
        paths: ["src/api/app.py"],
      }),
    ]);
  });
});

describe("an issue list of plain bullets", () => {
  const plan = load("issues.md");

  test("bullets under platform headings are items grouped by heading", () => {
    expect(plan.items).toHaveLength(9);
    expect(plan.items.map((entry) => entry.group)).toEqual([
      "Android",
      "Android",
      "Android",
      "iOS",
      "iOS",
      "iOS",
      "Both",
      "Both",
      "Both",
    ]);
  });

  test("bugs without a path need clarification", () => {
    expect(plan.clarify.map((entry) => entry.text.slice(0, 12))).toEqual([
      "Back button ",
      "Crash when p",
      "Investigate ",
    ]);
  });

  test("one worker per platform", () => {
    expect(plan.workers.map((worker) => [worker.name, worker.items])).toEqual([
      ["task-1-android", ["item-1", "item-2"]],
      ["task-2-ios", ["item-4", "item-5"]],
      ["task-3-both", ["item-7", "item-8"]],
    ]);
  });
});

describe("a mostly-prose document", () => {
  const plan = load("notes.md");

  test("actionable paragraphs are items, narration is not", () => {
    expect(plan.items.map((entry) => [entry.action, entry.scope])).toEqual([
      ["fix", ["search/src/client.ts"]],
      ["add", ["infra/alerts/search.yaml"]],
      ["docs", ["docs/runbooks/search-failover.md"]],
    ]);
    expect(plan.assumptions).toContain(
      "The document has no list items: actionable paragraphs were read as items",
    );
  });

  test("little work is done sequentially", () => {
    expect(plan.assessment).toMatchObject({ mode: "sequential", rule: "too-little-work" });
  });
});

describe("a security audit written as one heading per finding", () => {
  const plan = load("security-audit.md");

  test("each finding heading is an item with its fields", () => {
    expect(plan.items.map((entry) => [entry.description, entry.priority, entry.scope])).toEqual([
      ["Stored XSS in support ticket comments", "P1", ["portal/src/tickets/CommentView.tsx"]],
      ["Session cookie missing Secure flag", "P2", ["portal/server/session.js"]],
      ["Verbose error pages", "P3", []],
    ]);
    expect(plan.items[0]!.action).toBe("fix");
  });
});

describe("every fixture", () => {
  const names = [
    "code-review.md",
    "TODO.md",
    "plan.md",
    "tasks.md",
    "issues.md",
    "notes.md",
    "security-audit.md",
  ];

  test.each(names)("%s renders a manifest, a mermaid graph and contract JSON", (name) => {
    const plan = load(name);
    expect(renderManifest(plan)).toMatch(/^## Work Item Manifest\n/);
    expect(renderMermaid(plan)).toMatch(/^graph TD\n/);
    expect(toPlanJson(plan).items).toHaveLength(plan.items.length);
  });

  test("all fixtures planned together keep ids in source order", () => {
    const documents = names.map((name) => ({
      file: name,
      text: readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"),
    }));
    const plan = planWork(documents);
    expect(plan.sources).toEqual(names);
    expect(plan.items.map((entry) => entry.id)).toEqual(plan.items.map((_, index) => `item-${index + 1}`));
    expect(plan.workers.length).toBeGreaterThanOrEqual(2);
    expect(plan.workers.length).toBeLessThanOrEqual(4);
  });
});
