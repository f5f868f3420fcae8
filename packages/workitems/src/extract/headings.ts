import type { Heading } from "mdast";
import { priorityFromHeading } from "../signals.js";
import { oneLine } from "../text.js";
import { inlineLines, linePaths } from "./inline.js";
import type { Section, WalkState } from "./model.js";
import { phaseOf } from "./spec-kit.js";

// Headings open sections: items take their group, priority, scope and phase from the sections around them.

/** The section a heading opens, nested under the closest open section of a smaller depth. */
export function openHeading(heading: Heading, current: Section, state: WalkState): Section {
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
