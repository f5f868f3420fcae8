import { describe, expect, test } from "vitest";
import { type Plan, type PlanOptions, planWork, WorkItemsError } from "../src/index.js";

function plan(text: string, options?: PlanOptions): Plan {
  return planWork([{ file: "doc.md", text }], options);
}

const lines = (...list: string[]) => `${list.join("\n")}\n`;

describe("the documented parallelizability rules", () => {
  test.each<[string, string, string, "parallel" | "sequential"]>([
    ["no items → nothing to do", "", "no-items", "sequential"],
    [
      "all items touch the same file → sequential",
      lines(
        "- Fix the header in `src/app.ts`",
        "- Fix the footer in `src/app.ts`",
        "- Refactor the nav in `src/app.ts`",
      ),
      "same-file",
      "sequential",
    ],
    [
      "a linear dependency chain → sequential",
      lines("1. Refactor `db/a.sql`", "2. Refactor `db/b.sql` after #1", "3. Refactor `api/c.ts` after #2"),
      "linear-chain",
      "sequential",
    ],
    [
      "fewer than 3 items → sequential",
      lines("- Refactor `a/x.ts`", "- Refactor `b/y.ts`"),
      "too-few-items",
      "sequential",
    ],
    [
      "less than 2 hours of work → sequential",
      lines("- Fix typo in `a/x.md`", "- Fix typo in `b/y.md`", "- Fix typo in `c/z.md`"),
      "too-little-work",
      "sequential",
    ],
    [
      "all items are tests for one module → sequential",
      lines(
        "- Add tests for refunds in `tests/test_payment_refunds.py`",
        "- Add tests for charges in `tests/test_payment_charges.py`",
        "- Add tests for payouts in `tests/test_payment_payouts.py`",
      ),
      "tests-for-one-module",
      "sequential",
    ],
    [
      "overlapping files tie every item together → sequential, flagged",
      lines(
        "- Refactor `src/a.ts` and `src/b.ts`",
        "- Refactor `src/b.ts` and `src/c.ts`",
        "- Refactor `src/c.ts` and `src/d.ts`",
      ),
      "overlapping-files",
      "sequential",
    ],
    [
      "one dependency cluster → sequential",
      lines(
        "## Auth",
        "- Create `auth/a.ts`",
        "- Refactor `auth/b.ts` after item-1",
        "## Billing",
        "- Refactor `billing/c.ts` after item-2",
        "- Refactor `billing/d.ts` after item-3",
        "- Refactor `billing/e.ts` after item-3",
      ),
      "single-cluster",
      "sequential",
    ],
    [
      "independent files → parallel",
      lines("- Fix `a/x.ts`", "- Refactor `b/y.ts`", "- Refactor `c/z.ts`"),
      "independent-files",
      "parallel",
    ],
    [
      "a mix of independent clusters → parallel, grouped",
      lines(
        "- Create `a/x.ts`",
        "- Refactor `a/y.ts` after item-1",
        "- Refactor `b/z.ts`",
        "- Refactor `c/w.ts`",
      ),
      "independent-clusters",
      "parallel",
    ],
  ])("%s", (_name, text, rule, mode) => {
    const result = plan(text);
    expect(result.assessment).toMatchObject({ rule, mode });
    expect(result.assessment.workers).toBe(result.workers.length);
  });

  test("the reason names the rule that decided", () => {
    expect(plan(lines("- Refactor `a/x.ts`", "- Refactor `b/y.ts`")).assessment.reason).toMatchInlineSnapshot(
      `"Only 2 ready items (fewer than 3) — overhead exceeds benefit"`,
    );
    expect(
      plan(
        lines(
          "- Fix the header in `src/app.ts`",
          "- Fix the footer in `src/app.ts`",
          "- Fix nav in `src/app.ts`",
        ),
      ).assessment.reason,
    ).toMatchInlineSnapshot(
      `"All items touch the same file (src/app.ts) — sequential, parallel work would conflict"`,
    );
  });

  test("an empty plan has no workers and a reason", () => {
    const result = plan("");
    expect(result).toMatchObject({ items: [], workers: [], assessment: { mode: "sequential", workers: 0 } });
    expect(result.assessment.reason).toBe("No ready items: nothing to assign");
  });

  test("workers: 1 asks for a sequential plan", () => {
    const result = plan(lines("- Fix `a/x.ts`", "- Refactor `b/y.ts`", "- Refactor `c/z.ts`"), {
      workers: 1,
    });
    expect(result.assessment).toMatchObject({ mode: "sequential", rule: "requested-one-worker", workers: 1 });
  });
});

