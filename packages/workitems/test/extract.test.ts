import { describe, expect, test } from "vitest";
import { workItemsFromMarkdown } from "../src/index.js";

function extract(markdown: string) {
  const result = workItemsFromMarkdown(markdown, { file: "doc.md" });
  return {
    ...result,
    descriptions: result.items.map((item) => item.description),
    byDescription: (start: string) => {
      const index = result.items.findIndex((item) => item.description.startsWith(start));
      if (index < 0)
        throw new Error(
          `no item starting with ${start}: ${result.items.map((i) => i.description).join(" | ")}`,
        );
      return { item: result.items[index]!, details: result.details[index]! };
    },
  };
}

describe("extraction in the documented priority order", () => {
  test.each<[string, string, string[]]>([
    [
      "task list items of every checkbox spelling are items",
      "- [ ] Fix `a.ts`\n- [x] Fix `b.ts`\n- [X] Fix `c.ts`\n",
      ["Fix a.ts", "Fix b.ts", "Fix c.ts"],
    ],
    ["numbered list items are items", "1. Fix `a.ts`\n2. Fix `b.ts`\n", ["Fix a.ts", "Fix b.ts"]],
    ["bullets under a heading are items", "# Bugs\n\n- Fix `a.ts`\n- Fix `b.ts`\n", ["Fix a.ts", "Fix b.ts"]],
    [
      "standalone bullets are items",
      "- Fix `a.ts`\n* Fix `b.ts`\n+ Fix `c.ts`\n",
      ["Fix a.ts", "Fix b.ts", "Fix c.ts"],
    ],
    [
      "paragraphs are items only when the document has no list items",
      "# Notes\n\nThe outage lasted an hour.\n\nWe should fix the retry loop in `client.ts`.\n",
      ["We should fix the retry loop in client.ts."],
    ],
    ["paragraphs are not items next to list items", "We should fix `x.ts`.\n\n- Fix `a.ts`\n", ["Fix a.ts"]],
    [
      "fenced code is never an item",
      "- Fix `a.ts`\n\n```md\n- [ ] Fix b.ts\n1. Fix c.ts\n```\n",
      ["Fix a.ts"],
    ],
    ["indented code is never an item", "- Fix `a.ts`\n\n      - Fix b.ts\n", ["Fix a.ts"]],
    ["YAML front matter is skipped", "---\ntodo:\n  - Fix b.ts\n---\n- Fix `a.ts`\n", ["Fix a.ts"]],
    ["TOML front matter is skipped", "+++\ntodo = ['- Fix b.ts']\n+++\n- Fix `a.ts`\n", ["Fix a.ts"]],
    ["headings are never items", "# Fix `a.ts`\n\n## Fix `b.ts`\n\n- Fix `c.ts`\n", ["Fix c.ts"]],
    ["bold label lines are never items", "**Fix `a.ts` soon:**\n\n- Fix `c.ts`\n", ["Fix c.ts"]],
    ["lists in block quotes count", "> - Fix `a.ts`\n> - Fix `b.ts`\n", ["Fix a.ts", "Fix b.ts"]],
    ["HTML is never an item", "<ul><li>Fix a.ts</li></ul>\n\n- Fix `b.ts`\n", ["Fix b.ts"]],
    [
      "tables are not items next to list items",
      "| task |\n|---|\n| Fix a.ts |\n\n- Fix `b.ts`\n",
      ["Fix b.ts"],
    ],
  ])("%s", (_name, markdown, expected) => {
    expect(extract(markdown).descriptions).toEqual(expected);
  });

  test("task list items win over bullets that have no action verb", () => {
    const result = extract("## Todo\n\n- [ ] Fix `a.ts`\n\n## Notes\n\n- The staging DB is shared with QA\n");
    expect(result.descriptions).toEqual(["Fix a.ts"]);
    expect(result.kind).toBe("task");
    expect(result.assumptions.join("\n")).toContain('Skipped bullets under "Notes"');
  });

  test("weaker-kind entries with an action verb are kept next to stronger ones", () => {
    const result = extract(
      "## Findings\n\n1. SQL injection in `db.ts`\n\n## Nits\n\n- Rename `tmp2` in `orders.ts`\n- looks fine otherwise\n",
    );
    expect(result.descriptions).toEqual(["SQL injection in db.ts", "Rename tmp2 in orders.ts"]);
  });

  test("reference sections never contribute weaker-kind entries", () => {
    const result = extract("- [ ] Fix `a.ts`\n\n## References\n\n- Read the docs at `docs/x.md`\n");
    expect(result.descriptions).toEqual(["Fix a.ts"]);
  });
});

