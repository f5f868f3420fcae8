import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { extractDocument } from "../src/extract/index.js";
import {
  parseMarkdown,
  parseMarkdownWhole,
  planWork,
  renderManifest,
  toPlanJson,
  workItemsFromMarkdown,
} from "../src/index.js";
import { computeLineStarts, parseMarkdownInPieces } from "../src/markdown.js";
import { parsePlainLines } from "../src/plain.js";

function extract(markdown: string) {
  const result = workItemsFromMarkdown(markdown, { file: "REVIEW.md" });
  return {
    ...result,
    descriptions: result.items.map((item) => item.description),
    kinds: result.details.map((detail) => detail.kind),
  };
}

const findingsTable = [
  "# Code review: auth service",
  "",
  "## Findings",
  "",
  "| # | File | Line | Severity | Issue | Recommendation |",
  "|---|------|------|----------|-------|----------------|",
  "| 1 | `src/auth/login.ts` | 42 | HIGH | Null check missing on password | Add a guard before hashing |",
  "| 2 | src/db/pool.ts | 10-20 | Medium | Pool is never closed | Close it in shutdown() |",
  "| 3 | `src/a.ts:12` | 12 | low | Unused import of `lodash` | Remove it |",
  "",
].join("\n");

describe("a findings table from a code review", () => {
  test("each body row is an item: the Issue cell is the description, the other cells its fields", () => {
    const result = extract(findingsTable);
    expect(result.kind).toBe("row");
    expect(result.kinds).toEqual(["row", "row", "row"]);
    expect(result.items).toEqual([
      {
        id: "item-1",
        action: "fix",
        description: "Null check missing on password",
        scope: ["src/auth/login.ts"],
        priority: "P1",
        complexity: "S",
        dependencies: [],
        group: "Findings",
        done: false,
        source: { file: "REVIEW.md", line: 7 },
      },
      {
        id: "item-2",
        action: "fix",
        description: "Pool is never closed",
        scope: ["src/db/pool.ts"],
        priority: "P2",
        complexity: "M",
        dependencies: [],
        group: "Findings",
        done: false,
        source: { file: "REVIEW.md", line: 8 },
      },
      {
        id: "item-3",
        action: "remove",
        description: "Unused import of lodash",
        scope: ["src/a.ts"],
        priority: "P3",
        complexity: "S",
        dependencies: [],
        group: "Findings",
        done: false,
        source: { file: "REVIEW.md", line: 9 },
      },
    ]);
    // Problem words in the title decide first; a title without them takes the Recommendation's verb.
    expect(result.details.map((detail) => detail.actionSource)).toEqual(["keyword", "field", "keyword"]);
    expect(result.details.map((detail) => detail.scopeSource)).toEqual(["own", "own", "own"]);
    expect(result.assumptions).toEqual([
      "The document has no list items: rows of its tables were read as items",
      'Item 2: action "fix" taken from the recommendation field',
    ]);
  });

  test("the plan assigns the rows like any other items", () => {
    const plan = planWork([{ file: "REVIEW.md", text: findingsTable }]);
    expect(plan.items.map((item) => item.id)).toEqual(["item-1", "item-2", "item-3"]);
    expect(plan.clarify).toEqual([]);
    expect(plan.workers.flatMap((worker) => worker.items).sort()).toEqual(["item-1", "item-2", "item-3"]);
    expect(renderManifest(plan)).toContain("Null check missing on password");
    expect(toPlanJson(plan).items).toEqual(plan.items);
  });

  test("a Recommendation column is the work when nothing else names it", () => {
    const result = extract(
      "## Hardening\n\n| Area | Recommendation | Priority |\n|---|---|---|\n| Sessions | Rotate the signing keys in `ops/keys.sh` | P0 |\n",
    );
    expect(result.items).toMatchObject([
      {
        description: "Rotate the signing keys in ops/keys.sh",
        action: "update",
        scope: ["ops/keys.sh"],
        priority: "P0",
        group: "Hardening",
        source: { line: 5 },
      },
    ]);
  });
});

test("a finding whose recommendation is to verify something is a fix; a recommendation to add tests is a test", () => {
  const result = extract(
    "| Issue | Recommendation |\n|---|---|\n| Webhook signature is not checked in `src/webhook.ts` | Verify the signature before parsing |\n| Parser has no coverage in `src/parse.ts` | Add tests for empty input |\n",
  );
  expect(result.items.map((item) => item.action)).toEqual(["fix", "test"]);
});

