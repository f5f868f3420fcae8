import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { extractDocument } from "../src/extract/index.js";
import { parseMarkdown, parseMarkdownWhole } from "../src/index.js";
import { candidateBoundaries, parseMarkdownInPieces, readMarkdownBlocks } from "../src/markdown.js";

const fixtures = new URL("./fixtures/", import.meta.url);
const fixtureNames = readdirSync(fixtures).filter((name) => name.endsWith(".md"));

/** Documents built to trip a naive "split at every `#` line" approach. */
const tricky: ReadonlyArray<[string, string]> = [
  ["an empty document", ""],
  ["only whitespace", "  \n\n\t\n"],
  ["headings inside backtick fences", "# a\n\n```bash\n# a comment, not a heading\nls\n```\n\n# b\ntext\n"],
  ["fences of different lengths", "# a\n````md\n```\n# inside\n```\n# still inside\n````\n# real\n"],
  ["tilde fences", "# a\n~~~\n# inside\n```\n# inside too\n~~~\n# real\n"],
  ["a fence that never closes", "# a\ntext\n```\n# b\n# c\n"],
  ["indented code", "# a\n\n    # indented code\n\n# b\n"],
  [
    "HTML blocks",
    "# a\n<div>\n# inside html\n</div>\n\n# b\n<!--\n# in a comment\n-->\n# c\n<pre>\n# in pre\n</pre>\n# d\n",
  ],
  ["a custom element until a blank line", "# a\n<custom-element>\n# still html\n\n# real\n"],
  ["YAML front matter", "---\ntitle: x\n# yaml comment\n---\n# a\n\n- [ ] Fix `a.ts`\n"],
  ["TOML front matter", "+++\n# toml comment\ntitle = 'x'\n+++\n# a\n- b\n"],
  ["setext headings and thematic breaks", "# a\nTitle\n---\n\n---\ntext\n***\n___\n- - -\n# b\n"],
  ["a thematic break that could open front matter", "# a\n\n---\ntitle: y\n---\n# b\n"],
  [
    "reference definitions in a later section",
    '# a\n[foo] and [Bar][] and ![logo][]\n- [ ] Fix [the parser][foo]\n# b\ntext\n# c\n[foo]: /url "Title"\n[bar]: https://x.test\n[logo]: /l.png\n',
  ],
  ["definitions before their use", "# a\n[x]: ./src/a.ts\n\n# b\n- [ ] Fix [x]\n"],
  ["definitions inside containers", "# a\n> [q]: /quoted\n- [l]: /listed\n# b\n[q] [l]\n"],
  ["multi-line labels", "# a\n[multi\nline]\n# b\n[multi line]: /m\n"],
  ["footnotes", "# a\nSee note[^1] and[^two].\n# b\n[^1]: First.\n[^two]: Second.\n"],
  ["lists around headings", "- a\n# h\n  - b\n1. c\n# i\n2. d\n"],
  ["lazy continuation and quotes", "> quote\ncontinued\n# h\n> again\n"],
  ["tables", "| a | b |\n|---|---|\n| c | d |\n# h\n| e |\n"],
  ["CRLF line endings", "# a\r\n\r\n- [ ] Fix `a.ts`\r\n# b\r\n```\r\n# no\r\n```\r\n"],
  ["CR line endings", "# a\r- x\r# b\r- y\r"],
  ["a byte order mark", "\uFEFF# a\n- x\n# b\n- y\n"],
  ["headings that are not headings", "#nope\n####### seven\n# yes\n#\n#\tTab\n"],
  ["a heading in a list item", "- # in item\n# top\n- x\n"],
  ["fences inside list items", "- a\n  ```\n# real heading\n  ```\n# after\n"],
  ["a heading ending the document without a newline", "text\n# last"],
  [
    "autolink literals in some sections only",
    "# a\nSee www.example.com, https://github.com/o/r/blob/main/src/a.ts and mail ops@example.com.\n# b\nplain\n# c\n- [ ] Fix HTTPS://X.TEST/p and WWW.X.TEST\n",
  ],
  [
    "autolink literals spelled with escapes and character references",
    "# a\nwww\\.x.test\n# b\nhttp:\\/\\/x.test\n# c\nops&#64;example.com\n# d\nWWW&period;X.TEST\n# e\nHTTPS:&#47;/X.TEST\n# f\nno links\n",
  ],
  [
    "autolink literals inside links, code and emphasis",
    "# a\n[www.x.test](https://x.test) `www.y.test` *www.z.test* ~~a@b.test~~\n# b\n[ref www.r.test][r]\n# c\n[r]: https://r.test\n",
  ],
  ["an xmpp and a mailto literal", "# a\nmailto:a@b.test\n# b\nxmpp:c@d.test/home\n"],
];

