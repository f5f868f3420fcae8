import type { DocumentExtraction, Outline } from "../extract/index.js";

// No silent zero: a document that yields no item is said aloud, with what it holds and a layout that is read.

/** A layout the extraction reads, shown to authors whose document yielded nothing. */
export const READABLE_LAYOUTS =
  'Layouts read as work items: a task list ("- [ ] Fix the token check in `src/auth/session.ts`"), numbered or ' +
  "bulleted entries under a heading, a table with a Task or Issue column, or one heading per finding with " +
  '"**File:**" and "**Severity:**" lines.';

/** One warning per document that yielded no item (empty, unreadable or holding no work), in document order. */
export function emptyDocumentWarnings(
  extractions: readonly DocumentExtraction[],
  texts: readonly string[],
): string[] {
  const warnings: string[] = [];
  for (const [index, extraction] of extractions.entries()) {
    if (extraction.items.length > 0) continue;
    const text = texts[index] ?? "";
    const what =
      text.trim() === ""
        ? "it is empty"
        : `it has ${describeOutline(extraction.outline)}, none of which reads as work`;
    warnings.push(`${extraction.file} yielded no work items: ${what}. ${READABLE_LAYOUTS}`);
  }
  return warnings;
}

/** "3 headings, 0 tables, 1 list item and 7 paragraphs". */
export function describeOutline(outline: Outline): string {
  const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return [
    count(outline.headings, "heading", "headings"),
    count(outline.tables, "table", "tables"),
    count(outline.listItems, "list item", "list items"),
  ]
    .join(", ")
    .concat(` and ${count(outline.paragraphs, "paragraph", "paragraphs")}`);
}