describe("a TODO table", () => {
  const todo = [
    "# TODO",
    "",
    "| Task | Owner | Status |",
    "|------|-------|--------|",
    "| Fix the login redirect in `src/auth/redirect.ts` | @ana | done |",
    "| Add rate limiting to `src/api/login.ts` | @bo | in progress |",
    "| Document the session cookie in `docs/auth.md` | @ana | ✅ Fixed |",
    "| Update `package.json` engines to Node 20 | | open |",
    "",
  ].join("\n");

  test("Status cells with a done word mark the row done; the Owner cell is a detail", () => {
    const result = extract(todo);
    expect(result.items).toEqual([
      {
        id: "item-1",
        action: "fix",
        description: "Fix the login redirect in src/auth/redirect.ts",
        scope: ["src/auth/redirect.ts"],
        priority: null,
        complexity: "M",
        dependencies: [],
        group: "TODO",
        done: true,
        source: { file: "REVIEW.md", line: 5 },
      },
      {
        id: "item-2",
        action: "add",
        description: "Add rate limiting to src/api/login.ts",
        scope: ["src/api/login.ts"],
        priority: null,
        complexity: "M",
        dependencies: [],
        group: "TODO",
        done: false,
        source: { file: "REVIEW.md", line: 6 },
      },
      {
        id: "item-3",
        action: "docs",
        description: "Document the session cookie in docs/auth.md",
        scope: ["docs/auth.md"],
        priority: null,
        complexity: "S",
        dependencies: [],
        group: "TODO",
        done: true,
        source: { file: "REVIEW.md", line: 7 },
      },
      {
        id: "item-4",
        action: "update",
        description: "Update package.json engines to Node 20",
        scope: ["package.json"],
        priority: null,
        complexity: "M",
        dependencies: [],
        group: "TODO",
        done: false,
        source: { file: "REVIEW.md", line: 8 },
      },
    ]);
  });

  test("a Done column ticked with ✅, x or yes marks the row done", () => {
    const result = extract(
      "| Task | Done |\n|---|---|\n| Fix `a.ts` | ✅ |\n| Fix `b.ts` | x |\n| Fix `c.ts` | yes |\n| Fix `d.ts` | ❌ |\n| Fix `e.ts` | |\n",
    );
    expect(result.items.map((item) => [item.description, item.done])).toEqual([
      ["Fix a.ts", true],
      ["Fix b.ts", true],
      ["Fix c.ts", true],
      ["Fix d.ts", false],
      ["Fix e.ts", false],
    ]);
  });

  test("a negated done word is not done: not done, not yet fixed, won't be merged", () => {
    const result = extract(
      "| Task | Status |\n|---|---|\n| Fix `a.ts` | not done |\n| Fix `b.ts` | Not yet fixed |\n| Fix `c.ts` | won't be merged |\n| Fix `d.ts` | fixed, not yet released |\n| Fix `e.ts` | closed |\n",
    );
    expect(result.items.map((item) => [item.description, item.done])).toEqual([
      ["Fix a.ts", false],
      ["Fix b.ts", false],
      ["Fix c.ts", false],
      ["Fix d.ts", true],
      ["Fix e.ts", true],
    ]);
    // The same rule for Status lines under list items.
    const listed = extract("- Fix `a.ts`\n  **Status**: not done\n- Fix `b.ts`\n  **Status**: done\n");
    expect(listed.items.map((item) => item.done)).toEqual([false, true]);
  });

  test("a Depends on column names other rows by number; placeholders (—, N/A) are no dependency", () => {
    const result = extract(
      [
        "# Plan",
        "",
        "| # | Task | Depends on | Size |",
        "|---|------|------------|------|",
        "| 1 | Create the `User` model in `src/models/user.py` | — | S |",
        "| 2 | Add the users API in `src/api/users.py` | 1 | M |",
        "| 3 | Build the profile page in `web/pages/profile.tsx` | #2 | L |",
        "| 4 | Write the changelog entry in `CHANGELOG.md` | N/A | |",
        "",
      ].join("\n"),
    );
    expect(result.items.map((item) => [item.id, item.complexity, item.dependencies])).toEqual([
      ["item-1", "S", []],
      ["item-2", "M", ["item-1"]],
      ["item-3", "L", ["item-2"]],
      ["item-4", "S", []],
    ]);
    expect(result.dependencies).toContainEqual({
      from: "item-2",
      to: "item-1",
      reason: "explicit",
      evidence: "1",
    });
    expect(result.assumptions.join("\n")).not.toContain("matches no item");
  });

  test("a Blocked by column with a phrase and spec-kit ids in an ID column", () => {
    const result = extract(
      [
        "| ID | Description | Blocked by |",
        "|----|-------------|------------|",
        "| T001 | Create the project structure in `src/` | |",
        "| T002 | Configure linting in `.eslintrc` | T001 |",
        "| T003 | Add the CI workflow in `.github/workflows/ci.yml` | Configure linting |",
        "",
      ].join("\n"),
    );
    expect(result.descriptions).toEqual([
      "T001 Create the project structure in src/",
      "T002 Configure linting in .eslintrc",
      "T003 Add the CI workflow in .github/workflows/ci.yml",
    ]);
    expect(result.details.map((detail) => detail.taskId)).toEqual(["T001", "T002", "T003"]);
    expect(result.items.map((item) => item.dependencies)).toEqual([[], ["item-1"], ["item-2"]]);
    // Rows are never spec-kit tasks: that shape is task lists.
    expect(result.specKit).toBe(false);
  });
});

