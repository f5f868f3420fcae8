import { describe, expect, it } from "vitest";
import {
  checkOutputs,
  cutSummary,
  fitOutputs,
  OUTPUT_LIMIT_BYTES,
  outputBytes,
  SUMMARY_CUT_NOTE,
  SUMMARY_LIMIT_BYTES,
} from "./limits.js";

function messageOf(outputs: Record<string, string>): string {
  try {
    checkOutputs(outputs);
  } catch (error) {
    return `${(error as Error).message} | hint: ${(error as { hint?: string }).hint}`;
  }
  return "(fits)";
}

describe("checkOutputs", () => {
  // name "m" (1) + value: 2 bytes per UTF-16 code unit; the limit is 1,000,000 bytes.
  const fill = (units: number) => "x".repeat(units);

  it.each<[string, Record<string, string>, boolean]>([
    ["no outputs", {}, true],
    ["exactly at the limit", { m: fill(OUTPUT_LIMIT_BYTES / 2 - 1) }, true],
    ["one code unit over", { m: fill(OUTPUT_LIMIT_BYTES / 2) }, false],
    ["split over several outputs", { a: fill(250_000), b: fill(250_000) }, false],
    // "é" is one UTF-16 code unit (2 bytes UTF-8 too); "😀" is two code units.
    ["astral characters count twice", { m: "😀".repeat(OUTPUT_LIMIT_BYTES / 4) }, false],
  ])("%s", (_, outputs, fits) => {
    expect(messageOf(outputs) === "(fits)").toBe(fits);
  });

  it("names the limit, the biggest outputs and what to change", () => {
    expect(messageOf({ matrix: fill(400_000), plan: fill(200_000), count: "2" })).toMatchInlineSnapshot(
      `"The step's outputs would be 1,200,032 bytes (UTF-16), over GitHub's limit of 1 MB of outputs per job (1,000,000 bytes); biggest: matrix 800,012, plan 400,008, count 12 | hint: Plan from smaller documents (split them, or list fewer per run) or fewer workers; the summary above shows what was planned"`,
    );
  });

  it("counts names and values at 2 bytes per code unit", () => {
    expect(outputBytes("ok", "true")).toBe(12);
    expect(outputBytes("m", "é😀")).toBe(8);
  });
});

describe("fitOutputs", () => {
  it("leaves the plan output empty, with a warning, when only without it the outputs fit", () => {
    const outputs = { plan: "p".repeat(400_000), matrix: "m".repeat(200_000), prompts: "/tmp/wo-prompts" };
    const fitted = fitOutputs(outputs);
    expect(fitted.outputs).toEqual({ ...outputs, plan: "" });
    expect(fitted.warning).toMatchInlineSnapshot(
      `"The plan output is left empty: with it the step's outputs would be 1,200,064 bytes (UTF-16), over GitHub's limit of 1 MB per job. The plan is in /tmp/wo-prompts/plan.json"`,
    );
    expect(() => checkOutputs(fitted.outputs)).not.toThrow();
  });

  it("changes nothing when the outputs fit", () => {
    const outputs = { plan: "p", matrix: "m", prompts: "/tmp/x" };
    expect(fitOutputs(outputs)).toEqual({ outputs, warning: null });
  });
});

describe("cutSummary", () => {
  const budget = SUMMARY_LIMIT_BYTES - 4096;

  it("keeps a summary that fits as it is", () => {
    const text = `${"line\n".repeat(1000)}`;
    expect(cutSummary(text)).toBe(text);
    expect(cutSummary("a".repeat(budget))).toHaveLength(budget);
  });

  it("cuts a bigger one at a line end below 1 MiB, with a note", () => {
    const text = "a line of the report\n".repeat(60_000); // 1,260,000 bytes
    const cut = cutSummary(text);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(budget);
    expect(cut.endsWith(SUMMARY_CUT_NOTE)).toBe(true);
    expect(cut.slice(0, -SUMMARY_CUT_NOTE.length).endsWith("a line of the report")).toBe(true);
  });

  it("counts UTF-8 bytes and never leaves half a character", () => {
    const text = "é".repeat(600_000); // 1,200,000 bytes, no line break
    const cut = cutSummary(text);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(budget);
    expect(cut).not.toContain("\uFFFD");
  });
});
