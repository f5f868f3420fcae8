import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { WorktreeError } from "./errors.js";
import {
  FEATURE_NAME_PATTERN,
  featureNameProblem,
  isValidFeatureName,
  validateFeatureName,
} from "./names.js";

describe("feature names", () => {
  test.each(["login", "task-1-api-endpoints", "a", "0", "a-", "x".repeat(63), "9lives"])(
    "%j is valid",
    (name) => {
      expect(featureNameProblem(name)).toBeNull();
      expect(validateFeatureName(name)).toBe(name);
    },
  );

  test.each([
    ["", "it is empty"],
    ["../x", `it contains ".." (names must not point outside the worktree root)`],
    ["a/b", "it contains a path separator (names become directories and branches)"],
    ["a\\b", "it contains a path separator (names become directories and branches)"],
    ["a.b", `it contains "." (tmux rewrites "." in session names)`],
    ["a:b", `it contains ":" (tmux rewrites ":" in session names)`],
    ["Login", "it contains uppercase letters"],
    ["-a", `it starts with "-"`],
    ["a_b", `it contains "_"`],
    ["a b", `it contains " "`],
    ["ünï", `it contains "ü"`],
    ["x".repeat(64), "it is 64 characters long; the limit is 63"],
    ["x".repeat(100), "it is 100 characters long; the limit is 63"],
  ])("%j is refused: %s", (name, problem) => {
    expect(featureNameProblem(name)).toBe(problem);
    expect(() => validateFeatureName(name)).toThrow(WorktreeError);
  });

  test("the error names the input, the reason and the rule", () => {
    expect(() => validateFeatureName("../etc")).toThrowErrorMatchingInlineSnapshot(
      `[WorktreeError: Invalid feature name "../etc": it contains ".." (names must not point outside the worktree root)]`,
    );
    const error = (() => {
      try {
        validateFeatureName("a.b");
      } catch (e) {
        return e as WorktreeError;
      }
    })();
    expect(error?.code).toBe("E_FEATURE_NAME");
    expect(error?.hint).toMatchInlineSnapshot(
      `"Use 1–63 lowercase letters, digits and dashes, starting with a letter or digit, e.g. "login" or "task-1-api""`,
    );
  });

  test("a long name is shortened in the message", () => {
    expect(() => validateFeatureName("x".repeat(100))).toThrow(/"x{40}…": it is 100 characters long/);
  });

  test("non-strings are refused without throwing a TypeError", () => {
    expect(featureNameProblem(undefined)).toBe("a feature name must be a string, got undefined");
    expect(isValidFeatureName(42)).toBe(false);
  });

  test("any string is either valid or refused with a WorktreeError, and valid names match the pattern", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 80 }), (name) => {
        const problem = featureNameProblem(name);
        expect(problem === null).toBe(FEATURE_NAME_PATTERN.test(name));
        if (problem !== null) expect(() => validateFeatureName(name)).toThrow(WorktreeError);
      }),
      { numRuns: 2000 },
    );
  });

  test("a valid name can never traverse paths or hold tmux-rewritten characters", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (name) => {
        if (isValidFeatureName(name)) {
          expect(name).not.toMatch(/[./:\\\s]/);
          expect(name.length).toBeLessThanOrEqual(63);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