describe("tables next to other constructs", () => {
  test("a document with a table and a bullet list: the list wins, the table is ignored (said aloud)", () => {
    const result = extract(
      [
        "## Findings",
        "",
        "| Issue | File |",
        "|---|---|",
        "| Race in `reserve()` | `src/inventory.ts:88` |",
        "",
        "## Next steps",
        "",
        "- Rotate the keys in `ops/keys.sh`",
        "",
      ].join("\n"),
    );
    expect(result.kind).toBe("bullet");
    expect(result.descriptions).toEqual(["Rotate the keys in ops/keys.sh"]);
    expect(result.assumptions).toEqual([
      "Table rows were not read as items: the document has list items, which come first",
    ]);
  });

  test("a table inside a list item stays a detail of that item", () => {
    const result = extract(
      "- Fix the flaky tests in `test/api/`\n\n  | Issue | File |\n  |---|---|\n  | Timeout | `test/api/a.test.ts` |\n",
    );
    expect(result.descriptions).toEqual(["Fix the flaky tests in test/api/"]);
    expect(result.kinds).toEqual(["bullet"]);
  });

  test("rows come before paragraphs: prose next to an item table is not work", () => {
    const result = extract(
      [
        "# Review",
        "",
        "We should also rename `tmp2` in `src/orders.ts` at some point.",
        "",
        "| Issue | File |",
        "|---|---|",
        "| SQL injection in search | `src/search.ts` |",
        "",
      ].join("\n"),
    );
    expect(result.kind).toBe("row");
    expect(result.descriptions).toEqual(["SQL injection in search"]);
  });

  test("a finding written as a heading still counts next to an item table", () => {
    const result = extract(
      [
        "# Audit",
        "",
        "## Table of issues",
        "",
        "| Issue | File |",
        "|---|---|",
        "| Weak hashing | `src/auth/hash.ts` |",
        "",
        "## Finding 2: Verbose errors",
        "",
        "**File:** `server/errors.js`",
        "",
        "Stack traces reach users.",
        "",
      ].join("\n"),
    );
    expect(result.descriptions).toEqual(["Weak hashing", "Verbose errors"]);
    expect(result.kinds).toEqual(["row", "heading"]);
    expect(result.items[1]!.scope).toEqual(["server/errors.js"]);
  });

  test("a table under ## Summary is reference material; the item table elsewhere gives the items", () => {
    const result = extract(
      [
        "# Review",
        "",
        "## Summary",
        "",
        "| Issue | Count |",
        "|---|---|",
        "| Bugs | 2 |",
        "| Style | 5 |",
        "",
        "## Findings",
        "",
        "| Issue | Location | Priority |",
        "|---|---|---|",
        "| Race in `reserve()` | `src/inventory.ts:88` | P0 |",
        "| Typo in the error message | src/errors.ts | P3 |",
        "",
      ].join("\n"),
    );
    expect(result.items).toEqual([
      {
        id: "item-1",
        action: "fix",
        description: "Race in reserve()",
        scope: ["src/inventory.ts"],
        priority: "P0",
        complexity: "M",
        dependencies: [],
        group: "Findings",
        done: false,
        source: { file: "REVIEW.md", line: 14 },
      },
      {
        id: "item-2",
        action: "fix",
        description: "Typo in the error message",
        scope: ["src/errors.ts"],
        priority: "P3",
        complexity: "S",
        dependencies: [],
        group: "Findings",
        done: false,
        source: { file: "REVIEW.md", line: 15 },
      },
    ]);
    expect(result.assumptions).toEqual([
      "The document has no list items: rows of its tables were read as items",
      'Skipped the table at line 5 under "Summary": reference material, not work',
    ]);
  });

  test("a reference heading that names the work (Summary of findings) keeps its table", () => {
    const result = extract(
      "# Review\n\n## Summary of findings\n\n| Finding | File |\n|---|---|\n| Token leak in logs | `src/log.ts` |\n\n## Legend\n\n| Issue | Meaning |\n|---|---|\n| P0 | must fix |\n",
    );
    expect(result.descriptions).toEqual(["Token leak in logs"]);
    expect(result.items[0]!.group).toBe("Summary of findings");
    expect(result.assumptions).toContain(
      'Skipped the table at line 11 under "Legend": reference material, not work',
    );
  });

  test("a comparison table without a work column gives no items, and a note says why", () => {
    const result = extract(
      "# Test runners\n\n| Tool | Speed | Watch mode |\n|---|---|---|\n| vitest | fast | yes |\n| jest | slower | yes |\n",
    );
    expect(result.items).toEqual([]);
    expect(result.kind).toBeNull();
    expect(result.assumptions).toEqual([
      "Skipped the table at line 3 (Tool | Speed | Watch mode): no column names the work (Task, Issue, Finding, Title, Description, …)",
    ]);
  });

  test("next to a comparison table, actionable paragraphs are still the fallback", () => {
    const result = extract(
      "| Tool | Speed |\n|---|---|\n| vitest | fast |\n\nWe should fix the retry loop in `client.ts`.\n",
    );
    expect(result.kind).toBe("paragraph");
    expect(result.descriptions).toEqual(["We should fix the retry loop in client.ts."]);
    expect(result.assumptions).toEqual([
      "The document has no list items: actionable paragraphs were read as items",
      "Skipped the table at line 1 (Tool | Speed): no column names the work (Task, Issue, Finding, Title, Description, …)",
    ]);
  });

  test("a table in a block quote counts like one outside it", () => {
    const result = extract(
      "## From the pairing session\n\n> | Task | File |\n> |---|---|\n> | Fix the cache key in `src/cache.ts` | |\n",
    );
    expect(result.items).toMatchObject([
      {
        description: "Fix the cache key in src/cache.ts",
        scope: ["src/cache.ts"],
        group: "From the pairing session",
        source: { line: 5 },
      },
    ]);
    expect(result.kinds).toEqual(["row"]);
  });

  test("rows under a bold label line take it as their group", () => {
    const result = extract(
      "# Sprint\n\n**Backend**\n\n| Task |\n|---|\n| Fix the retry in `api/retry.go` |\n",
    );
    expect(result.items).toMatchObject([{ group: "Backend", source: { line: 7 } }]);
  });
});