describe("nested lists and mixed kinds", () => {
  test("a task list under a numbered finding: tasks are items, the finding groups them and lends its scope", () => {
    const result = extract(
      "## Critical\n\n1. **Token leak** in `auth/session.ts`\n   - [ ] Rotate the signing keys\n   - [ ] Add a regression test\n2. Fix `b.ts`\n",
    );
    expect(result.descriptions).toEqual(["Rotate the signing keys", "Add a regression test", "Fix b.ts"]);
    const rotate = result.byDescription("Rotate");
    expect(rotate.item.group).toBe("Token leak in auth/session.ts");
    expect(rotate.item.scope).toEqual(["auth/session.ts"]);
    expect(rotate.item.priority).toBe("P0");
    expect(rotate.details.scopeSource).toBe("parent");
  });

  test("field bullets under a finding are details of it, not items", () => {
    const result = extract(
      "1. **SQL injection in search**\n   - **File**: `src/orders.ts`\n   - **Line**: 142-160\n   - **Severity**: Critical\n   - **Fix**: use bound parameters\n2. **Race in reservation**\n   - File: src/inventory.ts\n",
    );
    expect(result.descriptions).toEqual(["SQL injection in search", "Race in reservation"]);
    expect(result.items[0]).toMatchObject({ scope: ["src/orders.ts"], priority: "P0", action: "fix" });
    expect(result.items[1]!.scope).toEqual(["src/inventory.ts"]);
  });

  test("bold field lines inside an entry are details too", () => {
    const result = extract(
      "1. **Duplicated retry logic**\n   **File:** `src/clients/retry.ts`\n   **Severity:** low\n",
    );
    expect(result.items).toMatchObject([
      { description: "Duplicated retry logic", scope: ["src/clients/retry.ts"], priority: "P3" },
    ]);
  });

  test("nested task lists: the children are the items, the parent groups them", () => {
    const result = extract(
      "- [ ] Implement auth\n  - [ ] Add the user model in `models/user.py`\n  - [x] Add the login route in `api/login.py`\n",
    );
    expect(result.descriptions).toEqual([
      "Add the user model in models/user.py",
      "Add the login route in api/login.py",
    ]);
    expect(result.items.map((item) => item.group)).toEqual(["Implement auth", "Implement auth"]);
    expect(result.items.map((item) => item.done)).toEqual([false, true]);
  });

  test("bullets under a task are its details: scope and size come from them", () => {
    const result = extract("- [ ] Set up CI\n  - lint with `biome.json`\n  - run `vitest.config.ts`\n");
    expect(result.descriptions).toEqual(["Set up CI"]);
    expect(result.items[0]!.scope).toEqual(["biome.json", "vitest.config.ts"]);
  });

  test("a bullet without a verb whose children have verbs is a group", () => {
    const result = extract(
      "- Auth\n  - Fix the login redirect in `auth/login.ts`\n  - Fix logout in `auth/logout.ts`\n",
    );
    expect(result.descriptions).toEqual([
      "Fix the login redirect in auth/login.ts",
      "Fix logout in auth/logout.ts",
    ]);
    expect(result.items[0]!.group).toBe("Auth");
  });

  test("a bullet with a verb and a path keeps its notes as details", () => {
    const result = extract(
      "- Fix the login redirect in `auth/login.ts`\n  - happens when the token expires\n  - see #123\n",
    );
    expect(result.descriptions).toEqual(["Fix the login redirect in auth/login.ts"]);
  });

  test("repro steps under a bug stay details of the bug", () => {
    const result = extract(
      "- Crash on save in `editor/save.ts`\n  1. Create a new document\n  2. Add an image\n  3. Save\n",
    );
    expect(result.descriptions).toEqual(["Crash on save in editor/save.ts"]);
  });
});

