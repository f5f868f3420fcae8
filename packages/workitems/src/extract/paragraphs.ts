import type { Paragraph } from "mdast";
import { toString as nodeToString } from "mdast-util-to-string";
import { priorityFromHeading } from "../signals.js";
import { oneLine } from "../text.js";
import { FIELD_NAME_PATTERN, fieldKind } from "./fields.js";
import { fieldOfLine, inlineLines, linePaths } from "./inline.js";
import type { InlineLine, Section, WalkState } from "./model.js";
import { phaseOf } from "./spec-kit.js";

// Paragraphs are a pending field's value, a bold sub-heading, field lines of the section, or prose that may be
// work when the document has no lists (paragraph mode).

/** Records a paragraph and returns the section that follows it (a new one after a bold-only sub-heading). */
export function handleParagraph(paragraph: Paragraph, section: Section, state: WalkState): Section {
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
