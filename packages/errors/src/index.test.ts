import { describe, expect, test } from "vitest";
import * as api from "./index.js";
import { isWoError, WoBaseError } from "./index.js";

class FirstError extends WoBaseError {
  override readonly name: string = "FirstError";
}

class SecondError extends FirstError {
  override readonly name = "SecondError";
  readonly path: string;
  constructor(path: string) {
    super("E_SECOND", `no ${path}`, { hint: "create it" });
    this.path = path;
  }
}

/** A second copy of the package: a class of its own, branded with the same registered symbol. */
class CopiedBaseError extends Error {
  readonly code = "E_COPY";
  get [Symbol.for("@wo/errors.brand")](): true {
    return true;
  }
}

describe("isWoError", () => {
  test.each([
    ["the base itself", new WoBaseError("E_BASE", "base")],
    ["a subclass", new FirstError("E_FIRST", "first")],
    ["a subclass of a subclass", new SecondError("/tmp/x")],
    ["an error from another copy of the package", new CopiedBaseError("copy")],
  ])("is true for %s", (_label, value) => {
    expect(isWoError(value)).toBe(true);
  });

  test.each([
    ["a plain Error", new Error("plain")],
    [
      "an Error with a wo-looking code and name",
      Object.assign(new Error("x"), { name: "WoError", code: "E_GIT" }),
    ],
    ["an object shaped like a wo error", { name: "WorktreeError", code: "E_GIT", message: "x", hint: "y" }],
    ["an object with a brand-named string key", { "@wo/errors.brand": true }],
    ["an object whose brand is not true", { [Symbol.for("@wo/errors.brand")]: "yes" }],
    ["a string", "E_GIT"],
    ["undefined", undefined],
    ["null", null],
  ])("is false for %s", (_label, value) => {
    expect(isWoError(value)).toBe(false);
  });
});

describe("WoBaseError", () => {
  test("keeps the code, message, hint and cause", () => {
    const cause = new Error("root");
    const error = new WoBaseError("E_BASE", "it failed", { hint: "try again", cause });
    expect(error).toMatchObject({
      name: "WoBaseError",
      code: "E_BASE",
      message: "it failed",
      hint: "try again",
    });
    expect(error.cause).toBe(cause);
  });

  test("has no own cause and an undefined hint when none is given", () => {
    const error = new WoBaseError("E_BASE", "it failed");
    expect(Object.hasOwn(error, "cause")).toBe(false);
    expect(error.hint).toBeUndefined();
  });

  test("a subclass keeps its name, its own fields and the hint it passes up", () => {
    const error = new SecondError("/tmp/x");
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "SecondError", code: "E_SECOND", hint: "create it", path: "/tmp/x" });
  });

  test("the brand is neither enumerable nor an own property", () => {
    const error = new WoBaseError("E_BASE", "x");
    expect(Object.getOwnPropertySymbols(error)).toEqual([]);
    expect(Object.keys(error).sort()).toEqual(["code", "hint", "name"]);
  });
});

test("the public export list is pinned, so it cannot grow by accident", () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "WoBaseError",
      "isWoError",
    ]
  `);
});
