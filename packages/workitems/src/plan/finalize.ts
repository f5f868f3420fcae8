import { resolveDependencies } from "../dependencies.js";
import {
  type DocumentExtraction,
  emptyOutline,
  extractDocument,
  type Note,
  Notes,
  type RawItem,
} from "../extract/index.js";
import { readMarkdownBlocks } from "../markdown.js";
import { itemNumber, numberRanges } from "../text.js";
import type { DependencyEdge, ItemDetails, SourceDocument, WorkItem } from "../types.js";

// From documents to numbered items: each document is read on its own, then ids are given across all of them and
// the dependencies between items resolved.

/** Reads one document into raw items; a document the parser cannot read yields none, with a note saying why. */
export function readDocument(document: SourceDocument, documentIndex: number): DocumentExtraction {
  try {
    // Piece by piece: each piece's tree is dropped once walked, so a large document's tree never lives whole.
    return extractDocument((visit) => readMarkdownBlocks(document.text, visit), document.file, documentIndex);
  } catch (error) {
    // The parser can exhaust the stack on pathological nesting; such a document yields no items, said aloud.
    const notes = new Notes();
    const reason = error instanceof Error ? error.message : String(error);
    notes.add(
      "unreadable",
      null,
      `${document.file} could not be read as markdown (${reason}); no items taken from it`,
    );
    return {
      file: document.file,
      items: [],
      kind: null,
      specKit: false,
      notes,
      outline: emptyOutline(),
      statements: [],
    };
  }
}

/** Items with ids, their details and dependency edges, ready for the plan's rules. */
export interface Finalized {
  raw: RawItem[];
  items: WorkItem[];
  details: ItemDetails[];
  dependencies: DependencyEdge[];
  pairs: Array<[number, number]>;
  notes: Note[];
}

/** Gives ids across all documents (`item-1` …), resolves dependencies and builds the JSON items and details. */
export function finalize(extractions: readonly DocumentExtraction[]): Finalized {
  const raw = extractions.flatMap((extraction) => extraction.items);
  const ids = raw.map((_, index) => `item-${index + 1}`);
  const dependencyNotes = new Notes();
  const statements = extractions.flatMap((extraction, documentIndex) =>
    extraction.statements.map((text) => ({ documentIndex, text })),
  );
  const dependencies = resolveDependencies(raw, ids, dependencyNotes, statements);
  const pairs: Array<[number, number]> = dependencies.map((edge) => [
    itemNumber(edge.from) - 1,
    itemNumber(edge.to) - 1,
  ]);
  const waitsFor: string[][] = raw.map(() => []);
  for (const [from, to] of pairs) waitsFor[from]!.push(ids[to]!);
  const items: WorkItem[] = raw.map((item, index) => ({
    id: ids[index]!,
    action: item.action,
    description: item.description,
    scope: [...item.scope],
    priority: item.priority,
    complexity: item.complexity,
    dependencies: [...new Set(waitsFor[index])].sort((a, b) => itemNumber(a) - itemNumber(b)),
    group: item.group,
    done: item.done,
    source: { file: item.file, line: item.line },
  }));
  const details: ItemDetails[] = raw.map((item, index) => ({
    id: ids[index]!,
    kind: item.kind,
    taskId: item.taskId,
    parallel: item.parallel,
    story: item.story,
    headings: item.headings,
    text: item.text,
    actionSource: item.actionSource,
    scopeSource: item.scopeSource,
    clarify: item.clarify,
  }));
  const notes = [...extractions.flatMap((extraction) => extraction.notes.list), ...dependencyNotes.list];
  return { raw, items, details, dependencies, pairs, notes };
}

/** Notes as assumption lines, with their items named by number ("Item 3", "Items 3, 5-7"). */
export function renderNotes(notes: readonly Note[], raw: readonly RawItem[]): string[] {
  const numberOf = new Map(raw.map((item, index) => [item, index + 1]));
  return notes.map((note) => {
    if (note.items.length === 0) return note.text;
    const numbers = note.items.map((item) => numberOf.get(item) ?? 0);
    const label = numbers.length === 1 ? `Item ${numbers[0]}` : `Items ${numberRanges(numbers)}`;
    return `${label}: ${note.text}`;
  });
}