describe("which column is the work", () => {
  test.each<[string, string, string[]]>([
    [
      "Issue wins over Description and Title",
      "| Title | Description | Issue |\n|---|---|---|\n| Auth | Tokens never expire | Fix token expiry in `auth.ts` |\n",
      ["Fix token expiry in auth.ts"],
    ],
    [
      "Title wins over Summary and Description",
      "| Description | Summary | Title |\n|---|---|---|\n| long text | short text | Fix login in `a.ts` |\n",
      ["Fix login in a.ts"],
    ],
    [
      "headers are matched without markdown, case or a trailing colon",
      "| **TODO:** | Where |\n|---|---|\n| Fix the cache in `src/c.ts` | here |\n",
      ["Fix the cache in src/c.ts"],
    ],
    [
      "a qualified name: Short description, Issue title",
      "| Short description | Issue title |\n|---|---|\n| text | Fix the cache in `src/c.ts` |\n",
      ["Fix the cache in src/c.ts"],
    ],
    [
      "a column of numbers is no work column (Item # next to Item)",
      "| Item | Work item |\n|---|---|\n| 1 | Fix the cache in `src/c.ts` |\n| 2 | Fix the pool in `src/p.ts` |\n",
      ["Fix the cache in src/c.ts", "Fix the pool in src/p.ts"],
    ],
    [
      "What / Who / When action items from meeting notes",
      "| What | Who | When |\n|---|---|---|\n| Update the runbook in `docs/runbook.md` | Ana | Friday |\n",
      ["Update the runbook in docs/runbook.md"],
    ],
    [
      "an Action column next to Issue is the recommendation, not the work",
      "| Issue | Action |\n|---|---|\n| Pool never closed in `src/pool.ts` | Close it |\n",
      ["Pool never closed in src/pool.ts"],
    ],
  ])("%s", (_name, markdown, expected) => {
    expect(extract(markdown).descriptions).toEqual(expected);
  });

  test.each([
    ["| Tool | Speed |\n|---|---|\n| a | b |\n"],
    ["| Task # | Owner |\n|---|---|\n| 1 | ana |\n"],
    ["| Name | Role |\n|---|---|\n| Ana | reviewer |\n"],
    ["| Issue ID | Count |\n|---|---|\n| 12 | 3 |\n"],
  ])("no work column: %j", (markdown) => {
    expect(extract(markdown).items).toEqual([]);
  });

  test("file columns in any wording give scope, leniently (bare paths, line suffixes)", () => {
    const result = extract(
      "| Finding | File:Line | Affected files |\n|---|---|---|\n| Race in reserve | src/inventory.ts:88 | lib/lock.py, `lib/queue.py#L3` |\n",
    );
    expect(result.items[0]!.scope).toEqual(["src/inventory.ts", "lib/queue.py", "lib/lock.py"]);
  });

  test("description cells are details: their problem words give the action", () => {
    const result = extract(
      "| Title | Description |\n|---|---|\n| Checkout page | Crashes when the cart is empty in `web/checkout.tsx` |\n",
    );
    expect(result.items).toMatchObject([
      { description: "Checkout page", action: "fix", scope: ["web/checkout.tsx"] },
    ]);
    expect(result.details[0]!.actionSource).toBe("keyword");
  });
});

