import type {
  Heading,
  InlineCode,
  List,
  ListItem,
  Paragraph,
  PhrasingContent,
  RootContent,
  Text,
} from "mdast";

/*
 * A fast path for the plainest markdown: work-item documents are mostly ATX headings, one-line list items (task,
 * bullet, numbered) and one-line-per-sentence paragraphs whose only inline markup is `code`. For a piece made of
 * nothing else this module builds the mdast that remark would build, positions included, in one pass over the
 * lines — about 20× faster than micromark + mdast-util-from-markdown with GFM, whose cost is per character.
 *
 * It is deliberately narrow: any line, character or arrangement outside the subset below returns undefined and the
 * piece goes to remark. The subset excludes everything whose meaning depends on context (emphasis, links,
 * references, HTML, escapes, entities, autolink literals, tables, indentation, lazy continuation, loose lists).
 * test/markdown.test.ts proves the trees equal remark's on generated documents built from plain and near-plain
 * lines.
 *
 * Lines of a plain piece (no "\r", no tab, no trailing space):
 * - blank: "";
 * - ATX heading: 1–6 "#", one space, inline content not ending in "#";
 * - list item: "-", "*" or "+" (or 1–9 digits and "."), one space, an optional "[ ] " / "[x] " / "[X] " checkbox,
 *   inline content starting with a letter or digit (or "`" without a checkbox) that does not itself look like a
 *   list marker;
 * - paragraph line: inline content starting with a letter.
 * Arrangement: a list is consecutive items with the same marker and is followed by a blank line, a heading or the
 * end; a paragraph is consecutive paragraph lines and is followed by the same; a list never follows a list with
 * the same marker (blank lines between would merge them into one loose list). The line after the piece, if any, must be an ATX
 * heading (which interrupts every block here).
 * Inline content: text and `code spans` (single backticks, content without backticks that neither starts nor ends
 * with a space). Text never holds \ * _ [ ] < > & ~ | @ ` or control characters, "://" or "www.".
 */

interface Point {
  line: number;
  column: number;
  offset: number;
}

const ATX = /^(#{1,6}) (?=[^ ])/;
const BULLET = /^([-*+]) (?:\[([ xX])\] )?/;
const ORDERED = /^(\d{1,9})\. (?:\[([ xX])\] )?/;
const NESTED_MARKER = /^(?:[-*+](?: |$)|\d{1,9}[.)](?: |$))/;
const FORBIDDEN_TEXT = /[\\*_[\]<>&~|@\u0000-\u001f\u007f]|:\/\/|www\./i;
const FORBIDDEN_CODE = /[\u0000-\u001f\u007f]/;
const LETTER = /^\p{L}/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]/u;
const BOUNDARY = /^#{1,6}(?:[ \t]|$)/;

type Block =
  | { kind: "heading"; node: Heading }
  | { kind: "list"; node: List; marker: string }
  | { kind: "paragraph"; node: Paragraph; lines: Array<{ text: string; start: Point }> };

/**
 * The mdast nodes of lines [startLine, endLine) of `text` when they are all plain (see above), with positions in
 * `text`; undefined otherwise. `lineStarts` are the offsets where lines start.
 */
