import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { oneLine } from "./text.js";

describe("oneLine", () => {
  test.each([
    ["an empty string", "", ""],
    ["a line that is already one line", "Fix the parser", "Fix the parser"],
    ["line breaks and tabs", "Fix\n\tthe\r\nparser", "Fix the parser"],
    ["double and edge spaces", "  Fix  the parser ", "Fix the parser"],
    ["Unicode spaces and a byte order mark", "\uFEFFFix\u00a0the\u2003parser\u3000", "Fix the parser"],
  ])("collapses %s", (_name, text, expected) => {
    expect(oneLine(text)).toBe(expected);
  });

  test("equals collapsing every whitespace run and trimming, for any text", () => {
    const piece = fc.constantFrom(
      " ",
      "  ",
      "\t",
      "\n",
      "\r",
      "\u00a0",
      "\u2028",
      "\ufeff",
      "\u200b",
      "a",
      "é",
      "日",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const text = pieces.join("");
        expect(oneLine(text)).toBe(text.replace(/\s+/g, " ").trim());
      }),
      { numRuns: 500 },
    );
  });
});