describe("awkward tables never throw", () => {
  test("escaped pipes and inline code with an escaped pipe stay inside their cell", () => {
    const result = extract(
      [
        "| Issue | File |",
        "|---|---|",
        "| Split `a \\| b` on the pipe in the parser | `src/parse.ts` |",
        "| Handle x \\| y in the lexer | src/lex.ts |",
        "",
      ].join("\n"),
    );
    expect(result.items).toMatchObject([
      { description: "Split a | b on the pipe in the parser", scope: ["src/parse.ts"], source: { line: 3 } },
      { description: "Handle x | y in the lexer", scope: ["src/lex.ts"], source: { line: 4 } },
    ]);
  });

  test("an unescaped pipe inside inline code splits the cell, as GFM says", () => {
    const result = extract("| Issue | File |\n|---|---|\n| Grep `a|b` fails | src/g.ts |\n");
    // GFM: the row's cells are "Grep `a", "b` fails" and "src/g.ts" (the third has no header).
    expect(result.descriptions).toEqual(["Grep `a"]);
    expect(result.items[0]!.scope).toEqual([]);
  });

  test("rows with fewer or more cells than the header; empty rows; an empty work cell", () => {
    const result = extract(
      [
        "## Bugs",
        "",
        "| Bug | File | Severity |",
        "|---|---|---|",
        "| Crash on save in `editor/save.ts` |",
        "| Typo in the footer | web/footer.tsx | low | extra | cells |",
        "|  |  |  |",
        "| — | — | — |",
        "| | src/orphan.ts | high |",
        "| Broken link in `docs/a.md`<br>and in `docs/b.md` | | |",
        "",
      ].join("\n"),
    );
    expect(result.items).toMatchObject([
      { description: "Crash on save in editor/save.ts", scope: ["editor/save.ts"], priority: null },
      { description: "Typo in the footer", scope: ["web/footer.tsx"], priority: "P3" },
      { description: "Broken link in docs/a.md and in docs/b.md", scope: ["docs/a.md", "docs/b.md"] },
    ]);
    expect(result.items.map((item) => item.source.line)).toEqual([5, 6, 10]);
    expect(result.assumptions).toContain('Skipped a table row with an empty "Bug" cell (line 9)');
  });

  test("a header-only table gives no items and no error", () => {
    expect(extract("| Task | File |\n|---|---|\n").items).toEqual([]);
    const withProse = extract("| Task | File |\n|---|---|\n\nWe should fix the retry loop in `client.ts`.\n");
    expect(withProse.kind).toBe("paragraph");
    expect(withProse.descriptions).toEqual(["We should fix the retry loop in client.ts."]);
  });

  test("tables of random cell text never make extraction or planning throw", () => {
    const cell = fc.string({ unit: fc.constantFrom(..."ab `|\\*_[]()<>#-:./@✅ 1T0"), maxLength: 12 });
    const header = fc.constantFrom("Task", "Issue", "File", "Severity", "Status", "#", "Depends on", "", "x");
    fc.assert(
      fc.property(
        fc.array(header, { minLength: 1, maxLength: 5 }),
        fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 6 }),
        fc.constantFrom("", "## Findings\n\n", "## Summary\n\n", "> "),
        (headers, rows, prefix) => {
          const quote = prefix === "> " ? "> " : "";
          const line = (cells: string[]) => `${quote}| ${cells.join(" | ")} |`;
          const text = [
            `${prefix === "> " ? "" : prefix}${line(headers)}`,
            line(headers.map(() => "---")),
            ...rows.map(line),
          ].join("\n");
          const result = workItemsFromMarkdown(text, { file: "t.md" });
          for (const item of result.items) {
            expect(item.source.line).toBeGreaterThanOrEqual(1);
            expect(item.source.line).toBeLessThanOrEqual(text.split("\n").length);
          }
          const plan = planWork([{ file: "t.md", text }]);
          renderManifest(plan);
          toPlanJson(plan);
        },
      ),
      { numRuns: 400 },
    );
  });

  test("tables of plain words: one item per row with a non-empty work cell, on the row's own line", () => {
    const word = fc.constantFrom("fix", "cache", "login", "src/a.ts", "high", "done", "", "the", "parser");
    fc.assert(
      fc.property(fc.array(fc.array(word, { minLength: 3, maxLength: 3 }), { maxLength: 8 }), (rows) => {
        const text = [
          "## Work",
          "",
          "| Severity | Task | File |",
          "|---|---|---|",
          ...rows.map((cells) => `| ${cells.join(" | ")} |`),
        ].join("\n");
        const result = workItemsFromMarkdown(text, { file: "t.md" });
        const expected = rows.flatMap((cells, index) => (cells[1] === "" ? [] : [[cells[1], index + 5]]));
        expect(result.items.map((item) => [item.description, item.source.line])).toEqual(expected);
        expect(result.details.every((detail) => detail.kind === "row")).toBe(true);
        expect(result.kind).toBe(expected.length > 0 ? "row" : null);
      }),
      { numRuns: 300 },
    );
  });
});

