import { describe, expect, test } from "vitest";
import { branchNameProblem, revisionProblem } from "./names.js";

describe("branchNameProblem", () => {
  test.each(["main", "work/login", "integration/auth", "origin/work/task-1", "feature/ä", "v1.2"])(
    "%s is a valid branch name",
    (name) => {
      expect(branchNameProblem(name)).toBeNull();
    },
  );

  test.each([
    ["", "it is empty"],
    ["-x", 'it starts with "-" (it would be read as an option)'],
    ["a b", "it contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["a\nb", "it contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["a~1", "it contains a space, a control character or one of ~ ^ : ? * [ \\"],
    ["a..b", 'it contains ".."'],
    ["a@{1}", 'it contains "@{"'],
    ["@", 'it is "@"'],
    ["a/", "it has an empty path component (a leading, trailing or double /)"],
    ["a//b", "it has an empty path component (a leading, trailing or double /)"],
    ["a.", 'it ends with "."'],
    ["a/.b", 'a path component starts with "." (".b")'],
    ["a.lock", 'a path component ends with ".lock" ("a.lock")'],
  ])("%j is refused: %s", (name, problem) => {
    expect(branchNameProblem(name)).toBe(problem);
  });

  test("a non-string is refused", () => {
    expect(branchNameProblem(42)).toBe("a branch name must be a string, got number");
  });
});

describe("revisionProblem", () => {
  test.each(["main", "main~2", "HEAD^", "v1.0", "0123abc"])("%s is a usable revision", (rev) => {
    expect(revisionProblem(rev)).toBeNull();
  });

  test.each([
    ["", "it is empty"],
    ["--all", 'it starts with "-" (it would be read as an option)'],
    ["main\nHEAD", "it contains whitespace or a control character"],
  ])("%j is refused: %s", (rev, problem) => {
    expect(revisionProblem(rev)).toBe(problem);
  });
});
