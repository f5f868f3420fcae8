import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { planWork, renderManifest, toPlanJson, workItemsFromMarkdown } from "../src/index.js";

const retro = readFileSync(new URL("./fixtures/shapes/retro-notes.md", import.meta.url), "utf8");

describe("a document that yields no item is said aloud", () => {
  test("the warning names the document, what it holds and a layout that is read", () => {
    const plan = planWork([{ file: "retro.md", text: retro }]);
    expect(plan.items).toEqual([]);
    expect(plan.warnings).toMatchInlineSnapshot(`
      [
        "retro.md yielded no work items: it has 4 headings, 1 table, 0 list items and 4 paragraphs, none of which reads as work. Layouts read as work items: a task list ("- [ ] Fix the token check in \`src/auth/session.ts\`"), numbered or bulleted entries under a heading, a table with a Task or Issue column, or one heading per finding with "**File:**" and "**Severity:**" lines.",
      ]
    `);
  });

  test("an empty document is called empty", () => {
    expect(planWork([{ file: "empty.md", text: "\n\n" }]).warnings[0]).toMatch(
      /^empty\.md yielded no work items: it is empty\. Layouts read as work items: /,
    );
  });

  test("only the documents without items are warned about, in order", () => {
    const plan = planWork([
      { file: "a.md", text: retro },
      { file: "b.md", text: "- [ ] Fix `src/a.ts`\n" },
      { file: "c.md", text: "" },
    ]);
    expect(plan.items).toHaveLength(1);
    expect(plan.warnings.map((warning) => warning.split(" ")[0])).toEqual(["a.md", "c.md"]);
  });

  test("the plan JSON carries the warnings after the assumptions, and has no warnings key otherwise", () => {
    const empty = toPlanJson(planWork([{ file: "retro.md", text: retro }]));
    expect(Object.keys(empty)).toEqual([
      "sources",
      "items",
      "clarify",
      "assumptions",
      "warnings",
      "assessment",
      "workers",
    ]);
    expect(empty.warnings).toHaveLength(1);
    expect(
      Object.keys(toPlanJson(planWork([{ file: "b.md", text: "- [ ] Fix `src/a.ts`\n" }]))),
    ).not.toContain("warnings");
  });

  test("the manifest shows the warning above the items", () => {
    expect(renderManifest(planWork([{ file: "retro.md", text: retro }]))).toContain(
      "> **Warning:** retro.md yielded no work items: it has 4 headings",
    );
  });

  test("one document's outline counts nested list entries and block-quoted paragraphs", () => {
    const result = workItemsFromMarkdown("# T\n\n> quoted\n\n- a\n  - b\n- c\n\n1. d\n");
    expect(result.outline).toEqual({ headings: 1, tables: 0, listItems: 4, paragraphs: 1 });
    expect(result.warnings).toEqual([]);
  });
});