describe("sequential plans", () => {
  test("hold every ready item in one worker, in dependency order", () => {
    const result = plan(
      lines("1. Refactor `api/c.ts` after #2", "2. Refactor `db/b.sql` after #3", "3. Refactor `db/a.sql`"),
    );
    expect(result.workers).toHaveLength(1);
    expect(result.workers[0]!.items).toEqual(["item-3", "item-2", "item-1"]);
    expect(result.order).toEqual(["item-3", "item-2", "item-1"]);
  });
});

const twelve = Array.from({ length: 12 }, (_, i) => `- Refactor \`mod${i}/x.ts\``);

describe("the documented grouping strategy", () => {
  test("2–4 workers by default, from the estimated hours", () => {
    expect(plan(lines(...twelve)).workers).toHaveLength(4);
    expect(plan(lines(...twelve.slice(0, 3))).workers).toHaveLength(3);
    expect(plan(lines("- Fix `a/x.ts`", "- Fix `b/y.ts`", "- Fix `c/z.ts`")).workers).toHaveLength(2);
  });

  test("workers: N overrides the count", () => {
    expect(plan(lines(...twelve), { workers: 3 }).workers).toHaveLength(3);
    expect(plan(lines(...twelve), { workers: 6 }).workers).toHaveLength(6);
  });

  test("never more workers than independent groups, said aloud", () => {
    const result = plan(lines("- Refactor `a/x.ts`", "- Refactor `b/y.ts`", "- Refactor `c/z.ts`"), {
      workers: 8,
    });
    expect(result.workers).toHaveLength(3);
    expect(result.assumptions).toContain(
      "8 workers requested, but only 3 groups can work independently: using 3",
    );
  });

  test("items clustered by directory are grouped by directory", () => {
    const result = plan(
      lines(
        "- Refactor `api/a.ts`",
        "- Refactor `web/b.tsx`",
        "- Refactor `api/c.ts`",
        "- Refactor `web/d.tsx`",
      ),
      { workers: 2 },
    );
    expect(result.workers.map((worker) => worker.items)).toEqual([
      ["item-1", "item-3"],
      ["item-2", "item-4"],
    ]);
    expect(result.workers.map((worker) => worker.name)).toEqual(["task-1-api", "task-2-web"]);
  });

  test("items clustered by feature are grouped by feature", () => {
    const result = plan(
      lines(
        "## Authentication",
        "- Refactor `src/session/a.ts`",
        "- Refactor `src/tokens/b.ts`",
        "## Billing",
        "- Refactor `src/invoices/c.ts`",
        "- Refactor `src/payments/d.ts`",
      ),
      { workers: 2 },
    );
    expect(result.workers.map((worker) => [worker.name, worker.items])).toEqual([
      ["task-1-authentication", ["item-1", "item-2"]],
      ["task-2-billing", ["item-3", "item-4"]],
    ]);
  });

  test("a dependency chain stays in one worker", () => {
    const result = plan(
      lines(
        "- Create `models/user.py`",
        "- Refactor `api/users.py` after item-1",
        "- Refactor `a/x.ts`",
        "- Refactor `b/y.ts`",
      ),
    );
    const holder = result.workers.find((worker) => worker.items.includes("item-1"))!;
    expect(holder.items).toEqual(["item-1", "item-2"]);
  });

  test("independent items of similar size are balanced by complexity", () => {
    const result = plan(lines(...twelve), { workers: 4 });
    expect(result.workers.map((worker) => worker.items.length)).toEqual([3, 3, 3, 3]);
  });

  test("items on overlapping files share a worker and are flagged", () => {
    const result = plan(
      lines(
        "- Refactor `src/app.ts` header",
        "- Refactor `a/x.ts`",
        "- Refactor `src/app.ts` footer",
        "- Refactor `b/y.ts`",
      ),
    );
    const holder = result.workers.find((worker) => worker.items.includes("item-1"))!;
    expect(holder.items).toContain("item-3");
    expect(result.overlaps).toEqual([
      { items: ["item-1", "item-3"], paths: ["src/app.ts"], workers: [holder.id] },
    ]);
  });

  test("scopes are exclusive unless an ordered overlap is flagged", () => {
    const result = plan(
      lines(
        "## Phase 1: Setup",
        "- [ ] T001 Create `src/api/app.py`",
        "## Phase 2: User Story 1",
        "- [ ] T002 [US1] Add `src/models/a.py`",
        "- [ ] T003 [US1] Add `src/api/a.py`",
        "## Phase 3: User Story 2",
        "- [ ] T004 [US2] Add `src/models/b.py`",
        "- [ ] T005 [US2] Add `src/api/b.py`",
        "## Phase 4: Polish",
        "- [ ] T006 Harden `src/api/app.py`",
      ),
      { workers: 3 },
    );
    const owners = new Map<string, string[]>();
    for (const worker of result.workers)
      for (const path of worker.scope) owners.set(path, [...(owners.get(path) ?? []), worker.id]);
    const shared = [...owners].filter(([, ids]) => ids.length > 1);
    for (const [path, ids] of shared) {
      expect(
        result.overlaps.some(
          (overlap) => overlap.paths.includes(path) && ids.every((id) => overlap.workers.includes(id)),
        ),
      ).toBe(true);
    }
  });

  test("items needing clarification and done items are not assigned", () => {
    const result = plan(
      lines(
        "- [ ] Improve performance",
        "- [x] Fix `done/x.ts`",
        "- [ ] Refactor `a/x.ts`",
        "- [ ] Refactor `b/y.ts`",
        "- [ ] Refactor `c/z.ts`",
      ),
    );
    const assigned = result.workers.flatMap((worker) => worker.items);
    expect(assigned).not.toContain("item-1");
    expect(assigned).not.toContain("item-2");
    expect(result.clarify).toEqual([
      { id: "item-1", text: "Improve performance", issue: "Too vague—what exactly, and in which module?" },
    ]);
  });

  test("worker names are valid feature names of at most 40 characters", () => {
    const result = plan(
      lines(
        "## A very long feature heading that goes on and on: Émigré café",
        "- Refactor `x/a.ts`",
        "## Other",
        "- Refactor `y/b.ts`",
        "- Refactor `z/c.ts`",
      ),
    );
    for (const worker of result.workers) {
      expect(worker.name).toMatch(/^[a-z0-9][a-z0-9-]{0,62}$/);
      expect(worker.name.length).toBeLessThanOrEqual(40);
      expect(worker.name.startsWith(`${worker.id}`)).toBe(true);
    }
    expect(result.workers[0]!.name).toBe("task-1-a-very-long-feature-heading-that");
  });

  test("a worker that needs another's work depends on it", () => {
    const result = plan(
      lines(
        "## Core",
        "- Create `core/a.ts`",
        "## UI",
        "- Refactor `ui/b.tsx` after item-1",
        "## Jobs",
        "- Refactor `jobs/c.ts` after item-1",
        "- Refactor `jobs/d.ts`",
      ),
    );
    const core = result.workers.find((worker) => worker.items.includes("item-1"))!;
    const ui = result.workers.find((worker) => worker.items.includes("item-2"))!;
    expect(ui.id).not.toBe(core.id);
    expect(ui.dependsOn).toEqual([core.id]);
  });
});