describe("findings written as headings", () => {
  const audit = [
    "# Audit",
    "",
    "## Finding 1: Stored XSS",
    "",
    "**Severity:** High",
    "**Location:** `portal/CommentView.tsx`",
    "",
    "Comments are rendered without sanitisation.",
    "",
    "**Recommendation:**",
    "",
    "1. Sanitise with DOMPurify",
    "2. Add a CSP header",
    "",
    "## Finding 2: Verbose errors",
    "",
    "**Problem code (`server/errors.js`):**",
    "",
    "```js",
    "res.send(err.stack)",
    "```",
    "",
    "Stack traces reach users.",
    "",
    "## Other notes",
    "",
    "- [ ] Rename `x` in `lib/y.ts`",
  ].join("\n");

  test("each finding section is an item titled by its heading, even next to lists elsewhere", () => {
    const result = extract(audit);
    expect(result.descriptions).toEqual(["Stored XSS", "Verbose errors", "Rename x in lib/y.ts"]);
    expect(result.items[0]).toMatchObject({
      priority: "P1",
      scope: ["portal/CommentView.tsx"],
      action: "fix",
    });
    expect(result.items[1]!.scope).toEqual(["server/errors.js"]);
  });

  test("a list after a Recommendation: label is that field's value, not items", () => {
    expect(extract(audit).descriptions).not.toContain("Sanitise with DOMPurify");
  });

  test("a task list after a label line stays a task list", () => {
    expect(extract("**Fix `a.ts` soon:**\n\n- [ ] Fix `c.ts`\n").descriptions).toEqual(["Fix c.ts"]);
  });
});

describe("fields per item", () => {
  test("description is one line with markdown stripped", () => {
    const result = extract(
      "- [ ] Fix **the** _null_ check in [`user.py`](src/user.py)\n  across two lines\n",
    );
    expect(result.items[0]!.description).toBe("Fix the null check in user.py across two lines");
  });

  test("source file and line point at the entry", () => {
    const result = workItemsFromMarkdown("# T\n\n- [ ] Fix `a.ts`\n\n\n- [ ] Fix `b.ts`\n", {
      file: "notes/TODO.md",
    });
    expect(result.items.map((item) => item.source)).toEqual([
      { file: "notes/TODO.md", line: 3 },
      { file: "notes/TODO.md", line: 6 },
    ]);
  });

  test("ids count up in document order", () => {
    expect(extract("- Fix `a.ts`\n- Fix `b.ts`\n- Fix `c.ts`\n").items.map((item) => item.id)).toEqual([
      "item-1",
      "item-2",
      "item-3",
    ]);
  });

  test.each<[string, string, string[]]>([
    ["inline code paths", "- Fix `src/a.ts` and `lib/`", ["src/a.ts", "lib/"]],
    [
      "bare path-like tokens",
      "- Fix backend/src/services/x.ts and auth/",
      ["backend/src/services/x.ts", "auth/"],
    ],
    ["line ranges are dropped", "- Fix `file.rs:12-40`", ["file.rs"]],
    ["link targets", "- Fix [the parser](src/parse.ts)", ["src/parse.ts"]],
    ["reference link targets", "- Fix [the parser][p]\n\n[p]: src/parse.ts", ["src/parse.ts"]],
    ["headings lend their paths", "## `payments/`\n\n- Fix the rounding", ["payments/"]],
    [
      "route-group folders",
      "- Fix app/(auth)/login/page.tsx and `app/[id]/page.tsx`",
      ["app/[id]/page.tsx", "app/(auth)/login/page.tsx"],
    ],
    [
      "section field lines lend their paths",
      "### Finding 2\n\n**File**: `api/login.ts`\n\n- [ ] Add a rate limiter",
      ["api/login.ts"],
    ],
  ])("scope from %s", (_name, markdown, expected) => {
    expect(extract(markdown).items[0]!.scope).toEqual(expected);
  });

  test.each<[string, string, string | null]>([
    ["P0–P3 markers", "- P1: Fix `a.ts`", "P1"],
    ["**HIGH**", "- **HIGH** Fix `a.ts`", "P1"],
    ["CRITICAL", "- CRITICAL: data loss in `a.ts`", "P0"],
    ["(Priority: P2) in the heading", "## Phase 4: Sharing (Priority: P2)\n\n- Fix `a.ts`", "P2"],
    ["severity headings", "## Critical Findings\n\n1. Fix `a.ts`", "P0"],
    ["an enclosing heading further up", "## Low priority\n\n### Parser\n\n- Fix `a.ts`", "P3"],
    ["no marker at all", "- Fix `a.ts`", null],
  ])("priority from %s", (_name, markdown, expected) => {
    expect(extract(markdown).items[0]!.priority).toBe(expected);
  });

  test("priority markers are removed from the description", () => {
    expect(extract("- [P1] Fix `a.ts` (Priority: P1)\n- 🔴 Fix `b.ts`\n").descriptions).toEqual([
      "Fix a.ts",
      "Fix b.ts",
    ]);
  });

  test("group is the nearest heading, or a bold label line", () => {
    const result = extract("# Plan\n\n## Backend\n\n- Fix `a.ts`\n\n**Frontend**\n\n- Fix `b.tsx`\n");
    expect(result.items.map((item) => item.group)).toEqual(["Backend", "Frontend"]);
    expect(extract("- Fix `a.ts`").items[0]!.group).toBeNull();
  });

  test.each<[string, string]>([
    ["a checked box", "- [x] Fix `a.ts`"],
    ["a strike-through", "- ~~Fix `a.ts`~~"],
    ["a status field", "1. Fix `a.ts`\n   - **Status**: fixed in #12"],
    ["a Done heading", "## Done\n\n- Fix `a.ts`"],
    ["a check-mark glyph", "- ✅ Fix `a.ts`"],
  ])("done from %s", (_name, markdown) => {
    expect(extract(markdown).items[0]!.done).toBe(true);
  });

  test("an empty glyph box is an open task", () => {
    expect(extract("- ☐ Fix `a.ts`").items[0]).toMatchObject({ done: false, description: "Fix a.ts" });
  });

  test("items without scope or with vague text need clarification, with the reason", () => {
    const result = extract(
      "- [ ] Improve performance\n- [ ] Add missing tests\n- [ ] Fix the date picker\n- [ ] Fix `a.ts`\n",
    );
    expect(result.details.map((details) => details.clarify)).toEqual([
      "Too vague—what exactly, and in which module?",
      "Which functions need coverage? No file or module named.",
      "No specific scope—which files or module?",
      null,
    ]);
  });
});