describe("parseMarkdown (chunked) equals a whole-document parse", () => {
  test.each(tricky)("for %s", (_name, text) => {
    expect(parseMarkdownInPieces(text, 0)).toEqual(parseMarkdownWhole(text));
  });

  test.each(fixtureNames)("for the fixture %s, tree and extracted items", (name) => {
    const text = readFileSync(new URL(name, fixtures), "utf8");
    expect(parseMarkdownInPieces(text, 0)).toEqual(parseMarkdownWhole(text));
    expect(parseMarkdown(text)).toEqual(parseMarkdownWhole(text));
  });

  test("for all fixtures concatenated and repeated past the piece size", () => {
    const text = fixtureNames
      .map((name) => readFileSync(new URL(name, fixtures), "utf8"))
      .join("\n\n")
      .repeat(4);
    expect(candidateBoundaries(text, 2048).length).toBeGreaterThan(3);
    expect(parseMarkdown(text)).toEqual(parseMarkdownWhole(text));
  });

  test("extracted items (with line numbers) are identical either way", () => {
    const text = fixtureNames
      .map((name) => readFileSync(new URL(name, fixtures), "utf8"))
      .join("\n\n")
      .repeat(3);
    const chunked = extractDocument(parseMarkdown(text), "all.md", 0);
    const whole = extractDocument(parseMarkdownWhole(text), "all.md", 0);
    expect(chunked.items.length).toBeGreaterThan(40);
    expect(chunked.items).toEqual(whole.items);
    expect(chunked.notes.list).toEqual(whole.notes.list);
  });

  test("readMarkdownBlocks streams pieces when no definition can occur, and hands over one run otherwise", () => {
    // Fixtures without their definition lines: nothing in the text contains "]:".
    const plain = fixtureNames
      .map((name) => readFileSync(new URL(name, fixtures), "utf8"))
      .join("\n\n")
      .split("\n")
      .filter((line) => !line.includes("]:"))
      .join("\n")
      .repeat(3);
    for (const [text, streamed] of [
      [plain, true],
      [`${plain}\n\n[late]: /defined-at-the-end\n`, false],
    ] as const) {
      const runs: number[] = [];
      const children: unknown[] = [];
      const end = readMarkdownBlocks(text, (nodes) => {
        runs.push(nodes.length);
        children.push(...nodes);
      });
      const whole = parseMarkdownWhole(text);
      expect(children).toEqual(whole.children);
      expect(end).toEqual(whole.position?.end);
      if (streamed) expect(runs.length).toBeGreaterThan(3);
      else expect(runs).toHaveLength(1);
    }
    // Extraction piece by piece gives the same items and notes as extraction from the whole tree.
    const streamed = extractDocument((visit) => readMarkdownBlocks(plain, visit), "all.md", 0);
    const whole = extractDocument(parseMarkdownWhole(plain), "all.md", 0);
    expect(streamed.items.length).toBeGreaterThan(40);
    expect(streamed.items).toEqual(whole.items);
    expect(streamed.notes.list).toEqual(whole.notes.list);
  });

  test("random documents from tricky lines", () => {
    const lines = [
      "# Heading",
      "## Sub",
      "text with [ref] and [^n]",
      "",
      "```",
      "````",
      "~~~",
      "    indented",
      "- [ ] task `a.ts`",
      "1. numbered",
      "  - nested",
      "> quote",
      "<div>",
      "<!--",
      "-->",
      "---",
      "***",
      "+++",
      "Title",
      "===",
      "| a | b |",
      "|---|---|",
      "[ref]: /url",
      "[^n]: note",
      "see www.x.test or a@b.test",
      "#",
      "\t# tab",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...lines), { maxLength: 40 }),
        fc.constantFrom("\n", "\r\n"),
        (picked, eol) => {
          const text = picked.join(eol);
          expect(parseMarkdownInPieces(text, 0)).toEqual(parseMarkdownWhole(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
