import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { workItemsFromMarkdown } from "../src/index.js";

const text = readFileSync(new URL("./fixtures/shapes/tasks-stated-order.md", import.meta.url), "utf8");
const result = workItemsFromMarkdown(text, { file: "tasks.md" });

function depsOf(taskId: string): string[] {
  const item = result.items.find((entry) => entry.description.startsWith(taskId))!;
  return item.dependencies.map(
    (id) => result.items.find((entry) => entry.id === id)!.description.split(" ")[0]!,
  );
}

describe("dependencies stated outside the items", () => {
  test('"T020 must follow T019" makes T020 wait for T019', () => {
    expect(depsOf("T020")).toEqual(["T019"]);
  });

  test('"Story 3 depends on Story 2 (T019–T021)" makes every story-3 task wait for the range', () => {
    expect(depsOf("T025")).toEqual(["T001", "T002", "T019", "T020", "T021"]);
    expect(depsOf("T026")).toEqual(["T001", "T002", "T019", "T020", "T021"]);
  });

  test("a statement that contradicts an edge already found is not added, and is said", () => {
    expect(depsOf("T019")).toEqual(["T001", "T002"]);
    expect(result.assumptions).toContain(
      '"T019 depends on T020 is wrong" contradicts a dependency already found; not added',
    );
  });

  test('"once" inside a title is no dependency', () => {
    expect(depsOf("T021")).toEqual(["T001", "T002"]);
  });

  test("statements use before as well as after, and ranges written with two dots", () => {
    const tasks =
      "- [ ] T001 Add `a.ts`\n- [ ] T002 Add `b.ts`\n- [ ] T003 Add `c.ts`\n\n## Order\n\n- T001 before T002..T003\n";
    const order = workItemsFromMarkdown(tasks);
    expect(order.items.map((item) => item.dependencies)).toEqual([[], ["item-1"], ["item-1"]]);
  });
});
