import type { Nodes, Root, RootContent } from "mdast";
import remarkFrontmatter from "remark-frontmatter";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import { type Data, type Processor, unified } from "unified";
import { parsePlainLines } from "./plain.js";

/*
 * Why chunking: remark's parser is quadratic on documents made of many small lists — mdast-util-from-markdown
 * used to splice the whole event array once per list (syntax-tree/mdast-util-from-markdown#49), and micromark's
 * document tokenizer still re-walks its growing edit map (`micromark-util-edit-map` `consume`), so a long TODO
 * list document parses several times faster in pieces (figures in docs/performance.md).
 * We cut the document at top-level ATX headings and thematic breaks, parse the pieces, shift their positions
 * back and concatenate them. The result is the same tree as a whole-document parse because:
 *
 * 1. A top-level heading or thematic break closes every open block, so block structure after it does not depend
 *    on anything before it. Each piece is parsed together with the first line of the next piece (the
 *    "boundary line"); the split is kept only when that line parses as a top-level heading/thematic break that
 *    starts exactly there. Otherwise the two pieces are merged. A wrong guess by the cheap line scanner costs
 *    time, never correctness.
 * 2. Link reference and footnote definitions apply document-wide. After a first pass collects them, every piece
 *    that mentions a label defined elsewhere is parsed again with stub definitions (`[label]: #`) in front of it
 *    (or after it, for the first piece, whose start may hold front matter). Stub nodes are dropped.
 * 3. The GFM autolink-literal transform runs per piece, after the pieces are parsed, and only on pieces whose
 *    text could hold a literal (see `deferAutolinkLiterals`).
 * 4. A piece made only of plain lines (headings, one-line items, sentences with `code`) skips remark: see plain.ts.
 */

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ["yaml", "toml"]).freeze();

type MdastExtension = Exclude<NonNullable<Data["fromMarkdownExtensions"]>[number], unknown[]>;
type MdastTransform = NonNullable<MdastExtension["transforms"]>[number];

/**
 * The GFM autolink-literal transform walks every text node of every tree with four regular expressions (about
 * 15% of the parse of a large document). It is a fallback for literals micromark's tokenizer cannot see, such as
 * `www\.x.com` or `a&#64;b.co`. It only changes text nodes that contain `@`, `http://`, `https://` or `www.`
 * (each of its expressions needs one of them) and looks at nothing but the text node itself, so running it
 * later, only on pieces that have such a text node, gives the same tree. `pieceProcessor` is `processor`
 * without it; `parsePiece` runs it where needed.
 */
const deferredTransforms: MdastTransform[] = [];
const AUTOLINK_HINT = /@|https?:\/\/|www\./i;

function deferAutolinkLiterals(this: Processor): undefined {
  const data = this.data();
  const strip = (extension: MdastExtension): MdastExtension => {
    const transforms = extension.transforms ?? [];
    const isAutolink = extension.enter != null && "literalAutolink" in extension.enter;
    if (!isAutolink || transforms.length === 0) return extension;
    deferredTransforms.push(...transforms);
    return { ...extension, transforms: [] };
  };
  data.fromMarkdownExtensions = (data.fromMarkdownExtensions ?? []).map((entry) =>
    Array.isArray(entry) ? entry.map(strip) : strip(entry),
  );
  return undefined;
}

const pieceProcessor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkFrontmatter, ["yaml", "toml"])
  .use(deferAutolinkLiterals)
  .freeze();

/** Below this size a piece is not worth its own parse call. */
const MIN_CHUNK_CHARS = 2048;

/**
 * Parses markdown (CommonMark + GFM + YAML/TOML front matter) into mdast with one remark parse of the whole
 * text. Quadratic on documents with many lists; kept for comparison and benchmarks — use {@link parseMarkdown}.
 *
 * @param text Markdown source.
 * @returns The mdast root, with positions.
 */
export function parseMarkdownWhole(text: string): Root {
  return processor.parse(text);
}

/**
 * Parses markdown into the same mdast tree as {@link parseMarkdownWhole} (positions included), in time linear
 * in the number of top-level sections: the text is parsed in pieces cut at top-level headings and thematic
 * breaks, and the pieces are merged.
 *
 * @param text Markdown source.
 * @returns The mdast root, with positions relative to `text`.
 */
export function parseMarkdown(text: string): Root {
  return parseMarkdownInPieces(text, MIN_CHUNK_CHARS);
}

/**
 * {@link parseMarkdown} with a configurable minimum piece size (internal: tests use 0 to cut at every
 * top-level heading and thematic break).
 */