describe("tables and the parser", () => {
  const documents = [
    findingsTable,
    "# A\n\n- [ ] Fix `a.ts`\n\n# B\n\n| Task |\n|---|\n| Fix `b.ts` |\n\n# C\n\n- [ ] Fix `c.ts`\n",
    "# A\n\nFix `a|b` now\n| --- |\n\n# B\n\n- x\n",
    "Task `x|y`\n--- | ---\nFix it | now\n",
  ];

  test.each(documents)("a section with a table never takes the plain fast path: %#", (text) => {
    const lineStarts = computeLineStarts(text);
    expect(parsePlainLines(text, lineStarts, 0, lineStarts.length)).toBeUndefined();
    expect(parseMarkdown(text)).toEqual(parseMarkdownWhole(text));
    expect(parseMarkdownInPieces(text, 0)).toEqual(parseMarkdownWhole(text));
  });

  test("chunked and whole parses give the same rows", () => {
    const sections = Array.from(
      { length: 40 },
      (_, i) =>
        `## Area ${i}\n\n| # | Task | File |\n|---|---|---|\n| ${i} | Fix the handler in \`src/area${i}/h.ts\` | \`src/area${i}/h.ts:${i}\` |\n`,
    );
    const text = `# Review\n\n${sections.join("\n")}`;
    const chunked = extractDocument(parseMarkdown(text), "t.md", 0);
    const whole = extractDocument(parseMarkdownWhole(text), "t.md", 0);
    expect(chunked.items).toHaveLength(40);
    expect(chunked.items.map((item) => [item.line, item.description, item.scope])).toEqual(
      whole.items.map((item) => [item.line, item.description, item.scope]),
    );
  });
});
