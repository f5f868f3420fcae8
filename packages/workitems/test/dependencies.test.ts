import { describe, expect, test } from "vitest";
import { dependencyRefs } from "../src/dependencies.js";
import { planWork, workItemsFromMarkdown } from "../src/index.js";

function dependencies(markdown: string): Record<string, string[]> {
  const result = workItemsFromMarkdown(markdown);
  return Object.fromEntries(result.items.map((item) => [item.id, item.dependencies]));
}

describe("explicit dependency phrases", () => {
  test.each<[string, string, Record<string, string[]>]>([
    ["an item id", "- Fix `a.ts`\n- Fix `b.ts` after item-1\n", { "item-1": [], "item-2": ["item-1"] }],
    [
      "a number in the same numbered list",
      "1. Fix `a.ts`\n2. Fix `b.ts`\n3. Fix `c.ts` (depends on #1)\n",
      { "item-1": [], "item-2": [], "item-3": ["item-1"] },
    ],
    [
      "a step number",
      "1. Add the column in `db/schema.sql`\n2. Backfill `db/backfill.sql` after step 1\n",
      { "item-1": [], "item-2": ["item-1"] },
    ],
    [
      "spec-kit task ids",
      "- [ ] T001 Create `a.py`\n- [ ] T002 Create `b.py`\n- [ ] T003 Wire `c.py` (depends on T001, T002)\n",
      { "item-1": [], "item-2": [], "item-3": ["item-1", "item-2"] },
    ],
    [
      "a distinctive phrase",
      "- Refactor the auth middleware in `auth/mw.ts`\n- Add SSO in `auth/sso.ts`, blocked by the auth middleware refactor\n",
      { "item-1": [], "item-2": ["item-1"] },
    ],
    [
      "requires",
      "- Create the User model in `models/user.py`\n- Add the profile page `pages/profile.tsx`; requires the User model\n",
      { "item-1": [], "item-2": ["item-1"] },
    ],
    [
      "a Depends on: field",
      "1. Fix `a.ts`\n2. Fix `b.ts`\n   - **Depends on**: 1\n",
      { "item-1": [], "item-2": ["item-1"] },
    ],
    [
      "an after clause at the start",
      "- Fix `a.ts`\n- After the a.ts fix lands, update `b.ts`\n",
      { "item-1": [], "item-2": ["item-1"] },
    ],
  ])("%s", (_name, markdown, expected) => {
    expect(dependencies(markdown)).toEqual(expected);
  });

  test("a mid-sentence 'after' is not a dependency", () => {
    expect(dependencies("- Fix `a.ts`\n- Fix the redirect after login in `b.ts`\n")).toEqual({
      "item-1": [],
      "item-2": [],
    });
  });

  test("an unresolved reference is reported, not guessed", () => {
    const result = workItemsFromMarkdown("- Fix `a.ts` (blocked by #99)\n- Fix `b.ts`\n");
    expect(result.items[0]!.dependencies).toEqual([]);
    expect(result.assumptions).toContain(
      'Item 1: "#99" matches no item (an issue number?); no dependency added',
    );
  });

  test("a phrase match is written down as an assumption", () => {
    const result = workItemsFromMarkdown(
      "- Create the User model in `models/user.py`\n- Add `pages/p.tsx`; requires the User model\n",
    );
    expect(result.assumptions).toContain(
      'Item 2: "the User model" read as "Create the User model in models/user.py"',
    );
  });

  test("a phrase several items match resolves to the nearest earlier one, never to the item itself", () => {
    const fillers = Array.from({ length: 8 }, (_, n) => `- Fix typo ${n} in \`docs/f${n}.md\``).join("\n");
    const result = workItemsFromMarkdown(
      `- Refactor the session cache in \`a/cache.ts\`\n- Refactor the session cache in \`b/cache.ts\`\n- Update \`c.ts\`, blocked by the session cache refactor\n- Fix \`d.ts\`, blocked by the session cache refactor\n${fillers}\n`,
    );
    expect(result.items.slice(0, 4).map((item) => item.dependencies)).toEqual([
      [],
      [],
      ["item-2"],
      ["item-3"],
    ]);
    expect(result.assumptions).toContain(
      'Item 3: "the session cache refactor" read as "Refactor the session cache in b/cache.ts" (nearest of 3 matches)',
    );
  });

  test("a phrase only later items match resolves to the first of them", () => {
    const result = workItemsFromMarkdown(
      "- Update `c.ts`, blocked by the billing export rewrite\n- Rewrite the billing export in `billing/export.ts`\n- Fix `d.ts`\n- Fix `e.ts`\n",
    );
    expect(result.items[0]!.dependencies).toEqual(["item-2"]);
  });

  test("a phrase that matches most of the document is not distinctive and is reported", () => {
    const result = workItemsFromMarkdown(
      "- Fix the parser in `a.ts`\n- Fix the parser in `b.ts`\n- Fix the parser in `c.ts`\n- Fix the parser in `d.ts`\n- Fix `e.ts`, blocked by the parser fix\n",
    );
    expect(result.items[4]!.dependencies).toEqual([]);
    expect(result.assumptions).toContain('Item 5: "the parser fix" matches no item; no dependency added');
  });

  test.each<[string, string, string[]]>([
    ["ids separated by commas", "(depends on T037, T038)", ["T037", "T038"]],
    [
      "and-separated phrases",
      "requires the user model and the session store",
      ["the user model", "the session store"],
    ],
    ["a weak 'after' with an id", "do it after #3", ["#3"]],
    ["a weak 'once' with completion wording", "once the migration is merged", ["the migration"]],
    ["a weak 'after' mid-sentence", "redirect after login", []],
  ])("reads %s", (_name, text, expected) => {
    expect(dependencyRefs(text, false).map((ref) => ref.raw)).toEqual(expected);
  });
});