describe("options", () => {
  test.each<[string, unknown]>([
    ["zero", 0],
    ["a fraction", 2.5],
    ["a string", "3"],
    ["a negative number", -1],
    ["NaN", Number.NaN],
  ])("workers: %s is refused with E_OPTIONS", (_name, workers) => {
    const attempt = () => planWork([], { workers } as PlanOptions);
    expect(attempt).toThrow(WorkItemsError);
    try {
      attempt();
    } catch (error) {
      expect((error as WorkItemsError).code).toBe("E_OPTIONS");
    }
  });

  test("the error says what was expected, received and how to fix it", () => {
    expect(() => planWork([], { workers: 0 })).toThrowErrorMatchingInlineSnapshot(
      `[WorkItemsError: workers must be a whole number of at least 1, received 0. Omit it for the default (2–4 from the estimated work) or pass e.g. { workers: 3 }.]`,
    );
    expect(() => planWork([], { parallel: "yes" as never })).toThrowErrorMatchingInlineSnapshot(
      `[WorkItemsError: parallel must be true or false, received "yes". Pass { parallel: true } to split work that only an overhead rule keeps in one worker.]`,
    );
    expect(() => planWork("TODO.md" as never)).toThrowErrorMatchingInlineSnapshot(
      `[WorkItemsError: planWork expects an array of { file, text } documents, received "TODO.md". Wrap a single document: planWork([{ file: "TODO.md", text }]).]`,
    );
    expect(() => planWork([{ file: "a.md", text: undefined as never }])).toThrowErrorMatchingInlineSnapshot(
      `[WorkItemsError: documents[0].text must be a string of markdown, received undefined. Pass the file's contents as text (e.g. readFileSync(path, "utf8")).]`,
    );
  });
});

describe("several documents", () => {
  test("ids run across sources in order and sources are listed", () => {
    const result = planWork([
      { file: "a.md", text: "- Fix `a/x.ts`\n" },
      { file: "b.md", text: "- Fix `b/y.ts`\n- Fix `c/z.ts` (depends on T001)\n" },
      { file: "c.md", text: "- [ ] T001 Create `c/z.ts`\n" },
    ]);
    expect(result.sources).toEqual(["a.md", "b.md", "c.md"]);
    expect(result.items.map((item) => [item.id, item.source.file])).toEqual([
      ["item-1", "a.md"],
      ["item-2", "b.md"],
      ["item-3", "b.md"],
      ["item-4", "c.md"],
    ]);
    expect(result.items[2]!.dependencies).toEqual(["item-4"]);
  });
});