export function parseMarkdownInPieces(source: string, minChunkChars: number): Root {
  const children: RootContent[] = [];
  const end = readBlocksInPieces(source, minChunkChars, (nodes) => {
    for (const node of nodes) children.push(node);
  });
  return { type: "root", children, position: { start: { line: 1, column: 1, offset: 0 }, end } };
}

/**
 * Hands the top-level nodes of {@link parseMarkdown}'s tree to `visit`, in document order, one run of nodes at a
 * time. When the text cannot hold a link or footnote definition (a definition needs the characters `]:`), each
 * piece goes to `visit` as soon as it is parsed and is not kept: a caller that reads a piece and lets it go keeps
 * only one piece's tree alive, which matters for the garbage collector on megabyte documents. Otherwise every
 * piece is parsed first (definitions apply document-wide) and the nodes come in one run.
 *
 * @returns The end point of the document (the root's `position.end`).
 */
export function readMarkdownBlocks(text: string, visit: (nodes: RootContent[]) => void): Point {
  return readBlocksInPieces(text, MIN_CHUNK_CHARS, visit);
}

type Point = { line: number; column: number; offset: number };

function readBlocksInPieces(
  source: string,
  minChunkChars: number,
  visit: (nodes: RootContent[]) => void,
): Point {
  // micromark drops a leading byte order mark before counting offsets; so do we.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const whole = (): Point => {
    const tree = parseMarkdownWhole(source);
    visit(tree.children);
    return (tree.position?.end as Point | undefined) ?? endPoint(text);
  };
  const lineStarts = computeLineStarts(text);
  const boundaries = chooseBoundaries(text, lineStarts, minChunkChars);
  if (boundaries.length === 0) {
    // One piece: a long plain list without headings still takes the fast path.
    const plain = parsePlainLines(text, lineStarts, 0, lineStarts.length);
    if (plain === undefined) return whole();
    visit(plain);
    return endPoint(text);
  }
  if (!text.includes("]:")) {
    // No definitions anywhere, so no piece needs stubs: stream the pieces. The last piece has no boundary line
    // and always parses, so parsePieces cannot give up after some pieces were handed over.
    parsePieces(text, lineStarts, boundaries, (piece) => visit(piece.nodes));
    return endPoint(text);
  }
  const pieces: Piece[] = [];
  if (!parsePieces(text, lineStarts, boundaries, (piece) => pieces.push(piece))) return whole();
  const { definitions, footnotes } = collectDefinitions(pieces);
  const children: RootContent[] = [];
  for (const [index, piece] of pieces.entries()) {
    let result = piece;
    const stubs = stubsFor(text.slice(piece.start, piece.end), piece, definitions, footnotes);
    if (stubs.length > 0) {
      const again = parsePiece(text, lineStarts, piece.startLine, piece.endLine, index === 0, stubs);
      if (again === undefined) return whole();
      result = again;
    }
    for (const node of result.nodes) children.push(node);
  }
  visit(children);
  return endPoint(text);
}

interface Piece {
  /** First line (0-based) and line after the last one. */
  startLine: number;
  endLine: number;
  /** Character range in the original text. */
  start: number;
  end: number;
  /** Top-level nodes, positions already relative to the whole text. */
  nodes: RootContent[];
  linkIds: Set<string>;
  footnoteIds: Set<string>;
}

/** Offsets where lines start (internal, for tests). */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  // A final line break does not open a line of its own for our purposes.
  if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
  return starts;
}

function lineText(text: string, lineStarts: number[], line: number): string {
  const start = lineStarts[line] ?? text.length;
  const end = lineStarts[line + 1] ?? text.length;
  return text.slice(start, end).replace(/\r?\n$|\r$/, "");
}

const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
const THEMATIC_BREAK = /^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const HTML_UNTIL_MARKER: ReadonlyArray<[RegExp, RegExp]> = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const HTML_UNTIL_BLANK = /^ {0,3}<\/?[A-Za-z]/;

/** Candidate cut lines (0-based) the line scanner proposes; internal, for tests. */
export function candidateBoundaries(text: string, minChunkChars: number): number[] {
  return chooseBoundaries(text, computeLineStarts(text), minChunkChars);
}

/**
 * Cheap line scan for lines that probably start a top-level heading or thematic break outside fenced code,
 * HTML blocks and front matter. Only an optimisation: every boundary is verified by the parser afterwards.
 */
