import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { workItemsFromMarkdown } from "../src/index.js";

const text = readFileSync(new URL("./fixtures/shapes/perf-plan.md", import.meta.url), "utf8");

describe("entries of a plan or step list without a leading verb", () => {
  test("stay items next to a task list; notes do not", () => {
    expect(workItemsFromMarkdown(text).items.map((item) => item.description)).toEqual([
      "Profile the first render of web/dashboard/",
      "Unit tests for all new components in web/dashboard/",
      "Bundle splitting: code-split the chart library in web/charts/",
      "Lighthouse budget in CI (.github/workflows/ci.yml)",
    ]);
  });

  test.each<[string, string, number]>([
    ["Next steps", "- [ ] Fix `a.ts`\n\n## Next steps\n\n- Dark mode toggle in `web/theme.ts`\n", 2],
    ["Implementation plan", "1. Fix `a.ts`\n\n## Implementation plan\n\n- Retry budget for `api/`\n", 2],
    [
      "Background is still no plan",
      "- [ ] Fix `a.ts`\n\n## Background\n\n- Dark mode toggle in `web/theme.ts`\n",
      1,
    ],
    ["a test plan is reference", "- [ ] Fix `a.ts`\n\n## Test plan\n\n- Smoke run on staging\n", 1],
  ])("under %s", (_name, markdown, count) => {
    expect(workItemsFromMarkdown(markdown).items).toHaveLength(count);
  });
});
