import type { Heading } from "mdast";
import { priorityFromHeading } from "../signals.js";
import { oneLine } from "../text.js";
import { inlineLines, linePaths } from "./inline.js";
import type { InlineLine, Section, WalkState } from "./model.js";
import { phaseOf } from "./spec-kit.js";

// Headings open sections: items take their group, priority, scope and phase from the sections around them.

/** The section a heading opens, nested under the closest open section of a smaller depth. */
export function openHeading(heading: Heading, current: Section, state: WalkState): Section {
  let parent: Section | null = current;
  while (parent !== null && parent.depth >= heading.depth) parent = parent.parent;
  const lines = inlineLines(heading.children, state.definitions);
  const checkbox = headingCheckbox(lines);
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
    line: heading.position?.start.line ?? 1,
    lines,
    checkbox,
  };
  section.phase = phaseOf(title, parent);
  state.headings.push(section);
  return section;
}

/** A checkbox written at the start of a heading (`### [ ] Add export`, `### [x] Done`). */
const HEADING_CHECKBOX = /^\s*\[([ xX✓✔])\]\s+/u;

/**
 * `### [ ] Add export history API`: the heading is a task. Returns its checked state and removes the box from the
 * first line; null when the heading has no box.
 */
function headingCheckbox(lines: InlineLine[]): boolean | null {
  const first = lines[0];
  const box = first === undefined ? null : HEADING_CHECKBOX.exec(first.text);
  if (first === undefined || box?.[1] === undefined) return null;
  first.text = first.text.slice(box[0].length);
  return box[1] !== " ";
}
