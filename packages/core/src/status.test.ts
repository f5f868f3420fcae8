import { describe, expect, test } from "vitest";
import { effectiveStatus } from "./status.js";

const alive = { alive: true, exitCode: null };
const dead = { alive: false, exitCode: 3 };

describe("effectiveStatus", () => {
  test.each([
    ["running", alive, "running"],
    ["running", dead, "dead"],
    ["running", null, "dead"],
    ["done", alive, "done"],
    ["done", null, "done"],
    ["failed", dead, "failed"],
    ["failed", null, "failed"],
    [null, alive, "running"],
    [null, dead, "dead"],
    [null, null, "idle"],
  ] as const)("file %s with pane %j is %s", (file, pane, expected) => {
    expect(effectiveStatus(file, pane)).toBe(expected);
  });
});
