import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseMarkdown, parseMarkdownWhole } from "../src/index.js";
import { computeLineStarts, parseMarkdownInPieces } from "../src/markdown.js";
import { parsePlainLines } from "../src/plain.js";

/** Lines the fast path takes. */
const plain = [
  "",
  "# Title",
  "## Area 1 (Priority: P1)",
  "### `src/x.ts` needs work",
  "###### Deep heading",
  "## 1. Setup",
  "- [ ] Fix the null check in `src/a.ts`",
  "- [x] Done already",
  "- [X] Done too",
  "* Bullet with a star",
  "+ Bullet with a plus",
  "- `src/b.ts`: tidy the imports",
  "- 2024 roadmap",
  "1. First step",
  "2. Second step after item 1",
  "10. Tenth",
  "1. [ ] Ordered task",
  "Plain sentence.",
  "Another line with `code` inside it",
  "Ends with code `x`",
  "Émoji 🎉 and ünïcode text",
  "Text: with a colon (and parens) / slashes; 50% done, $5 #3 !",
];

/** Lines one character or one arrangement away from plain: the fast path must refuse or agree with remark. */
const nearPlain = [
  "- [ ]",
  "- ",
  "-",
  "- - -",
  "---",
  "***",
  "===",
  "* * *",
  "1) paren",
  "- 1. nested",
  "- - nested",
  "  - indented",
  "    code",
  "text *emph*",
  "snake_case word",
  "see http://x.test",
  "at www.x.test",
  "mail a@b.test",
  "`` double ``",
  "` spaced `",
  "text `unclosed",
  "a``b`",
  "## heading ##",
  "#nohash",
  "> quote",
  "| t |",
  "trailing ",
  "tab\there",
  "- [ ] `code first`",
  "1. [x] `code`",
  "[link](x)",
  "a &amp; b",
  "<b>bold</b>",
  " ",
  "- [ ]  two spaces",
  "-  two spaces",
  "1.  two spaces",
  "0. zero",
  "1234567890. too long",
  "+++",
  "Title",
  "Setext",
  "```",
  "2. starts at two",
];

function plainNodes(text: string) {
  const lineStarts = computeLineStarts(text);
  return parsePlainLines(text, lineStarts, 0, lineStarts.length);
}

describe("the plain-markdown fast path builds remark's tree", () => {
  test("a TODO-style document is plain, and its tree is remark's, positions included", () => {
    let text = "# TODO\n\n";
    for (let i = 1; i <= 30; i++) {
      text += `## Area ${i} (Priority: P${i % 4})\n\n- [ ] Fix the null check in \`src/area${i}/handler.ts\`\n- [ ] Add tests for \`src/area${i}/handler.ts\` after item ${i}\n- [x] Update docs in \`docs/area${i}.md\`\n\n1. First\n2. Second\n\nA note that spans\ntwo lines with \`code\`\n\n`;
    }
    const nodes = plainNodes(text);
    expect(nodes).toBeDefined();
    expect(nodes).toEqual(parseMarkdownWhole(text).children);
    expect(parseMarkdown(text)).toEqual(parseMarkdownWhole(text));
  });

  test("a document without headings (one piece) takes the fast path too, also after a byte order mark", () => {
    const list = Array.from({ length: 400 }, (_, i) => `- [ ] Fix the bug in \`src/a${i}.ts\``).join("\n");
    for (const text of [list, `${list}\n`, `\uFEFF${list}\n`, "", "One sentence only"]) {
      expect(parseMarkdown(text)).toEqual(parseMarkdownWhole(text));
    }
    expect(plainNodes(list)).toBeDefined();
  });

  test.each([
    ["emphasis", "# a\n\n- Fix *this*\n"],
    ["a lazy continuation line", "- Fix a\nand b\n"],
    ["a loose list", "- a\n\n- b\n"],
    ["a paragraph interrupted by an item", "Intro\n- a\n"],
    ["a setext underline", "Title\n===\n"],
    ["an autolink literal", "See www.x.test now\n"],
    ["CRLF", "# a\r\n- b\r\n"],
  ])("%s goes to remark", (_name, text) => {
    expect(plainNodes(text)).toBeUndefined();
    expect(parseMarkdown(text)).toEqual(parseMarkdownWhole(text));
  });

  test("generated plain documents: the fast path takes them and agrees with remark", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...plain), { maxLength: 30 }), fc.boolean(), (picked, eol) => {
        const text = picked.join("\n") + (eol ? "\n" : "");
        const nodes = plainNodes(text);
        if (nodes !== undefined) expect(nodes).toEqual(parseMarkdownWhole(text).children);
        expect(parseMarkdownInPieces(text, 0)).toEqual(parseMarkdownWhole(text));
      }),
      { numRuns: 600 },
    );
  });

  test("generated near-plain documents: the fast path refuses or agrees with remark", () => {
    let taken = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...plain), fc.constantFrom(...nearPlain)), { maxLength: 24 }),
        fc.boolean(),
        (picked, eol) => {
          const text = picked.join("\n") + (eol ? "\n" : "");
          const nodes = plainNodes(text);
          if (nodes !== undefined) {
            taken += 1;
            expect(nodes).toEqual(parseMarkdownWhole(text).children);
          }
          expect(parseMarkdownInPieces(text, 0)).toEqual(parseMarkdownWhole(text));
        },
      ),
      { numRuns: 1500 },
    );
    // Not vacuous: some of the generated documents were plain.
    expect(taken).toBeGreaterThan(50);
  });

  test("any text: the fast path never throws and agrees with remark when it answers", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."ab #-*+1.[]x `_\n:/@w()é") }), (text) => {
        const nodes = plainNodes(text);
        if (nodes !== undefined) expect(nodes).toEqual(parseMarkdownWhole(text).children);
      }),
      { numRuns: 1500 },
    );
  });
});
