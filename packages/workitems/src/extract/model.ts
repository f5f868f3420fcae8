import type { RootContent } from "mdast";
import type { Action, Complexity, ItemDetails, ItemKind, Priority } from "../types.js";

// The data the extraction passes between its stages: what the walk records (sections, candidates, tables) and what
// it hands to the plan (raw items and notes).

/** One line of a paragraph with what matters for signals: plain text, inline code, link targets, emphasis. */
export interface InlineLine {
  text: string;
  codes: string[];
  urls: string[];
  emphasised: string[];
  /** A leading `**Label**:` / `**Label:**` (label without the colon). */
  strongLabel: string | null;
  struck: boolean;
  /** Letters and digits of the line that are link text. */
  linked?: number;
}

/** Hands a document's top-level blocks to `visit`, in order, one run at a time (see `readMarkdownBlocks`). */
export type BlockReader = (visit: (blocks: RootContent[]) => void) => void;

/** A `Label: value` detail (from a bullet or a bold-label line). */
export interface Field {
  name: string;
  value: string;
  paths: string[];
  emphasised: string[];
  /** The label as written (`Impact`), for field lines. */
  label?: string;
}

/** Heading context. Bold-only paragraphs ("**Backend**") act as sub-headings. */
export interface Section {
  title: string | null;
  depth: number;
  parent: Section | null;
  priority: Priority | null;
  paths: string[];
  fields: Field[];
  pseudo: boolean;
  phase: PhaseInfo | null;
  /** A heading's own line and text lines (headings only; they may become items, see headed.ts). */
  line?: number;
  lines?: InlineLine[];
  /** `### [ ] Title` / `### [x] Title`: the heading is a task, with this checked state. */
  checkbox?: boolean | null;
}

/** spec-kit phase of an item: phases are ordered, and setup/foundational phases block the later ones. */
export interface PhaseInfo {
  key: string;
  order: number;
  kind: "setup" | "foundational" | "story" | "polish" | "other";
}

/** A list entry, table row or paragraph that may become a work item. */
export interface Candidate {
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
  /** The candidate is its section's heading (see headed.ts): the section's field lines are its own. */
  headed?: boolean;
}

/** Facts collected for one item before ids are assigned (see `finalize` in ../plan/finalize.ts). */
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
  /** How many times each key was added (skip notes say how many entries they skipped). */
  readonly counts = new Map<string, number>();
  private readonly byKey = new Map<string, { note: Note; members: Set<RawItem> }>();

  add(key: string, item: RawItem | null, text: string, times = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + times);
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

/** What a document is made of, counted while it is walked: said aloud when the document yields no item. */
export interface Outline {
  headings: number;
  tables: number;
  /** List entries at any depth (task, numbered and bullet entries, field lines included). */
  listItems: number;
  /** Paragraphs outside lists (in block quotes too). */
  paragraphs: number;
}

/** An outline with nothing counted yet. */
export function emptyOutline(): Outline {
  return { headings: 0, tables: 0, listItems: 0, paragraphs: 0 };
}

/** Result of reading one document. */
export interface DocumentExtraction {
  file: string;
  items: RawItem[];
  kind: ItemKind | null;
  specKit: boolean;
  notes: Notes;
  outline: Outline;
  /** Lines outside the items that may state dependencies between them ("T020 must follow T019"). */
  statements: string[];
}

/** What the walk collects from one document; the block handlers append to it. */
export interface WalkState {
  file: string;
  definitions: Map<string, string>;
  candidates: Candidate[];
  paragraphs: Candidate[];
  tables: TableCandidates[];
  listCounter: number;
  /** Numbered lists whose context says they are ordered steps. */
  sequenceLists: Set<number>;
  /** Counts of the blocks walked. */
  outline: Outline;
  /** Every heading's section, in document order. */
  headings: Section[];
  /** A "**Recommendation:**" line whose value is the next paragraph or list. */
  pendingField: { name: Field["name"]; section: Section; lists: boolean } | null;
}

/** A table seen by the walker: the rows of a table with a work column, or why it was skipped. */
export interface TableCandidates {
  line: number;
  section: Section;
  /** Header cells as written (one line, markdown stripped). */
  headers: string[];
  /** Index of the work column, or -1. */
  workColumn: number;
  rows: Candidate[];
  /** Rows of a table skipped as reference material: never items, only a summary of finding headings. */
  referenceRows: Candidate[];
  skipped: "no-work-column" | "reference" | null;
  /** Lines of body rows skipped because their work cell is empty. */
  emptyRows: number[];
}
