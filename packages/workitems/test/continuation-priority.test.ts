import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { workItemsFromMarkdown } from "../src/index.js";

const text = readFileSync(new URL("./fixtures/shapes/issue-labels.md", import.meta.url), "utf8");

describe("priority on the line after an item's title", () => {
  test("labels, priority/pN, Priority-N, Severity and sev lines apply to the item above them", () => {
    expect(workItemsFromMarkdown(text).items.map((item) => item.priority)).toEqual([
      "P1",
      "P2",
      "P0",
      "P3",
      "P3",
      "P1",
      null,
    ]);
  });

  test("a priority label line is not part of the description", () => {
    expect(workItemsFromMarkdown(text).items[1]!.description).toBe(
      "Dark mode colours are off in web/theme/dark.css",
    );
  });

  test.each<[string, string, string | null]>([
    ["a numbered entry with labels", "1. Fix `a.ts`\n   labels: security, p0\n", "P0"],
    ["a task with a priority label", "- [ ] Fix `a.ts`\n  priority/P3\n", "P3"],
    ["Priority: 2 as a field line", "- Fix `a.ts`\n  Priority: 2\n", "P2"],
    ["labels without a priority", "- Fix `a.ts`\n  labels: bug, frontend\n", null],
    ["an Impact line is no priority", "- Fix `a.ts`\n  Impact: 3 users\n", null],
  ])("%s", (_name, markdown, priority) => {
    expect(workItemsFromMarkdown(markdown).items[0]!.priority).toBe(priority);
  });
});
