import type {
  Heading,
  List,
  ListItem,
  Nodes,
  Paragraph,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
  TableRow,
} from "mdast";
import { toString as nodeToString } from "mdast-util-to-string";
import { pathFromUrl, pathsFromCode, pathsFromText, tidyScope } from "./paths.js";
import {
  actionFromHeading,
  actionFromKeywords,
  actionFromVerb,
  clarifyQuestion,
  estimateComplexity,
  isVague,
  priorityFromHeading,
  priorityFromText,
} from "./signals.js";
import { numberRanges, oneLine } from "./text.js";
import type { Action, Complexity, ItemDetails, ItemKind, Priority } from "./types.js";

/* ------------------------------------------------------------------------------------------------- model */

/** One line of a paragraph with what matters for signals: plain text, inline code, link targets, emphasis. */
interface InlineLine {
  text: string;
  codes: string[];
  urls: string[];
  emphasised: string[];
  /** A leading `**Label**:` / `**Label:**` (label without the colon). */
  strongLabel: string | null;
  struck: boolean;
}

/** Hands a document's top-level blocks to `visit`, in order, one run at a time (see `readMarkdownBlocks`). */
export type BlockReader = (visit: (blocks: RootContent[]) => void) => void;

/** A `Label: value` detail (from a bullet or a bold-label line). */
interface Field {
  name: string;
  value: string;
  paths: string[];
  emphasised: string[];
}

/** Heading context. Bold-only paragraphs ("**Backend**") act as sub-headings. */
interface Section {
  title: string | null;
  depth: number;
  parent: Section | null;
  priority: Priority | null;
  paths: string[];
  fields: Field[];
  pseudo: boolean;
  phase: PhaseInfo | null;
}

/** spec-kit phase of an item: phases are ordered, and setup/foundational phases block the later ones. */
export interface PhaseInfo {
  key: string;
  order: number;
  kind: "setup" | "foundational" | "story" | "polish" | "other";
}

/** A list entry, table row or paragraph that may become a work item. */
interface Candidate {
  kind: ItemKind;
  rank: number;
  line: number;
  checked: boolean | null;
  section: Section;
  parent: Candidate | null;
  children: Candidate[];
  listId: number;
  listNumber: number | null;
  title: InlineLine[];
  fields: Field[];
  details: InlineLine[];
  isItem: boolean;
  isContainer: boolean;
  /** `titleText` once computed (titles do not change after the candidate is built). */
  titleCache: string | null;
}

/** Facts collected for one item before ids are assigned (see `finalize.ts`). */
export interface RawItem {
  file: string;
  line: number;
  kind: ItemKind;
  description: string;
  text: string;
  /** Text to scan for dependency phrases and implicit signals (title, fields, details). */
  fullText: string;
  /** Values of `Depends on:`-style fields (every phrase in them is a dependency). */
  dependencyFields: string[];
  action: Action;
  actionSource: ItemDetails["actionSource"];
  scope: string[];
  scopeSource: ItemDetails["scopeSource"];
  ownScope: boolean;
  priority: Priority | null;
  complexity: Complexity;
  complexityReason: string;
  group: string | null;
  headings: string[];
  done: boolean;
  taskId: string | null;
  parallel: boolean;
  story: string | null;
  phase: PhaseInfo | null;
  listId: number;
  listNumber: number | null;
  sequence: boolean;
  symbols: string[];
  clarify: string | null;
  /** Index of the document among the sources. */
  documentIndex: number;
}

/** A judgement call; `items` are rendered as "Item 3" / "Items 3, 5-7" once ids exist. */
export interface Note {
  key: string;
  items: RawItem[];
  text: string;
}

/** Collects notes, merging those with the same key. */
export class Notes {
  readonly list: Note[] = [];
  private readonly byKey = new Map<string, { note: Note; members: Set<RawItem> }>();

  add(key: string, item: RawItem | null, text: string): void {
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (item !== null && !existing.members.has(item)) {
        existing.members.add(item);
        existing.note.items.push(item);
      }
      return;
    }
    const note: Note = { key, items: item === null ? [] : [item], text };
    this.byKey.set(key, { note, members: new Set(note.items) });
    this.list.push(note);
  }
}

/** Result of reading one document. */
export interface DocumentExtraction {
  file: string;
  items: RawItem[];
  kind: ItemKind | null;
  specKit: boolean;
  notes: Notes;
}

/* ----------------------------------------------------------------------------------------- field names */

const FIELD_KINDS: ReadonlyArray<[Field["name"], string]> = [
  [
    "scope",
    "file|files|path|paths|location|locations|where|affected files?|affected|source|source file|module|component|area|scope|found in|class|function|method|code|target",
  ],
  ["line", "line|lines|line numbers?|lines? affected"],
  ["priority", "severity|priority|prio|impact|urgency|risk|criticality"],
  ["size", "effort|estimate|estimated effort|size|complexity|t-?shirt size"],
  [
    "depends",
    "depends on|dependencies|dependency|depends|blocked by|blockers?|requires|prerequisites?|after|needs|waiting on",
  ],
  [
    "fix",
    "fix|recommendation|recommendations|recommended fix|recommended action|suggestion|suggested fix|solution|proposed fix|proposal|remediation|resolution|mitigation",
  ],
  ["status", "status|state|progress"],
  [
    "info",
    "description|issue|problem|details|context|why|rationale|reason|notes?|example|examples|evidence|reproduction|repro|steps to reproduce|steps|expected|actual|owner|owners|assignee|assignees|reviewer|category|type|tags|labels|date|version|commit|pr|ticket|id|references?|links?|see|see also|tests?|cwe|owasp|confidence|summary|observation|finding|current|current behaviou?r|expected behaviou?r|result|outcome|effect|consequence|caveat|warning",
  ],
];

const FIELD_NAME_PATTERN = new RegExp(`^(?:${FIELD_KINDS.map(([, names]) => names).join("|")})$`, "i");

const FIELD_KIND_PATTERNS = FIELD_KINDS.map(([kind, names]) => [kind, new RegExp(`^(?:${names})$`)] as const);

function fieldKind(label: string): Field["name"] {
  const lower = label.toLowerCase().trim();
  for (const [kind, pattern] of FIELD_KIND_PATTERNS) if (pattern.test(lower)) return kind;
  return "info";
}

/** Headings under which weaker-kind lists are reference material, not work. */
const NON_WORK_HEADING =
  /^(?:notes?|references?|links?|resources|background|context|summary|overview|introduction|intro|motivation|goals?|non[- ]goals?|out of scope|glossary|faq|appendix|changelog|history|credits|acknowledge?ments?|dependencies(?: (?:&|and) execution order)?|execution order|implementation strategy|parallel (?:example|opportunities).*|strategy|usage|installation|how to .*|setup instructions|table of contents|contents|toc|metadata|reviewers?|participants|attendees|legend|format|conventions|checklist|review checklist|definition of done|acceptance criteria|success criteria|testing strategy|test plan|timeline|schedule|status)\b/i;

const DONE_HEADING = /^(?:done|completed?|finished|shipped|resolved|closed|fixed|merged|archived?)\b/i;

const DONE_VALUE = /\b(?:done|fixed|resolved|completed?|closed|merged|shipped|implemented|addressed)\b|✅|✔/i;