function chooseBoundaries(text: string, lineStarts: number[], minChunkChars: number): number[] {
  const boundaries: number[] = [];
  let lastBoundaryOffset = 0;
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | undefined;
  let htmlUntilBlank = false;
  let previousBlank = true;
  let line = 0;
  const first = lineText(text, lineStarts, 0);
  if (first === "---" || first === "+++") {
    // Front matter: skip to its closing fence.
    line = 1;
    while (line < lineStarts.length && lineText(text, lineStarts, line).trimEnd() !== first) line++;
    line++;
  }
  for (; line < lineStarts.length; line++) {
    const content = lineText(text, lineStarts, line);
    const blank = content.trim() === "";
    if (fence !== undefined) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(content);
      if (close?.[1] !== undefined && close[1][0] === fence.char && close[1].length >= fence.length)
        fence = undefined;
      previousBlank = false;
      continue;
    }
    if (htmlEnd !== undefined) {
      if (htmlEnd.test(content)) htmlEnd = undefined;
      previousBlank = false;
      continue;
    }
    if (htmlUntilBlank) {
      if (blank) htmlUntilBlank = false;
      previousBlank = blank;
      continue;
    }
    const open = FENCE_OPEN.exec(content);
    if (open?.[1] !== undefined && !(open[1][0] === "`" && (open[2] ?? "").includes("`"))) {
      fence = { char: open[1][0] ?? "`", length: open[1].length };
      previousBlank = false;
      continue;
    }
    const marker = HTML_UNTIL_MARKER.find(([start]) => start.test(content));
    if (marker !== undefined) {
      if (!marker[1].test(content.replace(marker[0], ""))) htmlEnd = marker[1];
      previousBlank = false;
      continue;
    }
    if (HTML_UNTIL_BLANK.test(content)) {
      htmlUntilBlank = true;
      previousBlank = false;
      continue;
    }
    const isBoundary = ATX_HEADING.test(content) || (previousBlank && THEMATIC_BREAK.test(content));
    const offset = lineStarts[line] ?? text.length;
    if (isBoundary && line > 0 && offset - lastBoundaryOffset >= minChunkChars) {
      boundaries.push(line);
      lastBoundaryOffset = offset;
    }
    previousBlank = blank;
  }
  return boundaries;
}

/** Parses the pieces in order and hands each to `onPiece`; false when the pieces did not cover the text. */
function parsePieces(
  text: string,
  lineStarts: number[],
  boundaries: number[],
  onPiece: (piece: Piece) => void,
): boolean {
  const ends = [...boundaries, lineStarts.length];
  let startLine = 0;
  for (const endLine of ends) {
    const piece = parsePiece(text, lineStarts, startLine, endLine, startLine === 0, []);
    // The boundary did not hold (e.g. the "heading" sits inside a code block): merge with the next piece.
    if (piece === undefined) continue;
    onPiece(piece);
    startLine = endLine;
  }
  // The last piece has no boundary line, so it always parses; reaching here without it cannot happen.
  return startLine === lineStarts.length;
}

/**
 * Parses lines [startLine, endLine) plus the boundary line `endLine` (when there is one) and checks that the
 * boundary line starts a top-level heading or thematic break. Returns undefined when it does not.
 */
