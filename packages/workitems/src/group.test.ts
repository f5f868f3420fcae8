import { describe, expect, test } from "vitest";
import { sharedDepth } from "./group.js";

describe("shared directory depth", () => {
  test.each([
    ["a/b/", "a/c/", 1],
    ["a/b/", "a/b/c/", 2],
    ["ab/", "a/", 0],
    ["", "a/", 0],
    ["a//b/", "/a/b/", 2],
  ])("of %j and %j is %i", (a, b, expected) => {
    expect(sharedDepth(a, b)).toBe(expected);
    expect(sharedDepth(b, a)).toBe(expected);
  });
});
