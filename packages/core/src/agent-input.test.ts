import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { sanitizeAgentInput } from "./agent-input.js";

describe("sanitizeAgentInput", () => {
  test.each([
    ["", ""],
    ["plain text", "plain text"],
    ["two\nlines\tand a tab", "two\nlines\tand a tab"],
    ["windows\r\nline\rends", "windows\nline\nends"],
    ["before\u001b[201~after", "beforeafter"],
    ["\u001b[200~inside\u001b[201~", "inside"],
    ["8-bit \u009b201~end", "8-bit end"],
    ["red \u001b[31mtext\u001b[0m", "red text"],
    ["title \u001b]0;pwned\u0007 done", "title  done"],
    ["clip \u001b]52;c;aGk=\u001b\\ done", "clip  done"],
    ["unterminated \u001b]0;rest", "unterminated "],
    ["reset \u001bc now", "reset  now"],
    ["charset \u001b(B ok", "charset  ok"],
    ["lone escape at the end \u001b", "lone escape at the end "],
    ["bell\u0007 nul\u0000 del\u007f bs\u0008 ctrl-c\u0003", "bell nul del bs ctrl-c"],
    ["c1 \u0085next \u009cst", "c1 next st"],
    ["unicode ünïcödé 日本語 🚀", "unicode ünïcödé 日本語 🚀"],
  ])("%j becomes %j", (input, expected) => {
    expect(sanitizeAgentInput(input)).toBe(expected);
  });

  test("nothing sanitized holds ESC or a C0/C1 control other than newline and tab", () => {
    const controlHeavy = fc.string({
      unit: fc.oneof(
        fc.constantFrom(
          "\u001b",
          "\u001b[",
          "\u001b]",
          "\u009b",
          "\u009d",
          "[201~",
          "[200~",
          "\u0007",
          "\r",
          "\\",
        ),
        fc.integer({ min: 0, max: 0x9f }).map((code) => String.fromCharCode(code)),
        fc.string({ unit: "grapheme", maxLength: 2 }),
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), controlHeavy), (text) => {
        expect(sanitizeAgentInput(text)).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }),
      { numRuns: 2000 },
    );
  });

  test("text without controls passes unchanged", () => {
    const clean = fc.string({ unit: "grapheme" }).map((s) => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, ""));
    fc.assert(
      fc.property(clean, (text) => {
        expect(sanitizeAgentInput(text)).toBe(text);
      }),
    );
  });

  test("sanitizing twice changes nothing more", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const once = sanitizeAgentInput(text);
        expect(sanitizeAgentInput(once)).toBe(once);
      }),
    );
  });
});
