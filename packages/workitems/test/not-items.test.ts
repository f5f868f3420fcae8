import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { workItemsFromMarkdown } from "../src/index.js";

const text = readFileSync(new URL("./fixtures/shapes/refactor-notes.md", import.meta.url), "utf8");
const result = workItemsFromMarkdown(text, { file: "NOTES.md" });

describe("lists that are no work", () => {
  test("only the work entries are items: options, inventory lines and reference lists are not", () => {
    expect(result.items.map((item) => item.description)).toEqual([
      "Split web/charts/Chart.tsx into a container and a view",
      "Memoize the series in web/charts/useSeries.ts",
    ]);
  });

  test("a skip note on a list that also gave items says how many it skipped", () => {
    expect(result.assumptions).toContain(
      'Skipped 2 of the bullets under "What to change": not a work item next to the document\'s bullet lists (no action verb, or reference material)',
    );
  });

  test("a skip note on a list that gave no item stays as it was", () => {
    expect(result.assumptions).toContain(
      'Skipped bullets under "Inventory": not a work item next to the document\'s bullet lists (no action verb, or reference material)',
    );
  });

  test.each<[string, string, string[]]>([
    ["See also links", "- [ ] Fix `a.ts`\n\n## See also\n\n- Fix notes in `docs/x.md`\n", ["Fix a.ts"]],
    ["alternatives", "## Alternatives considered\n\n- Use Redis for `cache/`\n- Use memcached\n", []],
    [
      "an inventory line with a verb is work",
      "- `a.ts` – fix the null check\n- `b.ts` – helpers\n",
      ["a.ts – fix the null check"],
    ],
    [
      "a heading that only starts like a pointer keeps its items",
      "## Reading history\n\n1. Fix `a.ts`\n",
      ["Fix a.ts"],
    ],
    [
      "Files to change is no inventory",
      "## Files to change\n\n- Fix `a.ts`\n- Fix `b.ts`\n",
      ["Fix a.ts", "Fix b.ts"],
    ],
    [
      "a task under References is still a task",
      "## References\n\n- [ ] Add the RFC link to `docs/x.md`\n",
      ["Add the RFC link to docs/x.md"],
    ],
  ])("%s", (_name, markdown, expected) => {
    expect(workItemsFromMarkdown(markdown).items.map((item) => item.description)).toEqual(expected);
  });
});