describe("implicit dependencies", () => {
  test("an item that creates a file comes before items that use it", () => {
    const result = workItemsFromMarkdown(
      "- Fix the import in `src/util/date.ts`\n- Create `src/util/date.ts` with the parsing helpers\n",
    );
    expect(result.items[0]!.dependencies).toEqual(["item-2"]);
    expect(result.dependencies[0]).toMatchObject({ reason: "creates-uses" });
  });

  test("an item that creates a symbol comes before items that use it", () => {
    const result = workItemsFromMarkdown(
      "- Create `validateToken()` in `auth/token.ts`\n- Call `validateToken()` from `api/middleware.ts`\n",
    );
    expect(result.items[1]!.dependencies).toEqual(["item-1"]);
  });

  test("model → API → frontend for the same entity", () => {
    const result = workItemsFromMarkdown(
      "- Add the users page `web/pages/users.tsx`\n- Add the users endpoint `server/api/users.py`\n- Add the User model `server/models/user.py`\n",
    );
    expect(result.items.map((item) => item.dependencies)).toEqual([["item-2"], ["item-3"], []]);
    expect(result.dependencies.every((edge) => edge.reason === "layer")).toBe(true);
  });

  test("layers of different entities stay independent", () => {
    const result = workItemsFromMarkdown("- Add `web/pages/users.tsx`\n- Add `server/models/invoice.py`\n");
    expect(result.dependencies).toEqual([]);
  });

  test("numbered steps introduced as a plan form a sequence", () => {
    const result = workItemsFromMarkdown(
      "Migration plan:\n\n1. Add the column in `db/a.sql`\n2. Backfill in `db/b.sql`\n3. Drop the old column in `db/c.sql`\n",
    );
    expect(result.items.map((item) => item.dependencies)).toEqual([[], ["item-1"], ["item-2"]]);
  });

  test("numbered findings are not a sequence", () => {
    const result = workItemsFromMarkdown("## Critical Findings\n\n1. Fix `a.ts`\n2. Fix `b.ts`\n");
    expect(result.dependencies).toEqual([]);
  });

  test("spec-kit phases: setup → foundational → stories → polish, stories in parallel", () => {
    const result = workItemsFromMarkdown(
      [
        "## Phase 1: Setup",
        "- [ ] T001 Create `pyproject.toml`",
        "## Phase 2: Foundational",
        "- [ ] T002 Set up `src/db/`",
        "## Phase 3: User Story 1",
        "- [ ] T003 [US1] Add `src/a.py`",
        "## Phase 4: User Story 2",
        "- [ ] T004 [US2] Add `src/b.py`",
        "## Phase 5: Polish",
        "- [ ] T005 Update `docs/x.md`",
      ].join("\n"),
    );
    expect(result.items.map((item) => item.dependencies)).toEqual([
      [],
      ["item-1"],
      ["item-2"],
      ["item-2"],
      ["item-3", "item-4"],
    ]);
  });

  test("a spec-kit [P] task gets no implicit dependencies", () => {
    const result = workItemsFromMarkdown(
      "- [ ] T001 Create `src/a.py`\n- [ ] T002 [P] Extend `src/a.py`\n- [ ] T003 Extend `src/a.py`\n",
    );
    expect(result.items.map((item) => item.dependencies)).toEqual([[], [], ["item-1"]]);
  });
});

describe("the dependency graph", () => {
  test("cycles are detected, reported and kept in one worker", () => {
    const plan = planWork([
      {
        file: "c.md",
        text: "- Fix `a.ts` after item-2\n- Fix `b.ts` after item-1\n- Fix `c/x.ts`\n- Fix `d/y.ts`\n- Refactor `e/z.ts`\n",
      },
    ]);
    expect(plan.cycles).toEqual([["item-1", "item-2"]]);
    expect(plan.assumptions.join("\n")).toContain("Dependency cycle between items 1, 2");
    const holder = plan.workers.find((worker) => worker.items.includes("item-1"));
    expect(holder?.items).toContain("item-2");
  });

  test("independent items, chains and clusters are told apart", () => {
    const plan = planWork([
      {
        file: "g.md",
        text: [
          "- Fix `a.ts`",
          "- Fix `b.ts`",
          "- Fix `c.ts` after item-2",
          "- Fix `d.ts`",
          "- Fix `e.ts` after item-4",
          "- Fix `f.ts` after item-4",
        ].join("\n"),
      },
    ]);
    expect(plan.graph).toEqual({
      independent: ["item-1"],
      chains: [["item-2", "item-3"]],
      clusters: [["item-4", "item-5", "item-6"]],
    });
  });

  test("dependencies always name existing items, never the item itself", () => {
    const result = workItemsFromMarkdown(
      "- Fix `a.ts` after item-1 and item-7\n- Fix `b.ts` (depends on #2)\n",
    );
    const ids = new Set(result.items.map((item) => item.id));
    for (const item of result.items) {
      for (const dependency of item.dependencies) {
        expect(ids.has(dependency)).toBe(true);
        expect(dependency).not.toBe(item.id);
      }
    }
  });
});
