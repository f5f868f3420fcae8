import type { Root } from "mdast";
import { mayStateDependency } from "../stated.js";
import type { ItemKind } from "../types.js";
import { flatten, ROW_RANK, titleText } from "./candidates.js";
import {
  chooseParagraphs,
  decide,
  reconcileSkipNotes,
  underPointerHeading,
  withFindingSections,
} from "./decide.js";
import { headingItems, matchSummaryRows } from "./headed.js";
import { toRawItem } from "./items.js";
import {
  type BlockReader,
  type Candidate,
  type DocumentExtraction,
  emptyOutline,
  Notes,
  type Section,
  type WalkState,
} from "./model.js";
import { markSpecKitPhases } from "./spec-kit.js";
import { noteTables } from "./tables.js";
import { collectDefinitions, walkBlocks } from "./walk.js";

// One document from blocks to raw items: walk the blocks, decide which candidates are items, then read each item.

/**
 * Reads one mdast tree into raw items, in the priority order of docs/design.md ("Plan and work items"): task list
 * items > numbered items > bullets under a heading > standalone bullets > rows of tables with a work column >
 * paragraphs. See the package README, "Extraction rules".
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
    outline: emptyOutline(),
    headings: [],
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

  // Checkbox headings and finding headings are items; what sits under them is their details.
  const headed = headingItems(state);
  const summaryRows = matchSummaryRows(headed, state.tables, notes);
  for (const table of state.tables) table.rows = table.rows.filter((row) => !summaryRows.has(row));
  const all = flatten(state.candidates);
  const specKit = all.filter((candidate) => /^T\d{3,}\b/.test(titleText(candidate))).length >= 2;
  // A numbered References list does not make the document's kind numbered: pointer lists are never work.
  const work = all.filter((candidate) => candidate.kind === "task" || !underPointerHeading(candidate));
  const ranked = work.length > 0 ? work : all;
  const primaryRank = [...ranked, ...headed].reduce((max, candidate) => Math.max(max, candidate.rank), 0);
  let kind: ItemKind | null = null;
  let chosen: Candidate[] = [];
  if (all.length > 0 || primaryRank > 0) {
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
  if (headed.length > 0) {
    chosen = [...chosen, ...headed].sort((a, b) => a.line - b.line);
    kind ??= headed[0]!.kind;
  }
  reconcileSkipNotes(notes, chosen);
  const items = chosen.map((candidate) => toRawItem(candidate, state, documentIndex, notes, specKit));
  if (specKit) markSpecKitPhases(items);
  return { file, items, kind, specKit, notes, outline: state.outline, statements: statementsOf(state) };
}

/** Lines that are no item and may state a dependency: paragraphs and top-level entries that were not chosen. */
function statementsOf(state: WalkState): string[] {
  const lines = [
    ...state.paragraphs.filter((paragraph) => !paragraph.isItem),
    ...flatten(state.candidates).filter(
      (candidate) => !candidate.isItem && !candidate.isContainer && candidate.parent === null,
    ),
  ].map(titleText);
  return lines.filter(mayStateDependency);
}

/** The item kind of the strongest candidate rank in a document. */
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
