import { oneLine } from "../text.js";
import { NON_WORK_HEADING } from "./fields.js";
import { linePaths } from "./inline.js";
import type { Candidate, Section } from "./model.js";

// Small reads of candidates and sections that the walk, the decisions and the items all share.

/** Rank of table rows: below every list entry, above paragraphs. Rows never compete with lists in `decide`. */
export const ROW_RANK = 0.5;

/** A candidate's title as one line; cached on the candidate because titles do not change once built. */
export function titleText(candidate: Candidate): string {
  candidate.titleCache ??= oneLine(candidate.title.map((line) => line.text).join(" "));
  return candidate.titleCache;
}

/** Candidates and all their descendants in document order (iterative: nesting can be deep). */
export function flatten(candidates: readonly Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const stack = [...candidates].reverse();
  while (stack.length > 0) {
    const candidate = stack.pop()!;
    out.push(candidate);
    for (let i = candidate.children.length - 1; i >= 0; i--) stack.push(candidate.children[i]!);
  }
  return out;
}

/** Paths in a candidate's own title and fields, not its details or its context. */
export function ownPaths(candidate: Candidate, file: string): string[] {
  return [
    ...candidate.title.flatMap((line) => linePaths(line, file, false)),
    ...candidate.fields.flatMap((field) => field.paths),
  ];
}

/** The title of the closest titled section, the heading a reader would name the candidate by. */
export function nearestTitle(section: Section | null): string | null {
  for (let s = section; s !== null; s = s.parent) if (s.title !== null) return s.title;
  return null;
}

/**
 * The title of the reference section (appendix, references, summary…) the section is in, or null. Such sections
 * hold no paragraph or table work; a document title such as "# Notes" does not count.
 */
export function referenceHeading(start: Section): string | null {
  let section: Section | null = start;
  while (section !== null && section.title === null) section = section.parent;
  if (section === null || section.depth < 2) return null;
  const title = section.title ?? "";
  return NON_WORK_HEADING.test(title.replace(/^[\s\d.)#:-]+/, "")) ? title : null;
}