function parsePiece(
  text: string,
  lineStarts: number[],
  startLine: number,
  endLine: number,
  first: boolean,
  stubs: string[],
): Piece | undefined {
  const start = lineStarts[startLine] ?? text.length;
  const end = lineStarts[endLine] ?? text.length;
  if (stubs.length === 0) {
    const plain = parsePlainLines(text, lineStarts, startLine, endLine);
    if (plain !== undefined) {
      return { startLine, endLine, start, end, nodes: plain, linkIds: new Set(), footnoteIds: new Set() };
    }
  }
  const hasBoundary = endLine < lineStarts.length;
  const boundaryEnd = hasBoundary ? (lineStarts[endLine + 1] ?? text.length) : end;
  let body = text.slice(start, boundaryEnd);
  // Pieces after the first start with a blank line so that a leading `---` can never become front matter.
  const prefix = first ? "" : stubs.length > 0 ? `${stubs.join("\n")}\n\n` : "\n";
  let suffix = "";
  if (first && stubs.length > 0) {
    suffix = `${/[\r\n]$/.test(body) ? "" : "\n"}\n${stubs.join("\n")}\n`;
  }
  body = prefix + body + suffix;
  const tree = pieceProcessor.parse(body);
  const localStart = prefix.length;
  const localEnd = localStart + (end - start);
  const nodes: RootContent[] = [];
  let boundaryOk = !hasBoundary;
  for (const node of tree.children) {
    const nodeStart = node.position?.start.offset ?? -1;
    const nodeEnd = node.position?.end.offset ?? -1;
    if (nodeStart < localStart) continue; // stub definitions in front
    if (nodeStart >= localEnd) {
      if (nodeStart === localEnd && (node.type === "heading" || node.type === "thematicBreak"))
        boundaryOk = true;
      continue; // the boundary line and stub definitions behind
    }
    if (hasBoundary && nodeEnd > localEnd) return undefined; // a block runs over the boundary line
    nodes.push(node);
  }
  if (!boundaryOk) return undefined;
  const lineDelta = startLine - (first ? 0 : countLines(prefix));
  const offsetDelta = start - prefix.length;
  const linkIds = new Set<string>();
  const footnoteIds = new Set<string>();
  const autolinks = finishNodes(nodes, lineDelta, offsetDelta, linkIds, footnoteIds);
  if (autolinks) {
    let root: Root = { type: "root", children: nodes };
    for (const transform of deferredTransforms) root = transform(root) ?? root;
    return { startLine, endLine, start, end, nodes: root.children, linkIds, footnoteIds };
  }
  return { startLine, endLine, start, end, nodes, linkIds, footnoteIds };
}

function countLines(prefix: string): number {
  let lines = 0;
  for (const char of prefix) if (char === "\n") lines++;
  return lines;
}

/**
 * One walk over a piece's nodes: shifts positions to the whole text, collects link and footnote definition
 * ids, and tells whether a text node could hold an autolink literal (see `deferAutolinkLiterals`).
 */
function finishNodes(
  roots: readonly RootContent[],
  lineDelta: number,
  offsetDelta: number,
  linkIds: Set<string>,
  footnoteIds: Set<string>,
): boolean {
  let autolinks = false;
  const stack: Nodes[] = [...roots];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const position = node.position;
    if (position !== undefined) {
      position.start.line += lineDelta;
      position.end.line += lineDelta;
      if (position.start.offset !== undefined) position.start.offset += offsetDelta;
      if (position.end.offset !== undefined) position.end.offset += offsetDelta;
    }
    if (node.type === "text") {
      if (!autolinks && AUTOLINK_HINT.test(node.value)) autolinks = true;
    } else if (node.type === "definition") linkIds.add(node.identifier);
    else if (node.type === "footnoteDefinition") footnoteIds.add(node.identifier);
    if ("children" in node) for (const child of node.children) stack.push(child);
  }
  return autolinks;
}

function collectDefinitions(pieces: Piece[]): { definitions: Set<string>; footnotes: Set<string> } {
  const definitions = new Set<string>();
  const footnotes = new Set<string>();
  for (const piece of pieces) {
    for (const id of piece.linkIds) definitions.add(id);
    for (const id of piece.footnoteIds) footnotes.add(id);
  }
  return { definitions, footnotes };
}

/** micromark's label normalisation, lower-cased like mdast identifiers. */
function normalizeIdentifier(value: string): string {
  return value
    .replace(/[\t\n\r ]+/g, " ")
    .replace(/^ | $/g, "")
    .toLowerCase()
    .toUpperCase()
    .toLowerCase();
}

const BRACKETED = /\[((?:[^[\]\\]|\\.)*)\]/g;

/** Stub definitions for labels this piece mentions but that are defined only in other pieces. */
function stubsFor(source: string, piece: Piece, definitions: Set<string>, footnotes: Set<string>): string[] {
  if (definitions.size === 0 && footnotes.size === 0) return [];
  const links = new Set<string>();
  const notes = new Set<string>();
  for (const match of source.matchAll(BRACKETED)) {
    const label = match[1] ?? "";
    const id = normalizeIdentifier(label);
    if (definitions.has(id) && !piece.linkIds.has(id)) links.add(id);
    if (label.startsWith("^")) {
      const note = normalizeIdentifier(label.slice(1));
      if (footnotes.has(note) && !piece.footnoteIds.has(note)) notes.add(note);
    }
  }
  return [...[...links].map((id) => `[${id}]: #`), ...[...notes].map((id) => `[^${id}]: stub`)];
}

function endPoint(text: string): Point {
  let line = 1;
  let lastStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) {
      if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
      line++;
      lastStart = i + 1;
    }
  }
  return { line, column: text.length - lastStart + 1, offset: text.length };
}