export function parsePlainLines(
  text: string,
  lineStarts: readonly number[],
  startLine: number,
  endLine: number,
): RootContent[] | undefined {
  if (endLine < lineStarts.length && !BOUNDARY.test(lineOf(text, lineStarts, endLine))) return undefined;
  const nodes: RootContent[] = [];
  let open: Block | undefined;
  let lastClosed: Block["kind"] | undefined;
  let lastMarker: string | undefined;
  const close = (): boolean => {
    if (open === undefined) return true;
    if (open.kind === "paragraph" && !finishParagraph(open)) return false;
    nodes.push(open.node);
    lastClosed = open.kind;
    lastMarker = open.kind === "list" ? open.marker : undefined;
    open = undefined;
    return true;
  };
  for (let line = startLine; line < endLine; line++) {
    const offset = lineStarts[line] as number;
    const content = lineOf(text, lineStarts, line);
    if (content.includes("\r") || content.includes("\t") || content.endsWith(" ")) return undefined;
    const at = { line: line + 1, column: 1, offset };
    if (content === "") {
      if (!close()) return undefined;
      continue;
    }
    const heading = ATX.exec(content);
    if (heading !== null) {
      const hashes = (heading[1] as string).length;
      const body = content.slice(hashes + 1);
      if (body.endsWith("#")) return undefined;
      const children = inline(body, shift(at, hashes + 1));
      if (children === undefined || !close()) return undefined;
      nodes.push({
        type: "heading",
        depth: hashes as Heading["depth"],
        children,
        position: span(at, content),
      });
      lastClosed = "heading";
      continue;
    }
    const item = BULLET.exec(content) ?? ORDERED.exec(content);
    if (item !== null) {
      const ordered = /^\d/.test(content);
      const marker = ordered ? "." : (content[0] as string);
      const box = item[2];
      const body = content.slice(item[0].length);
      const first = ordered ? LETTER_OR_DIGIT : box === undefined ? /^[\p{L}\p{N}`]/u : LETTER_OR_DIGIT;
      if (!first.test(body) || NESTED_MARKER.test(body)) return undefined;
      const start = shift(at, item[0].length);
      const children = inline(body, start);
      if (children === undefined) return undefined;
      const paragraph: Paragraph = { type: "paragraph", children, position: span(start, body) };
      const listItem: ListItem = {
        type: "listItem",
        spread: false,
        checked: box === undefined ? null : box !== " ",
        children: [paragraph],
        position: span(at, content),
      };
      if (open?.kind === "list") {
        if (open.marker !== marker) return undefined;
        open.node.children.push(listItem);
        (open.node.position as { end: Point }).end = end(at, content);
        continue;
      }
      // After a paragraph line an item would interrupt it or continue it; after a list with the same marker (and
      // blank lines), it would make that list loose.
      if (open !== undefined || (lastClosed === "list" && lastMarker === marker)) return undefined;
      open = {
        kind: "list",
        marker,
        node: {
          type: "list",
          ordered,
          start: ordered ? Number.parseInt(item[1] as string, 10) : null,
          spread: false,
          children: [listItem],
          position: span(at, content),
        },
      };
      continue;
    }
    if (!LETTER.test(content)) return undefined;
    if (open?.kind === "list") return undefined; // lazy continuation of the last item
    if (open?.kind === "paragraph") {
      open.lines.push({ text: content, start: at });
      continue;
    }
    open = {
      kind: "paragraph",
      node: { type: "paragraph", children: [], position: span(at, content) },
      lines: [{ text: content, start: at }],
    };
  }
  return close() ? nodes : undefined;
}

function lineOf(text: string, lineStarts: readonly number[], line: number): string {
  const start = lineStarts[line] ?? text.length;
  const next = lineStarts[line + 1];
  const end = next === undefined ? text.length : next;
  let value = text.slice(start, end);
  if (value.endsWith("\n")) value = value.slice(0, -1);
  return value;
}

function shift(point: Point, by: number): Point {
  return { line: point.line, column: point.column + by, offset: point.offset + by };
}

function end(start: Point, content: string): Point {
  return shift(start, content.length);
}

function span(start: Point, content: string): { start: Point; end: Point } {
  return { start: { ...start }, end: end(start, content) };
}

/** Text and code spans of one line starting at `start`; undefined when the line holds anything else. */
function inline(content: string, start: Point): PhrasingContent[] | undefined {
  const nodes: PhrasingContent[] = [];
  let index = 0;
  while (index < content.length) {
    const tick = content.indexOf("`", index);
    const textEnd = tick === -1 ? content.length : tick;
    if (textEnd > index) {
      const value = content.slice(index, textEnd);
      if (FORBIDDEN_TEXT.test(value)) return undefined;
      const text: Text = { type: "text", value, position: span(shift(start, index), value) };
      nodes.push(text);
    }
    if (tick === -1) break;
    const close = content.indexOf("`", tick + 1);
    if (close === -1 || close === tick + 1 || content[close + 1] === "`") return undefined;
    const value = content.slice(tick + 1, close);
    if (value.startsWith(" ") || value.endsWith(" ") || FORBIDDEN_CODE.test(value)) return undefined;
    const code: InlineCode = {
      type: "inlineCode",
      value,
      position: { start: shift(start, tick), end: shift(start, close + 1) },
    };
    nodes.push(code);
    index = close + 1;
  }
  return nodes;
}

/**
 * Joins a paragraph's lines: remark keeps one text node across line endings ("\n" joins the lines) and starts a new
 * one at a line ending that follows a code span.
 */
function finishParagraph(block: Extract<Block, { kind: "paragraph" }>): boolean {
  const children: PhrasingContent[] = [];
  for (const [number, line] of block.lines.entries()) {
    const parts = inline(line.text, line.start);
    if (parts === undefined) return false;
    if (number > 0) {
      const previous = block.lines[number - 1] as { text: string; start: Point };
      const eol = end(previous.start, previous.text);
      const tail = children.at(-1);
      const lineEnd: Text =
        tail?.type === "text" ? tail : { type: "text", value: "", position: { start: eol, end: { ...eol } } };
      if (lineEnd !== tail) children.push(lineEnd);
      lineEnd.value += "\n";
      const head = parts[0];
      if (head?.type === "text") {
        lineEnd.value += head.value;
        (lineEnd.position as { end: Point }).end = (head.position as { end: Point }).end;
        parts.shift();
      } else {
        (lineEnd.position as { end: Point }).end = {
          line: line.start.line,
          column: 1,
          offset: line.start.offset,
        };
      }
    }
    for (const part of parts) children.push(part);
  }
  block.node.children = children;
  const last = block.lines.at(-1) as { text: string; start: Point };
  (block.node.position as { end: Point }).end = end(last.start, last.text);
  return true;
}
