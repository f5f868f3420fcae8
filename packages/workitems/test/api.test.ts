import { expect, test } from "vitest";
import * as api from "../src/index.js";

test("the public export list is deliberate", () => {
  expect(Object.keys(api).sort()).toEqual([
    "WorkItemsError",
    "parseMarkdown",
    "parseMarkdownWhole",
    "planWork",
    "renderManifest",
    "renderMermaid",
    "switchTarget",
    "toPlanJson",
    "workItemsFromMarkdown",
  ]);
});

test("WorkItemsError carries a code and a cause", () => {
  const cause = new Error("inner");
  const error = new api.WorkItemsError("E_OPTIONS", "workers must be a whole number", { cause });
  expect(error).toBeInstanceOf(Error);
  expect(error).toMatchObject({ name: "WorkItemsError", code: "E_OPTIONS", cause });
});

test("workItemsFromMarkdown refuses a non-string document with a fix-it message", () => {
  expect(() => api.workItemsFromMarkdown(Buffer.from("x") as never)).toThrowErrorMatchingInlineSnapshot(
    `[WorkItemsError: text must be a string of markdown, received a Buffer (bytes, not text). Pass the file's contents as text (e.g. readFileSync(path, "utf8")).]`,
  );
  expect(() => api.workItemsFromMarkdown("- x", { file: 3 as never })).toThrowErrorMatchingInlineSnapshot(
    `[WorkItemsError: options.file must be a string naming the document (e.g. "TODO.md"), received 3.]`,
  );
});