describe("spec-kit tasks.md conventions", () => {
  const tasks = [
    "## Phase 3: User Story 1 - Albums (Priority: P1)",
    "",
    "- [ ] T012 [P] [US1] Create Album model in src/models/album.py",
    "- [ ] T013 [US1] Implement AlbumService in src/services/album_service.py (depends on T012)",
  ].join("\n");

  test("T ids stay in the description, [P] and [US1] become details", () => {
    const result = workItemsFromMarkdown(tasks);
    expect(result.specKit).toBe(true);
    expect(result.items.map((item) => item.description)).toEqual([
      "T012 Create Album model in src/models/album.py",
      "T013 Implement AlbumService in src/services/album_service.py (depends on T012)",
    ]);
    expect(result.details.map((details) => [details.taskId, details.parallel, details.story])).toEqual([
      ["T012", true, "US1"],
      ["T013", false, "US1"],
    ]);
    expect(result.items[1]!.dependencies).toEqual(["item-1"]);
    expect(result.items[0]!.priority).toBe("P1");
  });

  test("only task list items are items in a spec-kit document", () => {
    const result = workItemsFromMarkdown(
      `${tasks}\n\n## Implementation Strategy\n\n1. Complete Phase 1: Setup\n2. Add User Story 1 → Test independently\n`,
    );
    expect(result.items).toHaveLength(2);
  });
});

describe("robustness", () => {
  test.each<[string, string]>([
    ["an empty document", ""],
    ["whitespace", "\n\n   \n"],
    ["binary garbage", "\u0000\u0001\uFFFD\u0007PK\u0003\u0004\u00ff\u00fe"],
    ["deep nesting", `${"> ".repeat(500)}- Fix \`a.ts\``],
    ["a very long line", `- Fix ${"x".repeat(100_000)}`],
  ])("%s does not throw", (_name, markdown) => {
    expect(() => workItemsFromMarkdown(markdown)).not.toThrow();
  });

  test("CRLF documents give the same items as LF documents", () => {
    const lf = "# A\n\n- [ ] Fix `a.ts`\n- [x] Fix `b.ts`\n";
    expect(workItemsFromMarkdown(lf.replace(/\n/g, "\r\n")).items).toEqual(workItemsFromMarkdown(lf).items);
  });

  test("unicode text and paths survive", () => {
    const result = extract("- Fix the naïve “smart quotes” in `docs/ünïcode.md` 🎉");
    expect(result.items[0]).toMatchObject({
      description: "Fix the naïve “smart quotes” in docs/ünïcode.md 🎉",
      scope: ["docs/ünïcode.md"],
    });
  });
});