/** "Not done", "not yet fixed", "won't be merged", "never shipped": a done word, negated. */
const NOT_DONE =
  /\b(?:not|never|no longer|isn't|wasn't|aren't|won't|can't|cannot)\s+(?:(?:yet|be|been|fully|really|quite|completely)\s+)*(?:done|fixed|resolved|completed?|closed|merged|shipped|implemented|addressed)\b/i;

/** A Status value that says the work is done: `done`, `Fixed ✅`, `closed in #12` — but not `not done yet`. */
function isDoneValue(value: string): boolean {
  return DONE_VALUE.test(value) && !NOT_DONE.test(value);
}

/* ------------------------------------------------------------------------------------------ inline text */

function inlineLines(
  nodes: readonly PhrasingContent[],
  definitions: ReadonlyMap<string, string>,
): InlineLine[] {
  const lines: InlineLine[] = [];
  let current = emptyLine();
  let firstNode = true;
  const newLine = () => {
    lines.push(current);
    current = emptyLine();
    firstNode = true;
  };
  const visit = (node: PhrasingContent, struck: boolean) => {
    switch (node.type) {
      case "text": {
        const value = node.value;
        const parts = value.includes("\n") || value.includes("\r") ? value.split(/\r\n|\r|\n/) : [value];
        for (const [index, part] of parts.entries()) {
          if (index > 0) newLine();
          if (part.trim() !== "") {
            if (!struck) current.struck = false;
            firstNode = false;
          }
          current.text += part;
        }
        return;
      }
      case "inlineCode":
        current.text += node.value;
        current.codes.push(node.value);
        if (!struck) current.struck = false;
        firstNode = false;
        return;
      case "break":
        newLine();
        return;
      case "strong":
      case "emphasis": {
        const text = nodeToString(node);
        const leading = firstNode && current.text.trim() === "";
        current.emphasised.push(text);
        for (const child of node.children) visit(child, struck);
        if (leading && node.type === "strong") current.strongLabel = text;
        return;
      }
      case "delete":
        for (const child of node.children) visit(child, true);
        return;
      case "link":
        current.urls.push(node.url);
        for (const child of node.children) visit(child, struck);
        return;
      case "linkReference": {
        const url = definitions.get(node.identifier);
        if (url !== undefined) current.urls.push(url);
        for (const child of node.children) visit(child, struck);
        return;
      }
      case "image":
      case "imageReference":
      case "footnoteReference":
      case "html":
        return;
      default:
        current.text += nodeToString(node as Nodes);
    }
  };
  for (const node of nodes) visit(node, false);
  lines.push(current);
  return lines.filter((line) => line.text.trim() !== "" || line.codes.length > 0);
}

function emptyLine(): InlineLine {
  return { text: "", codes: [], urls: [], emphasised: [], strongLabel: null, struck: true };
}

/** `**File**: x`, `**File:** x` or a known `File: x` → field; otherwise null. */
function fieldOfLine(line: InlineLine, file: string, anyStrongLabel: boolean): Field | null {
  const text = oneLine(line.text);
  let label: string | null = null;
  let value = "";
  if (line.strongLabel !== null) {
    const strong = oneLine(line.strongLabel);
    const rest = text.slice(strong.length).trimStart();
    if (strong.endsWith(":")) {
      label = strong.slice(0, -1).trim();
      value = rest;
    } else if (rest.startsWith(":")) {
      label = strong.trim();
      value = rest.slice(1).trim();
    }
    if (label !== null && !anyStrongLabel && !FIELD_NAME_PATTERN.test(label)) label = null;
  }
  if (label === null) {
    const plain = /^([A-Za-z][A-Za-z /&-]{0,28}?)\s*:\s+(.*)$/.exec(text);
    if (plain?.[1] !== undefined && FIELD_NAME_PATTERN.test(plain[1].trim())) {
      label = plain[1].trim();
      value = plain[2] ?? "";
    }
  }
  if (label === null || label.split(/\s+/).length > 5 || label.length === 0) return null;
  const name = fieldKind(label);
  // Paths count wherever they are: "**File**: `a.ts`" and "**Problem code (`a.ts`):**" alike.
  const paths =
    name === "line"
      ? []
      : linePaths(name === "scope" ? { ...line, text: value } : line, file, name === "scope");
  return { name, value, paths, emphasised: line.emphasised };
}

function linePaths(line: InlineLine, file: string, lenient: boolean): string[] {
  const paths: string[] = [];
  for (const code of line.codes) paths.push(...pathsFromCode(code));
  for (const url of line.urls) {
    const path = pathFromUrl(url, file);
    if (path !== null) paths.push(path);
  }
  const plain = line.codes.reduce((text, code) => text.replace(code, " "), line.text);
  if (lenient) {
    for (const token of plain.split(/[\s,;]+/)) {
      if (/[./]/.test(token)) paths.push(...pathsFromCode(token.replace(/^[("'<[]+|[)"'>\].:;]+$/g, "")));
    }
  } else paths.push(...pathsFromText(plain));
  return paths;
}

/* ------------------------------------------------------------------------------------------- document */

interface WalkState {
  file: string;
  definitions: Map<string, string>;
  candidates: Candidate[];
  paragraphs: Candidate[];
  tables: TableCandidates[];
  listCounter: number;
  /** Numbered lists whose context says they are ordered steps. */
  sequenceLists: Set<number>;
  /** A "**Recommendation:**" line whose value is the next paragraph or list. */
  pendingField: { name: Field["name"]; section: Section; lists: boolean } | null;
}

const SEQUENCE_CUE =
  /\b(?:steps?|plan|order(?:ed)?|sequence|sequential(?:ly)?|in order|one (?:by|after) (?:one|another)|phases?|migration|rollout|roll-out|procedure|workflow|roadmap|stages?|milestones?|runbook)\b/i;
const STEP_WORD = /^(?:then|next|finally|afterwards|after that|once (?:that|this|done))\b/i;

/**
 * Reads one mdast tree into raw items, following the seed's priority order (task list items > numbered items >
 * bullets under a heading > standalone bullets > rows of tables with a work column > paragraphs). See README
 * "Extraction rules".
 */
export function extractDocument(
  tree: Root | BlockReader,
  file: string,
  documentIndex: number,
): DocumentExtraction {
  const notes = new Notes();
  const state: WalkState = {
    file,
    definitions: new Map(),
    candidates: [],
    paragraphs: [],
    tables: [],
    listCounter: 0,
    sequenceLists: new Set(),
    pendingField: null,
  };
  const root: Section = {
    title: null,
    depth: 0,
    parent: null,
    priority: null,
    paths: [],
    fields: [],
    pseudo: false,
    phase: null,
  };
  // Definitions apply to the whole run they are in (a reader hands over all nodes in one run when any piece
  // could hold one, see readMarkdownBlocks); each run is walked after its definitions are known.
  let section = root;
  const read: BlockReader = typeof tree === "function" ? tree : (visit) => visit(tree.children);
  read((blocks) => {
    collectDefinitions(blocks, state.definitions);
    section = walkBlocks(blocks, section, state);
  });

  const all = flatten(state.candidates);
  const specKit = all.filter((candidate) => /^T\d{3,}\b/.test(titleText(candidate))).length >= 2;
  const primaryRank = all.reduce((max, candidate) => Math.max(max, candidate.rank), 0);
  let kind: ItemKind | null = null;
  let chosen: Candidate[] = [];
  if (all.length > 0) {
    kind = kindOfRank(primaryRank);
    for (const candidate of state.candidates) decide(candidate, primaryRank, specKit, notes);
    chosen = all.filter((candidate) => candidate.isItem);
    // Findings written as "heading + **File**: x + prose" count even next to lists elsewhere.
    chosen = withFindingSections(chosen, state.candidates, state.paragraphs, notes);
    if (state.tables.some((table) => table.rows.length > 0)) {
      notes.add(
        "table-ignored",
        null,
        "Table rows were not read as items: the document has list items, which come first",
      );
    }
  } else {
    const rows = state.tables.flatMap((table) => table.rows);
    if (rows.length > 0) {
      for (const row of rows) row.isItem = true;
      kind = "row";
      notes.add("table-mode", null, "The document has no list items: rows of its tables were read as items");
      chosen = withFindingSections(rows, rows, state.paragraphs, notes);
    } else if (state.paragraphs.length > 0) {
      chosen = chooseParagraphs(state.paragraphs);
      kind = chosen.length > 0 ? "paragraph" : null;
      if (chosen.length > 0) {
        notes.add(
          "paragraph-mode",
          null,
          "The document has no list items: actionable paragraphs were read as items",
        );
      }
    }
    noteTables(state.tables, rows.length > 0, notes);
  }
  const items = chosen.map((candidate) => toRawItem(candidate, state, documentIndex, notes, specKit));
  if (specKit) markSpecKitPhases(items);
  return { file, items, kind, specKit, notes };
}

/**
 * Adds the first paragraph of each finding-shaped section (heading, File/Severity lines, prose) that holds none of
 * the `entries` (list candidates or table rows) to `chosen`, in document order.
 */
function withFindingSections(
  chosen: Candidate[],
  entries: readonly Candidate[],
  paragraphs: readonly Candidate[],
  notes: Notes,
): Candidate[] {
  const taken = new Set<Section>();
  for (const entry of entries) {
    for (let s: Section | null = entry.section; s !== null; s = s.pseudo ? s.parent : null) taken.add(s);
  }
  const findings = chooseFindingSections(
    paragraphs.filter((paragraph) => !taken.has(paragraph.section) && paragraph.section.depth >= 2),
  );
  if (findings.length === 0) return chosen;
  notes.add(
    "finding-sections",
    null,
    "Sections written as a finding (heading, File/Severity lines, prose) were read as items",
  );
  return [...chosen, ...findings].sort((a, b) => a.line - b.line);
}

/** Rank of table rows: below every list entry, above paragraphs. Rows never compete with lists in `decide`. */
const ROW_RANK = 0.5;

function kindOfRank(rank: number): ItemKind {
  return rank >= 4
    ? "task"
    : rank === 3
      ? "numbered"
      : rank >= 1
        ? "bullet"
        : rank >= ROW_RANK
          ? "row"
          : "paragraph";
}

/** Block nodes that can hold definitions; phrasing content (paragraphs, headings, table cells) cannot. */
const DEFINITION_CONTAINERS = new Set(["root", "blockquote", "list", "listItem", "footnoteDefinition"]);

function collectDefinitions(blocks: readonly RootContent[], definitions: Map<string, string>): void {
  const stack: Nodes[] = [...blocks];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "definition" && !definitions.has(node.identifier))
      definitions.set(node.identifier, node.url);
    if (DEFINITION_CONTAINERS.has(node.type) && "children" in node)
      for (const child of node.children) stack.push(child);
  }
}

function flatten(candidates: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const stack = [...candidates].reverse();
  while (stack.length > 0) {
    const candidate = stack.pop()!;
    out.push(candidate);
    for (let i = candidate.children.length - 1; i >= 0; i--) stack.push(candidate.children[i]!);
  }
  return out;
}

function walkBlocks(blocks: readonly RootContent[], start: Section, state: WalkState): Section {
  let section = start;
  let intro = "";
  for (const block of blocks) {
    const previousIntro = intro;
    intro = block.type === "paragraph" ? nodeToString(block) : "";
    const pending = state.pendingField;
    if (pending !== null && block.type !== "paragraph") {
      state.pendingField = null;
      // "**Steps to reproduce:**" followed by a list: the list is the field's value, not work items.
      const tasks =
        block.type === "list" && block.children.some((entry) => typeof entry.checked === "boolean");
      if (block.type === "list" && pending.lists && !tasks) {
        for (const entry of block.children) {
          const lines = entry.children.flatMap((child) =>
            child.type === "paragraph" ? inlineLines(child.children, state.definitions) : [],
          );
          pending.section.fields.push({
            name: pending.name,
            value: oneLine(nodeToString(entry)),
            paths: lines.flatMap((line) => linePaths(line, state.file, false)),
            emphasised: [],
          });
        }
        continue;
      }
    }
    switch (block.type) {
      case "heading":
        section = openHeading(block, section, state);
        break;
      case "paragraph":
        section = handleParagraph(block, section, state);
        break;
      case "list":
        walkList(block, section, null, state, previousIntro);
        break;
      case "blockquote":
        section = walkBlocks(block.children, section, state);
        break;
      case "table":
        handleTable(block, section, state);
        break;
      default:
        // code, html, thematic breaks, front matter, definitions: never items
        break;
    }
  }
  return section;
}

function openHeading(heading: Heading, current: Section, state: WalkState): Section {
  let parent: Section | null = current;
  while (parent !== null && parent.depth >= heading.depth) parent = parent.parent;
  const lines = inlineLines(heading.children, state.definitions);
  const title = oneLine(lines.map((line) => line.text).join(" "));
  const paths = lines.flatMap((line) => linePaths(line, state.file, false));
  const section: Section = {
    title: title === "" ? null : title,
    depth: heading.depth,
    parent,
    priority: priorityFromHeading(title),
    paths,
    fields: [],
    pseudo: false,
    phase: null,
  };
  section.phase = phaseOf(title, parent);
  return section;
}

function phaseOf(title: string, parent: Section | null): PhaseInfo | null {
  const match = /\bphase\s*(\d+)\b/i.exec(title);
  if (match === null) return parent?.phase ?? null;
  const lower = title.toLowerCase();
  const kind: PhaseInfo["kind"] = /\bsetup\b|set ?up\b|\binit/.test(lower)
    ? "setup"
    : /foundation|blocking prerequisite|prerequisites|infrastructure/.test(lower)
      ? "foundational"
      : /polish|cross[- ]cutting|final|hardening/.test(lower)
        ? "polish"
        : /user story|\bus\d+\b|story/.test(lower)
          ? "story"
          : "other";
  return { key: title, order: Number(match[1]), kind };
}

function handleParagraph(paragraph: Paragraph, section: Section, state: WalkState): Section {
  const lines = inlineLines(paragraph.children, state.definitions);
  if (lines.length === 0) return section;
  const pending = state.pendingField;
  if (pending !== null) {
    state.pendingField = null;
    pending.section.fields.push({
      name: pending.name,
      value: oneLine(lines.map((line) => line.text).join(" ")),
      paths: lines.flatMap((line) => linePaths(line, state.file, false)),
      emphasised: lines.flatMap((line) => line.emphasised),
    });
    return section;
  }
  // A paragraph that is only bold text ("**Backend**", "**Phase 1:**") works as a sub-heading.
  const only = paragraph.children.filter((child) => !(child.type === "text" && child.value.trim() === ""));
  if (
    lines.length === 1 &&
    only.length >= 1 &&
    only.length <= 2 &&
    (only[0]?.type === "strong" || only[0]?.type === "emphasis") &&
    (only.length === 1 || (only[1]?.type === "text" && /^\s*:?\s*$/.test(only[1].value)))
  ) {
    const raw = oneLine(nodeToString(paragraph));
    const title = raw.replace(/:$/, "");
    const labelPaths = linePaths(lines[0]!, state.file, false);
    if (raw.endsWith(":") && (FIELD_NAME_PATTERN.test(title) || labelPaths.length > 0)) {
      // "**Recommendation:**" or "**Problem code (`src/a.py`):**" labels what follows; it is no sub-heading.
      const known = FIELD_NAME_PATTERN.test(title);
      const name = known ? fieldKind(title) : "scope";
      if (labelPaths.length > 0)
        section.fields.push({ name, value: title, paths: labelPaths, emphasised: [] });
      state.pendingField = { name, section, lists: known };
      return section;
    }
    const base = section.pseudo ? (section.parent ?? section) : section;
    return {
      title,
      depth: base.depth + 0.5,
      parent: base,
      priority: priorityFromHeading(title),
      paths: linePaths(lines[0]!, state.file, false),
      fields: [],
      pseudo: true,
      phase: phaseOf(title, base),
    };
  }
  const prose: InlineLine[] = [];
  for (const line of lines) {
    const field = fieldOfLine(line, state.file, true);
    if (field !== null) section.fields.push(field);
    else prose.push(line);
  }
  if (prose.length > 0) {
    state.paragraphs.push({
      kind: "paragraph",
      rank: 0,
      line: paragraph.position?.start.line ?? 1,
      checked: null,
      section,
      parent: null,
      children: [],
      listId: -1,
      listNumber: null,
      title: prose,
      fields: [],
      details: [],
      isItem: false,
      isContainer: false,
      titleCache: null,
    });
  }
  return section;
}

const CHECKBOX_GLYPH = /^\s*(☐|⬜|🔲|☑️?|✅|✔️?|✓|☒|❌|✗)\s*/u;

function walkList(
  list: List,
  section: Section,
  parent: Candidate | null,
  state: WalkState,
  intro: string,
): void {
  const listId = state.listCounter++;
  const start = typeof list.start === "number" ? list.start : 1;
  if (list.ordered === true) {
    const steps = list.children.filter((item) => STEP_WORD.test(nodeToString(item).trim())).length;
    if (SEQUENCE_CUE.test(`${intro} ${section.pseudo ? "" : (section.title ?? "")}`) || steps >= 2) {
      state.sequenceLists.add(listId);
    }
  }
  for (const [index, listItem] of list.children.entries()) {
    const candidate = buildCandidate(listItem, list, index, start, listId, section, parent, state);
    if (candidate === null) continue;
    if (parent === null) state.candidates.push(candidate);
    else parent.children.push(candidate);
  }
}

function buildCandidate(
  listItem: ListItem,
  list: List,
  index: number,
  start: number,
  listId: number,
  section: Section,
  parent: Candidate | null,
  state: WalkState,
): Candidate | null {
  const [first, ...rest] = listItem.children;
  const titleLines = first?.type === "paragraph" ? inlineLines(first.children, state.definitions) : [];
  const blocks = first?.type === "paragraph" ? rest : listItem.children;
  let checked = typeof listItem.checked === "boolean" ? listItem.checked : null;
  if (checked === null && titleLines[0] !== undefined) {
    const glyph = CHECKBOX_GLYPH.exec(titleLines[0].text);
    if (glyph?.[1] !== undefined) {
      checked = !/☐|⬜|🔲/u.test(glyph[1]);
      titleLines[0].text = titleLines[0].text.slice(glyph[0].length);
    }
  }
  // "- **File**: x" is a detail of the enclosing entry (or of the section), never an item.
  const firstLine = titleLines[0];
  if (checked === null && firstLine !== undefined) {
    const field = fieldOfLine(firstLine, state.file, false);
    if (field !== null) {
      const extra = titleLines.slice(1).map((line) => oneLine(line.text));
      if (extra.length > 0) field.value = oneLine(`${field.value} ${extra.join(" ")}`);
      if (parent !== null) parent.fields.push(field);
      else section.fields.push(field);
      return null;
    }
  }
  const title: InlineLine[] = [];
  const fields: Field[] = [];
  for (const [lineIndex, line] of titleLines.entries()) {
    const field = lineIndex === 0 ? null : fieldOfLine(line, state.file, true);
    if (field !== null) fields.push(field);
    else if (fields.length === 0) title.push(line);
    else {
      const last = fields[fields.length - 1]!;
      last.value = oneLine(`${last.value} ${line.text}`);
    }
  }
  const underHeading = hasHeading(section);
  const ordered = list.ordered === true;
  const kind: ItemKind = checked !== null ? "task" : ordered ? "numbered" : "bullet";
  const rank = kind === "task" ? 4 : kind === "numbered" ? 3 : underHeading ? 2 : 1;
  const candidate: Candidate = {
    kind,
    rank,
    line: listItem.position?.start.line ?? 1,
    checked,
    section,
    parent,
    children: [],
    listId,
    listNumber: ordered ? start + index : null,
    title,
    fields,
    details: [],
    isItem: false,
    isContainer: false,
    titleCache: null,
  };
  for (const block of blocks) {
    if (block.type === "list") walkList(block, section, candidate, state, titleText(candidate));
    else if (block.type === "paragraph") {
      for (const line of inlineLines(block.children, state.definitions)) {
        const field = fieldOfLine(line, state.file, true);
        if (field !== null) candidate.fields.push(field);
        else candidate.details.push(line);
      }
    } else if (block.type === "blockquote" || block.type === "table") {
      candidate.details.push({ ...emptyLine(), text: oneLine(nodeToString(block)), struck: false });
    }
  }
  return candidate;
}

function hasHeading(section: Section): boolean {
  for (let s: Section | null = section; s !== null; s = s.parent) if (s.title !== null) return true;
  return false;
}

function titleText(candidate: Candidate): string {
  candidate.titleCache ??= oneLine(candidate.title.map((line) => line.text).join(" "));
  return candidate.titleCache;
}

/* --------------------------------------------------------------------------------------------- tables */

/**
 * Header names of the column that holds the work, in order of precedence: the first group with a matching header
 * picks the column (`| Issue | Description |` → Issue). A name may follow a qualifier ("Short description",
 * "Proposed change") and be followed by name/title/description/summary/text/details ("Issue title").
 */
const WORK_COLUMN_NAMES: readonly string[] = [
  "tasks?|to-?dos?|to dos?|action items?|work items?",
  "items?",
  "issues?",
  "findings?",
  "problems?",
  "bugs?|defects?",
  "vulnerabilit(?:y|ies)|vulns?",
  "requirements?|(?:user )?stor(?:y|ies)",
  "actions?|changes?|work",
  "what",
  "title",
  "summary",
  "description",
  "recommendations?|suggestions?|fix(?:es)?|remediation",
];

const WORK_COLUMNS = WORK_COLUMN_NAMES.map(
  (names) =>
    new RegExp(
      `^(?:(?:short|brief|proposed|suggested|required|recommended|open|remaining|pending|identified|key|main)\\s+)?(?:${names})(?:\\s+(?:name|title|description|summary|text|details))?$`,
    ),
);

/** Columns that say what to do next to the work column (`| Issue | Action |`): a `Fix:` field. */
const FIX_COLUMN = /^(?:(?:proposed|suggested|required|recommended)\s+)?(?:actions?|changes?)$|^next steps?$/;

/** Columns that name files in any wording (`File:Line`, `File / Location`, `Files touched`): scope. */
const SCOPE_COLUMN = /\b(?:files?|paths?|locations?)\b/;

/** Columns that number the rows: `#`, `No.`, `ID`, `Ref`, `Key`, `Task #`, `Issue ID`. */
const ID_COLUMN = /^(?:#|no\.?|nr\.?|num|number|ids?|ref|key|s\/?n|[a-z]+ ?#|[a-z]+ (?:id|no\.?))$/;

/** A Done column (`| Task | Done |`) and the cells that tick it. */
const DONE_COLUMN = /^(?:done|complete|completed|finished|resolved|fixed|closed|[✓✔✅☑]\uFE0F?)$/u;
const TICKED = /^(?:yes|y|x|\[x\]|true|done|[✓✔✅☑☒]\uFE0F?)$/iu;

/** A reference heading that still names work ("Summary of findings") does not hide its tables. */
const NAMES_WORK =
  /\b(?:findings?|issues?|tasks?|to-?dos?|action items?|bugs?|defects?|problems?|vulnerabilit(?:y|ies)|recommendations?)\b/i;

/** A row number in an id column: `1`, `#2`, `3.`. */
const NUMBER_CELL = /^#?\s*(\d{1,6})[.)]?$/;

/** Cells that say "nothing here": `-`, `—`, `N/A`, `none`, `TBD`. */
const EMPTY_CELL = /^(?:[-–—]+|n\/?a|none|nil|null|nothing|tbd|\?)$/i;

/** A table seen by the walker: the rows of a table with a work column, or why it was skipped. */
interface TableCandidates {
  line: number;
  section: Section;
  /** Header cells as written (one line, markdown stripped). */
  headers: string[];
  /** Index of the work column, or -1. */
  workColumn: number;
  rows: Candidate[];
  skipped: "no-work-column" | "reference" | null;
  /** Lines of body rows skipped because their work cell is empty. */
  emptyRows: number[];
}

function handleTable(table: Table, section: Section, state: WalkState): void {
  const [head, ...body] = table.children;
  if (head === undefined) return;
  const headers = head.children.map((cell) => oneLine(nodeToString(cell)));
  const names = headers.map(columnName);
  const workColumn = findWorkColumn(names, body);
  const entry: TableCandidates = {
    line: table.position?.start.line ?? 1,
    section,
    headers,
    workColumn,
    rows: [],
    skipped: workColumn < 0 ? "no-work-column" : referenceTable(section) ? "reference" : null,
    emptyRows: [],
  };
  state.tables.push(entry);
  if (entry.skipped !== null) return;
  const listId = state.listCounter++;
  for (const row of body) {
    // Cells beyond the header have no name and are ignored; missing cells are empty.
    const cells = names.map((_, column) => cellLines(row.children[column], state.definitions));
    if (cells.every(isBlank)) continue;
    if (isBlank(cells[workColumn] ?? [])) {
      entry.emptyRows.push(row.position?.start.line ?? entry.line);
      continue;
    }
    entry.rows.push(rowCandidate(row, cells, names, workColumn, listId, section, state.file));
  }
}

function referenceTable(section: Section): boolean {
  const heading = referenceHeading(section);
  return heading !== null && !NAMES_WORK.test(heading);
}

/** A header as matched against column names: lower case, without a trailing colon; `Task(s)` → `tasks`. */
function columnName(header: string): string {
  return header
    .toLowerCase()
    .replace(/\s*:$/, "")
    .replace(/\(s\)$/, "s")
    .trim();
}

/** The column holding the work (see `WORK_COLUMNS`), skipping one that only holds numbers; -1 when none. */
function findWorkColumn(names: readonly string[], body: readonly TableRow[]): number {
  for (const pattern of WORK_COLUMNS) {
    for (const [column, name] of names.entries()) {
      if (!pattern.test(name)) continue;
      const values = body
        .map((row) => oneLine(nodeToString(row.children[column] ?? { type: "text", value: "" })))
        .filter((value) => value !== "");
      if (values.length > 0 && values.every((value) => NUMBER_CELL.test(value))) continue;
      return column;
    }
  }
  return -1;
}

/** The lines of a cell; `<br>` (the usual line break inside a table cell) breaks the line. */
function cellLines(cell: TableCell | undefined, definitions: ReadonlyMap<string, string>): InlineLine[] {
  if (cell === undefined) return [];
  const children = cell.children.map(
    (child): PhrasingContent =>
      child.type === "html" && /^<br\s*\/?>$/i.test(child.value.trim()) ? { type: "break" } : child,
  );
  return inlineLines(children, definitions);
}

function isBlank(lines: readonly InlineLine[]): boolean {
  const text = oneLine(lines.map((line) => line.text).join(" "));
  return lines.every((line) => line.codes.length === 0) && (text === "" || EMPTY_CELL.test(text));
}

/**
 * One body row: the work cell is the title; the other cells are details of it, named by their header like field
 * lines (File → scope, Severity → priority, Status → done, Depends on → dependencies, Fix/Action → fix). Cells of
 * descriptive columns (Description, Notes, Owner, …) are detail lines; id cells are kept as info fields and a
 * numeric id lets `Depends on: 2` name the row numbered 2.
 */
function rowCandidate(
  row: TableRow,
  cells: readonly InlineLine[][],
  names: readonly string[],
  workColumn: number,
  listId: number,
  section: Section,
  file: string,
): Candidate {
  const title = cells[workColumn] ?? [];
  const fields: Field[] = [];
  const details: InlineLine[] = [];
  let number: number | null = null;
  for (const [column, lines] of cells.entries()) {
    if (column === workColumn || isBlank(lines)) continue;
    const name = names[column] ?? "";
    const value = oneLine(lines.map((line) => line.text).join(" "));
    if (ID_COLUMN.test(name)) {
      number ??= NUMBER_CELL.test(value) ? Number(NUMBER_CELL.exec(value)?.[1]) : null;
      // A spec-kit id in its own column works as one written before the task ("T001 Create …").
      const first = title[0];
      if (/^T\d{3,}$/.test(value) && first !== undefined && !SPEC_ID.test(oneLine(first.text))) {
        title[0] = { ...first, text: `${value} ${first.text.trimStart()}` };
      }
      fields.push({ name: "info", value, paths: [], emphasised: [] });
      continue;
    }
    if (DONE_COLUMN.test(name)) {
      if (TICKED.test(value)) fields.push({ name: "status", value: "done", paths: [], emphasised: [] });
      continue;
    }
    const known = fieldKind(name);
    const kind = FIX_COLUMN.test(name)
      ? "fix"
      : known === "info" && SCOPE_COLUMN.test(name)
        ? "scope"
        : known;
    if (kind === "info") {
      details.push(...lines);
      continue;
    }
    fields.push({
      name: kind,
      value,
      paths: kind === "line" ? [] : lines.flatMap((line) => linePaths(line, file, kind === "scope")),
      emphasised: lines.flatMap((line) => line.emphasised),
    });
  }
  return {
    kind: "row",
    rank: ROW_RANK,
    line: row.position?.start.line ?? 1,
    checked: null,
    section,
    parent: null,
    children: [],
    listId,
    listNumber: number,
    title,
    fields,
    details,
    isItem: false,
    isContainer: false,
    titleCache: null,
  };
}

/** Says which tables gave no items and why (only when lists do not win: next to lists every table is ignored). */
function noteTables(tables: readonly TableCandidates[], tableMode: boolean, notes: Notes): void {
  for (const table of tables) {
    const columns = table.headers.map((header) => header || "(empty)").join(" | ");
    if (table.skipped === "no-work-column") {
      notes.add(
        `table-skipped:${table.line}`,
        null,
        `Skipped the table at line ${table.line} (${columns}): no column names the work (Task, Issue, Finding, Title, Description, …)`,
      );
    } else if (table.skipped === "reference") {
      notes.add(
        `table-skipped:${table.line}`,
        null,
        `Skipped the table at line ${table.line} under "${referenceHeading(table.section)}": reference material, not work`,
      );
    } else if (tableMode && table.emptyRows.length > 0) {
      const count = table.emptyRows.length;
      notes.add(
        `table-empty:${table.line}`,
        null,
        `Skipped ${count === 1 ? "a table row" : `${count} table rows`} with an empty "${table.headers[table.workColumn]}" cell (line${count === 1 ? "" : "s"} ${numberRanges(table.emptyRows)})`,
      );
    }
  }
}

/* ------------------------------------------------------------------------------------------ decisions */

function hasActionSignal(text: string): boolean {
  return actionFromVerb(text) !== null || actionFromKeywords(text) !== null;
}

function ownPaths(candidate: Candidate, file: string): string[] {
  return [
    ...candidate.title.flatMap((line) => linePaths(line, file, false)),
    ...candidate.fields.flatMap((field) => field.paths),
  ];
}

/**
 * Decides, top-down, which candidates are items. A parent whose children are items becomes a container: its
 * title groups them and its scope/priority are inherited. Otherwise children are details of the parent.
 */
function decide(candidate: Candidate, primaryRank: number, specKit: boolean, notes: Notes): void {
  const children = candidate.children;
  const text = titleText(candidate);
  if (children.length > 0 && childrenAreItems(candidate, text)) {
    candidate.isContainer = true;
    const childNotes = new Notes();
    for (const child of children) decide(child, primaryRank, specKit, childNotes);
    if (flatten(children).some((child) => child.isItem)) {
      for (const note of childNotes.list) notes.add(note.key, null, note.text);
      return;
    }
    // None of the children qualified: the entry itself is the work, its children are details.
    candidate.isContainer = false;
    for (const child of flatten(children)) child.isContainer = false;
  }
  if (eligible(candidate, text, primaryRank, specKit)) {
    candidate.isItem = true;
    return;
  }
  if (text !== "") {
    const heading = nearestTitle(candidate.section);
    const where = heading === null ? "" : ` under "${heading}"`;
    notes.add(
      `skipped:${heading ?? ""}:${candidate.kind}`,
      null,
      `Skipped ${describeKind(candidate)}${where}: not a work item next to the document's ${describeRank(primaryRank)} (no action verb, or reference material)`,
    );
  }
}

function childrenAreItems(candidate: Candidate, text: string): boolean {
  const children = candidate.children;
  if (children.some((child) => child.kind === "task")) return true;
  if (candidate.kind === "task") return false;
  if (text === "" || !hasActionSignal(text)) return true;
  if (candidate.rank >= 3 && candidate.fields.some((field) => field.name === "scope")) return false;
  const withVerb = children.filter((child) => actionFromVerb(titleText(child)) !== null).length;
  return withVerb * 2 >= children.length && ownPaths(candidate, "").length === 0;
}

function eligible(candidate: Candidate, text: string, primaryRank: number, specKit: boolean): boolean {
  if (candidate.rank >= primaryRank) return true;
  if (specKit) return false;
  if (text === "") return false;
  const heading = nearestTitle(candidate.section);
  if (heading !== null && NON_WORK_HEADING.test(heading.replace(/^[\s\d.)#:-]+/, ""))) return false;
  if (actionFromVerb(text) !== null) return true;
  if (text.split(CLAUSES).some((clause) => actionFromVerb(clause) !== null)) return true;
  return actionFromKeywords(text) !== null && ownPaths(candidate, "").length > 0;
}

function describeKind(candidate: Candidate): string {
  switch (candidate.kind) {
    case "task":
      return "tasks";
    case "numbered":
      return "numbered entries";
    case "bullet":
      return "bullets";
    case "row":
      return "table rows";
    case "paragraph":
      return "paragraphs";
  }
}

function describeRank(rank: number): string {
  return rank >= 4
    ? "task lists"
    : rank === 3
      ? "numbered lists"
      : rank >= 1
        ? "bullet lists"
        : rank >= ROW_RANK
          ? "tables"
          : "paragraphs";
}

function nearestTitle(section: Section | null): string | null {
  for (let s = section; s !== null; s = s.parent) if (s.title !== null) return s.title;
  return null;
}

/**
 * The title of the reference section (appendix, references, summary…) the section is in, or null. Such sections
 * hold no paragraph or table work; a document title such as "# Notes" does not count.
 */
function referenceHeading(start: Section): string | null {
  let section: Section | null = start;
  while (section !== null && section.title === null) section = section.parent;
  if (section === null || section.depth < 2) return null;
  const title = section.title ?? "";
  return NON_WORK_HEADING.test(title.replace(/^[\s\d.)#:-]+/, "")) ? title : null;
}

/** Paragraph mode: paragraphs with an action signal or a path are items; pure prose is not. */
function chooseParagraphs(paragraphs: Candidate[]): Candidate[] {
  const chosen: Candidate[] = [];
  const bySection = new Map<Section, Candidate[]>();
  for (const paragraph of paragraphs) {
    const list = bySection.get(paragraph.section) ?? [];
    list.push(paragraph);
    bySection.set(paragraph.section, list);
  }
  for (const paragraph of paragraphs) {
    const text = titleText(paragraph);
    if (text.length < 4 || referenceHeading(paragraph.section) !== null) continue;
    const sentence = actionableSentence(text);
    if (sentence !== null || ownPaths(paragraph, "").length > 0) {
      paragraph.isItem = true;
      chosen.push(paragraph);
    }
  }
  chosen.push(...chooseFindingSections(paragraphs.filter((paragraph) => !paragraph.isItem)));
  chosen.sort((a, b) => a.line - b.line);
  return chosen;
}

/**
 * A section whose field lines name a file, severity or fix — a finding written as heading + "**File**: x" +
 * prose — contributes its first paragraph as an item (unless one of its paragraphs already is one).
 */
function chooseFindingSections(paragraphs: Candidate[]): Candidate[] {
  const chosen: Candidate[] = [];
  const bySection = new Map<Section, Candidate[]>();
  for (const paragraph of paragraphs) {
    const list = bySection.get(paragraph.section) ?? [];
    list.push(paragraph);
    bySection.set(paragraph.section, list);
  }
  for (const [section, list] of bySection) {
    if (list.some((paragraph) => paragraph.isItem)) continue;
    const finding = section.fields.some(
      (field) => field.name === "scope" || field.name === "fix" || field.name === "priority",
    );
    const first = list[0];
    if (!finding || first === undefined || titleText(first).length < 4) continue;
    first.isItem = true;
    chosen.push(first);
  }
  return chosen;
}

const SENTENCE_SPLIT = /(?<=[.!?])\s+(?=[A-Z`*"'([])|(?<=[。！？])/;

/** The first sentence that asks for something ("We should fix …", "TODO: add …"), or null. */
function actionableSentence(text: string): string | null {
  for (const sentence of text.split(SENTENCE_SPLIT)) {
    if (actionFromVerb(sentence, { imperative: true }) !== null) return sentence;
    if (/\b(?:should|must|need(?:s)? to|have to|has to|todo|fixme|ought to)\b/i.test(sentence)) {
      const after =
        /\b(?:should|must|need(?:s)? to|have to|has to|todo:?|fixme:?|ought to)\s+(?:also\s+|probably\s+|really\s+|be\s+)?(.*)$/i.exec(
          sentence,
        );
      if (
        after?.[1] !== undefined &&
        (actionFromVerb(after[1], { imperative: true }) !== null || actionFromKeywords(after[1]) !== null)
      ) {
        return sentence;
      }
    }
  }
  return null;
}

/* --------------------------------------------------------------------------------------------- items */

const SPEC_ID = /^(T\d{3,})\b[:.]?\s*/;
const SPEC_MARKER = /^\[(P|US\d+|Story\s*\d+|S\d+)\]\s*/i;
const LEADING_PRIORITY =
  /^(?:\[(?:P[0-3]|critical|blocker|urgent|high|medium|low|minor|major)\]|\((?:P[0-3]|critical|high|medium|low)\)|P[0-3]\s*[:\-–—]|(?:CRITICAL|BLOCKER|URGENT|HIGH|MEDIUM|LOW|MAJOR|MINOR)\s*[:\-–—]|[🔴🟠🟡🟢🔵🚨])\s*/u;
const TRAILING_PRIORITY = /\s*[[(](?:priority:?\s*)?(?:P[0-3]|critical|high|medium|low)[\])]\s*$/i;

function cleanDescription(text: string): {
  description: string;
  taskId: string | null;
  parallel: boolean;
  story: string | null;
} {
  let rest = oneLine(text);
  let taskId: string | null = null;
  let parallel = false;
  let story: string | null = null;
  const id = SPEC_ID.exec(rest);
  if (id?.[1] !== undefined) {
    taskId = id[1];
    rest = rest.slice(id[0].length);
  }
  for (let guard = 0; guard < 4; guard++) {
    const marker = SPEC_MARKER.exec(rest);
    if (marker?.[1] === undefined) break;
    if (marker[1].toUpperCase() === "P") parallel = true;
    else story = marker[1].toUpperCase().replace(/\s+/g, "");
    rest = rest.slice(marker[0].length);
  }
  rest = rest.replace(/^(?:\p{Extended_Pictographic}|\uFE0F|\s)+/u, "");
  for (let guard = 0; guard < 3; guard++) {
    const leading = LEADING_PRIORITY.exec(rest);
    if (leading === null || leading[0] === "") break;
    rest = rest.slice(leading[0].length);
  }
  rest = rest.replace(TRAILING_PRIORITY, "");
  const description = taskId === null ? rest : `${taskId} ${rest}`.trim();
  return { description: description.trim(), taskId, parallel, story };
}

function toRawItem(
  candidate: Candidate,
  state: WalkState,
  documentIndex: number,
  notes: Notes,
  specKit: boolean,
): RawItem {
  const file = state.file;
  const paragraph = candidate.kind === "paragraph";
  const rawText = titleText(candidate);
  const focusText = paragraph
    ? (actionableSentence(rawText) ?? rawText.split(SENTENCE_SPLIT)[0] ?? rawText)
    : rawText;
  const { description, taskId, parallel, story } = cleanDescription(focusText);
  const plain = taskId === null ? description : description.slice(taskId.length).trim();

  const details = collectDetails(candidate);
  const fields = [...candidate.fields, ...details.fields];
  const containers = containerChain(candidate);
  const facts = sectionFacts(candidate.section);
  const sections = facts.chain;
  if (paragraph) fields.push(...candidate.section.fields);

  // Scope: own text, fields and details first; then the enclosing entry; then the section and its headings.
  const own = tidyScope([
    ...candidate.title.flatMap((line) => linePaths(line, file, false)),
    ...fields.flatMap((field) => field.paths),
    ...details.lines.flatMap((line) => linePaths(line, file, false)),
  ]);
  let scope = own;
  let scopeSource: ItemDetails["scopeSource"] = own.length > 0 ? "own" : "none";
  let scopeOrigin = "";
  if (scope.length === 0) {
    for (const container of containers) {
      const inherited = tidyScope([
        ...ownPaths(container, file),
        ...container.details.flatMap((line) => linePaths(line, file, false)),
      ]);
      if (inherited.length > 0) {
        scope = inherited;
        scopeSource = "parent";
        scopeOrigin = titleText(container);
        break;
      }
    }
  }
  if (scope.length === 0) {
    for (const section of sections) {
      const fromFields = section.fields.flatMap((field) => (field.name === "scope" ? field.paths : []));
      const inherited = tidyScope(fromFields.length > 0 ? fromFields : section.paths);
      if (inherited.length > 0) {
        scope = inherited;
        scopeSource = fromFields.length > 0 ? "section" : "heading";
        scopeOrigin = section.title ?? "";
        break;
      }
    }
  }

  const fieldText = fields.map((field) => `${field.name}: ${field.value}`).join(". ");
  const detailText = oneLine(details.lines.map((line) => line.text).join(" "));
  const fullText = oneLine(
    `${rawText} ${paragraph ? "" : detailText} ${fields.map((field) => field.value).join(" ")}`,
  );
  const group =
    containers.length > 0
      ? titleText(containers[0]!) || nearestTitle(candidate.section)
      : nearestTitle(candidate.section);

  // Action: the leading verb, problem words in the title, a Fix:/Recommendation: field, problem words in the
  // details, then the headings.
  let action: Action | null = actionFromVerb(plain);
  let actionSource: ItemDetails["actionSource"] = "verb";
  if (action === null) {
    action = actionFromKeywords(plain);
    actionSource = "keyword";
  }
  if (action === null) {
    // "The README still mentions Node 16; bump it to Node 20."
    for (const clause of plain.split(CLAUSES).slice(1)) {
      action = actionFromVerb(clause);
      actionSource = "verb";
      if (action !== null) break;
    }
  }
  if (action === null) {
    const fix = fields.find((field) => field.name === "fix");
    action = fix === undefined ? null : actionFromVerb(fix.value);
    // A finding's remedy "Verify the signature before parsing" asks for code that verifies: a fix, not a test.
    if (action === "test" && fix !== undefined && /^\W*verify\b/i.test(fix.value)) action = "fix";
    actionSource = "field";
  }
  if (action === null) {
    action = actionFromKeywords(detailText);
    actionSource = "keyword";
  }
  if (action === null) {
    for (const title of [...containers.map(titleText), ...sections.map((section) => section.title ?? "")]) {
      action = actionFromHeading(title);
      if (action !== null) break;
    }
    actionSource = "heading";
  }
  const headings = [...facts.headings];

  // Priority: own markers and fields, then the enclosing entry, then the nearest heading that has one.
  const emphasised = candidate.title.flatMap((line) => line.emphasised);
  let priority = priorityFromText(rawText, emphasised);
  for (const field of fields) {
    if (priority !== null) break;
    if (field.name === "priority") priority = priorityFromText(`priority: ${field.value}`, field.emphasised);
  }
  for (const container of containers) {
    if (priority !== null) break;
    priority = priorityFromText(
      titleText(container),
      container.title.flatMap((line) => line.emphasised),
    );
    for (const field of container.fields) {
      if (priority === null && field.name === "priority")
        priority = priorityFromText(`priority: ${field.value}`);
    }
  }
  for (const section of sections) {
    if (priority !== null) break;
    priority = section.priority;
    for (const field of section.fields) {
      if (priority === null && field.name === "priority")
        priority = priorityFromText(`priority: ${field.value}`);
    }
  }
  if (action === null) {
    // A statement ("X is rounded wrong") reports a problem; a noun phrase ("Dark mode toggle") names a feature.
    action = STATEMENT.test(plain) ? "fix" : "add";
    actionSource = "default";
  }

  const status = fields.find((field) => field.name === "status");
  const struck = candidate.title.length > 0 && candidate.title.every((line) => line.struck);
  const inheritedDone = containers.find((container) => container.checked !== null)?.checked === true;
  const underDoneHeading = facts.underDoneHeading;
  const done =
    candidate.checked === true ||
    (candidate.checked === null && (inheritedDone || underDoneHeading)) ||
    (status !== undefined && isDoneValue(status.value)) ||
    struck;

  const sizeField = fields.find((field) => field.name === "size");
  const complexity = estimateComplexity({
    action,
    text: `${plain} ${detailText} ${sizeField === undefined ? "" : `size: ${sizeField.value}`}`,
    scope,
    detailCount: details.count,
  });

  const dependencyFields = fields.filter((field) => field.name === "depends").map((field) => field.value);
  for (const container of containers) {
    for (const field of container.fields) if (field.name === "depends") dependencyFields.push(field.value);
  }
  const symbolSet = new Set<string>();
  for (const lines of [candidate.title, details.lines]) {
    for (const line of lines) {
      for (const code of line.codes) {
        const symbol = code.trim().replace(/\(\)$/, "");
        if (SYMBOL.test(symbol) && !COMMON_IDENTIFIERS.has(symbol.toLowerCase())) symbolSet.add(symbol);
      }
    }
  }
  const symbols = [...symbolSet];

  // Vagueness only matters for an open item: it is not worked out for done ones.
  const vague = () =>
    isVague(plain) && !candidate.title.some((line) => linePaths(line, file, false).length > 0);
  const clarify = done
    ? null
    : plain === "" || !/[\p{L}\p{N}]/u.test(plain)
      ? clarifyQuestion(action, true, "")
      : vague()
        ? clarifyQuestion(action, true, plain)
        : scope.length === 0
          ? clarifyQuestion(action, false, plain)
          : null;

  const item: RawItem = {
    file,
    line: candidate.line,
    kind: candidate.kind,
    description: description === "" ? oneLine(rawText) : description,
    text: rawText,
    fullText,
    dependencyFields,
    action,
    actionSource,
    scope,
    scopeSource,
    ownScope: scopeSource === "own",
    priority,
    complexity: complexity.size,
    complexityReason: complexity.reason,
    group,
    headings,
    done,
    taskId,
    parallel,
    story,
    phase: specKit ? candidate.section.phase : null,
    listId: candidate.listId,
    listNumber: candidate.listNumber,
    sequence: state.sequenceLists.has(candidate.listId),
    symbols,
    clarify,
    documentIndex,
  };
  if (fieldText !== "" && actionSource === "field") {
    notes.add(`action-field:${action}`, item, `action "${action}" taken from the recommendation field`);
  }
  if (actionSource === "heading")
    notes.add(`action-heading:${action}`, item, `no action verb; "${action}" inferred from the heading`);
  if (actionSource === "default")
    notes.add(`action-default:${action}`, item, `no action verb or keyword; assumed "${action}"`);
  if (scopeSource === "parent" || scopeSource === "section" || scopeSource === "heading") {
    notes.add(`scope:${scopeOrigin}`, item, `scope ${scope.join(", ")} inherited from "${scopeOrigin}"`);
  }
  if (
    complexity.reason.includes("all/entire") &&
    /comprehensive|entire|\ball\b|every|whole/i.test(`${plain} ${detailText}`)
  ) {
    notes.add(`size-breadth`, item, 'sized up for "all/entire/comprehensive" wording');
  }
  if (inheritedDone && candidate.checked === null)
    notes.add("done-parent", item, "marked done because the parent entry is checked");
  if (underDoneHeading && candidate.checked === null && !inheritedDone) {
    notes.add("done-heading", item, "marked done because it sits under a Done/Completed heading");
  }
  if (struck && candidate.checked !== true)
    notes.add("done-struck", item, "struck through (~~…~~): read as done");
  return item;
}

const CLAUSES = /[;:]\s+|(?<=[.!?])\s+|\s[—–]\s/;

const STATEMENT =
  /\b(?:is|are|was|were|isn'?t|aren'?t|wasn'?t|does|doesn'?t|do|don'?t|did|didn'?t|can'?t|cannot|won'?t|has|have|had|shows?|returns?|throws?|happens?|occurs?|gets?|breaks?|causes?|leads?|uses?|allows?|lets?)\b/i;

/** Inline code that names a symbol (`parseConfig`, `UserModel`), after `()` is dropped. */
const SYMBOL = /^[A-Za-z_$][\w$]{3,}$/;

const COMMON_IDENTIFIERS = new Set(
  "null true false undefined none self this async await return string number boolean object array void main index test tests todo fixme error errors config value values data type types props state".split(
    " ",
  ),
);

/** Text and fields of the non-item content below an item (nested lists that are details). */
function collectDetails(candidate: Candidate): { lines: InlineLine[]; fields: Field[]; count: number } {
  const lines = [...candidate.details];
  const fields: Field[] = [];
  let count = 0;
  const stack = [...candidate.children].reverse();
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (child.isItem || child.isContainer) continue;
    count++;
    lines.push(...child.title, ...child.details);
    fields.push(...child.fields);
    for (let i = child.children.length - 1; i >= 0; i--) stack.push(child.children[i]!);
  }
  return { lines, fields, count };
}

function containerChain(candidate: Candidate): Candidate[] {
  const chain: Candidate[] = [];
  for (let parent = candidate.parent; parent !== null; parent = parent.parent)
    if (parent.isContainer) chain.push(parent);
  return chain;
}

/** What items take from their section chain; the same for every item of a section, so computed once. */
interface SectionFacts {
  /** The section and its ancestors, innermost first. */
  chain: Section[];
  /** Titles of the chain, outermost first. */
  headings: string[];
  underDoneHeading: boolean;
}

const sectionFactsCache = new WeakMap<Section, SectionFacts>();

function sectionFacts(section: Section): SectionFacts {
  const cached = sectionFactsCache.get(section);
  if (cached !== undefined) return cached;
  const chain: Section[] = [];
  for (let s: Section | null = section; s !== null; s = s.parent) chain.push(s);
  const facts: SectionFacts = {
    chain,
    headings: chain
      .map((s) => s.title)
      .filter((title): title is string => title !== null)
      .reverse(),
    underDoneHeading: chain.some((s) => s.title !== null && DONE_HEADING.test(s.title)),
  };
  sectionFactsCache.set(section, facts);
  return facts;
}

/* ------------------------------------------------------------------------------------------- spec-kit */

function markSpecKitPhases(items: RawItem[]): void {
  for (const item of items) {
    if (item.phase !== null && item.phase.kind === "other" && item.story !== null) {
      item.phase = { ...item.phase, kind: "story" };
    }
  }
}
