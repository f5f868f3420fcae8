import type { List, ListItem } from "mdast";
import { toString as nodeToString } from "mdast-util-to-string";
import { isPriorityLabelLine } from "../signals.js";
import { oneLine } from "../text.js";
import type { ItemKind } from "../types.js";
import { titleText } from "./candidates.js";
import { emptyLine, fieldOfLine, inlineLines } from "./inline.js";
import type { Candidate, Field, InlineLine, Section, WalkState } from "./model.js";

// Lists: every entry is a candidate (task, numbered or bullet), nested lists are its children; "- **File**: x"
// entries are fields of the enclosing entry or section.

/** Words around a numbered list that say its entries are ordered steps. */
const SEQUENCE_CUE =
  /\b(?:steps?|plan|order(?:ed)?|sequence|sequential(?:ly)?|in order|one (?:by|after) (?:one|another)|phases?|migration|rollout|roll-out|procedure|workflow|roadmap|stages?|milestones?|runbook)\b/i;
/** Entries that start like a next step ("Then …", "Finally …"). */
const STEP_WORD = /^(?:then|next|finally|afterwards|after that|once (?:that|this|done))\b/i;

/** A checkbox written as a glyph (`☐ Todo`, `✅ Done`) instead of `[ ]` / `[x]`. */
const CHECKBOX_GLYPH = /^\s*(☐|⬜|🔲|☑️?|✅|✔️?|✓|☒|❌|✗)\s*/u;

/** A red circle before an entry: open (and P0) in a list whose other entries carry status glyphs. */
const OPEN_STATUS_GLYPH = /^\s*🔴/u;

/** Whether a list entry starts with a checkbox or status glyph (`✅ …`, `❌ …`). */
function hasStatusGlyph(entry: ListItem): boolean {
  const first = entry.children[0];
  return first?.type === "paragraph" && CHECKBOX_GLYPH.test(nodeToString(first));
}

/** Records a list's entries as candidates, top-level or children of `parent`. */
export function walkList(
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
    state.outline.listItems++;
    const candidate = buildCandidate(listItem, list, index, start, listId, section, parent, state);
    if (candidate === null) continue;
    if (parent === null) state.candidates.push(candidate);
    else parent.children.push(candidate);
  }
}

/** One entry as a candidate, or null when it is a field line of its parent or section. */
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
    // 🔴 in a status list marks an open entry; it stays in the text, where it also says P0.
    if (glyph === null && OPEN_STATUS_GLYPH.test(titleLines[0].text) && list.children.some(hasStatusGlyph))
      checked = false;
    if (glyph?.[1] !== undefined) {
      // ☐ is an open box; ❌ and ✗ mark something missing or not done yet: open too.
      checked = !/☐|⬜|🔲|❌|✗/u.test(glyph[1]);
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
    // "priority/p2" or "Priority-3" on the line after the title: the entry's priority, not its text.
    else if (lineIndex > 0 && isPriorityLabelLine(line.text))
      fields.push({
        name: "priority",
        value: oneLine(line.text),
        paths: [],
        emphasised: [],
        label: "priority",
      });
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

/** Bullets under a heading rank above standalone bullets. */
function hasHeading(section: Section): boolean {
  for (let s: Section | null = section; s !== null; s = s.parent) if (s.title !== null) return true;
  return false;
}
