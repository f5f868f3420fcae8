import { Marked, type MarkedExtension } from "marked";
import { markedTerminal } from "marked-terminal";
import { sanitize } from "./format.js";
import type { Colors } from "./io.js";

/**
 * Markdown rendered for a terminal through marked-terminal: tables drawn by cli-table3, headings and emphasis styled
 * with the CLI's own colours (so `NO_COLOR`/`--no-color` hold), tables as wide as their cells. The text is
 * untrusted: escape sequences and control characters are removed before rendering.
 */
export function renderTerminalMarkdown(
  markdown: string,
  colors: Colors,
  columns: number | undefined,
): string {
  const rendered = terminalMarked(colors, columns).parse(sanitize(markdown), { async: false });
  return `${rendered.replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

// One Marked instance per call: marked-terminal keeps its options in the renderer.
function terminalMarked(c: Colors, columns: number | undefined): Marked {
  const plain = (text: string) => text;
  return new Marked()
    .use(
      markedTerminal({
        width: Math.max(40, Math.min(columns ?? 80, 120)),
        // Lines stay as the report wrote them ("**Source:** x" and "**Items:** 3" on lines of their own).
        reflowText: false,
        showSectionPrefix: false,
        emoji: false,
        tab: 2,
        firstHeading: (text: string) => c.bold(c.underline(c.magenta(text))),
        heading: (text: string) => c.bold(c.green(text)),
        strong: c.bold,
        em: c.italic,
        code: c.yellow,
        codespan: c.yellow,
        blockquote: c.dim,
        html: c.dim,
        del: c.strikethrough,
        link: c.blue,
        href: (text: string) => c.underline(c.blue(text)),
        hr: c.dim,
        listitem: plain,
        paragraph: plain,
        table: plain,
        text: (text: string) => paintMarkers(c, text),
        // cli-table3 draws the table: bold headers only when colours are on (its default red and grey are off).
        // One line per row, no rule between rows.
        tableOptions: {
          style: { head: c.isColorSupported ? ["bold"] : [], border: [] },
          chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
        },
        // @types/marked-terminal describes an older marked; the extension is the same object.
      }) as unknown as MarkedExtension,
    )
    .use({
      renderer: {
        // A tight list item's text keeps its inline markup (`code`, **bold**): marked-terminal prints it raw.
        text(token) {
          return "tokens" in token && token.tokens ? this.parser.parseInline(token.tokens) : false;
        },
        // Code blocks (test output, worker results) indented in one colour: no syntax highlighter, whose colours
        // would not follow NO_COLOR.
        code: (token) =>
          `${sanitize(token.text)
            .split("\n")
            .map((line) => `  ${c.yellow(line)}`)
            .join("\n")}\n\n`,
      },
    });
}

// Status markers read at a glance: [COMPLETE] green, [FAILED]/[BLOCKED…] red, [NEEDS…] yellow, [CHECKPOINT] cyan.
function paintMarkers(c: Colors, text: string): string {
  return text.replace(/\[(COMPLETE|FAILED|BLOCKED|NEEDS|CHECKPOINT)[^\]]*\]/g, (marker, kind: string) => {
    if (kind === "COMPLETE") return c.green(marker);
    if (kind === "FAILED" || kind === "BLOCKED") return c.red(marker);
    if (kind === "NEEDS") return c.yellow(marker);
    return c.cyan(marker);
  });
}
