import type { RawItem } from "./extract/model.js";

// Dependencies stated outside the items, in a document's notes: "T020 must follow T019", "Story 3 depends on
// Story 2 (T025–T036)", "US2 after US1". Only statements naming spec-kit task ids or stories on both sides count;
// an edge whose reverse already exists is left out rather than inventing a cycle.

/** A line of a document that is not an item (a paragraph, a skipped list entry). */
export interface Statement {
  documentIndex: number;
  text: string;
}

/** Ids and stories: `T019`, `T025–T036`, `Story 2`, `US2`, `User Story 2`. */
const REF =
  /\b(T\d{3,})(?:\s*(?:[–—-]|\.\.|to)\s*(T\d{3,}))?\b|\b(?:user\s+)?stor(?:y|ies)\s*(\d{1,2})\b|\bUS(\d{1,2})\b/gi;

/** "A <keyword> B": A waits for B. */
const WAITS =
  /\b(?:must\s+(?:follow|come\s+after|run\s+after|wait\s+for)|follows|depends\s+on|depend\s+on|requires|is\s+blocked\s+by|blocked\s+by|after|needs)\b/i;
/** "A <keyword> B": B waits for A. */
const BEFORE = /\b(?:must\s+(?:precede|come\s+before|run\s+before)|precedes|before|blocks)\b/i;

/** Whether a line may state a dependency between ids (cheap filter before parsing). */
export function mayStateDependency(text: string): boolean {
  return /\bT\d{3,}\b|\bstor(?:y|ies)\s*\d|\bUS\d/i.test(text) && (WAITS.test(text) || BEFORE.test(text));
}

/** The items a side of a statement names, in the statement's document. */
function sideItems(side: string, items: readonly RawItem[], documentItems: readonly number[]): number[] {
  const found: number[] = [];
  for (const match of side.matchAll(REF)) {
    const [, first, last, story, us] = match;
    if (first !== undefined) {
      const from = Number(first.slice(1));
      const to = last === undefined ? from : Number(last.slice(1));
      if (to < from || to - from > 500) continue;
      for (const i of documentItems) {
        const id = items[i]!.taskId;
        const n = id === null ? Number.NaN : Number(id.slice(1));
        if (n >= from && n <= to) found.push(i);
      }
    } else {
      const label = `US${story ?? us}`;
      for (const i of documentItems) if (items[i]!.story === label) found.push(i);
    }
  }
  return found;
}

/** Edges `[waiting item, item waited for, evidence]` the statements give. */
export function statedEdges(
  statements: readonly Statement[],
  items: readonly RawItem[],
  perDocument: ReadonlyMap<number, readonly number[]>,
): Array<[number, number, string]> {
  const edges: Array<[number, number, string]> = [];
  for (const statement of statements) {
    const documentItems = perDocument.get(statement.documentIndex) ?? [];
    for (const clause of statement.text.split(/[;.](?:\s|$)/)) {
      const waits = WAITS.exec(clause);
      const before = waits === null ? BEFORE.exec(clause) : null;
      const keyword = waits ?? before;
      if (keyword === null) continue;
      const left = sideItems(clause.slice(0, keyword.index), items, documentItems);
      const right = sideItems(clause.slice(keyword.index + keyword[0].length), items, documentItems);
      const evidence = clause.trim();
      for (const a of left) {
        for (const b of right) {
          if (a === b) continue;
          edges.push(waits !== null ? [a, b, evidence] : [b, a, evidence]);
        }
      }
    }
  }
  return edges;
}
