import { priorityFromText } from "../signals.js";
import { oneLine } from "../text.js";
import { flatten, titleText } from "./candidates.js";
import { isDoneValue } from "./fields.js";
import type { Candidate, Notes, Section, TableCandidates, WalkState } from "./model.js";

// Headings that are items themselves: a task written as a heading with a checkbox (`### [ ] Add export`) and a
// finding written as a heading with field lines and no prose (`### H2. Token compared with ==` + `**File:**`,
// `**Severity:**`). What sits under such a heading — field lines, Context/Scope/Acceptance criteria, explanatory
// bullets and paragraphs — is the item's details, never items of their own.

/** Rank of a checkbox heading: a task, like `- [ ]`. */
const TASK_RANK = 4;

/** A finding id before a heading's title: `H2.`, `1.`, `F-3:`, `SEC-12 —`, `Finding 4:`, `#7`. */
const FINDING_ID =
  /^\s*(?:(?:finding|issue|bug|vuln(?:erability)?|item)\s+)?#?((?:[A-Za-z]{1,4}-?)?\d+(?:\.\d+)?)\s*(?:[.):]|\s[-–—])\s*/i;

/** The heading's id (`H2`, `4`) or null. */
export function findingId(title: string): string | null {
  return FINDING_ID.exec(title)?.[1] ?? null;
}

/** The heading's title without its finding id: "H2. Session token compared" → "Session token compared". */
export function withoutFindingId(title: string): string {
  const match = FINDING_ID.exec(title);
  return match === null ? title : title.slice(match[0].length);
}

/**
 * A finding section: its field lines name a severity (a priority word) and a file, fix or other field, or a file
 * and a fix. "Severity: HIGH" alone on a section is a priority, not a finding.
 */
export function isFindingSection(section: Section): boolean {
  if (section.depth < 2 || section.pseudo || section.title === null) return false;
  const fields = section.fields;
  const severity = fields.some(
    (field) =>
      field.name === "priority" && priorityFromText(`priority: ${field.value}`, field.emphasised) !== null,
  );
  const scope = fields.some((field) => field.name === "scope" && field.paths.length > 0);
  const fix = fields.some((field) => field.name === "fix");
  return (severity && (scope || fix || fields.length >= 3)) || (scope && fix);
}

/**
 * A heading with a finding id (`H2.`, `F-3:`, `Finding 4:`, `1.`) and a File/Location, Severity or Fix line: a
 * finding written as heading + field line + prose. A bare number numbers chapters as often as findings: it needs a
 * File/Location line naming a path ("## 1. Setup" + "**Severity:** …" stays a chapter).
 */
function isNumberedFinding(section: Section): boolean {
  if (section.depth < 2 || section.pseudo || section.title === null) return false;
  const match = FINDING_ID.exec(section.title);
  if (match === null) return false;
  const located = section.fields.some((field) => field.name === "scope" && field.paths.length > 0);
  if (/^\s*#?\d/.test(match[0])) return located;
  return (
    located ||
    section.fields.some(
      (field) =>
        field.name === "fix" ||
        (field.name === "priority" &&
          priorityFromText(`priority: ${field.value}`, field.emphasised) !== null),
    )
  );
}

/** The closest section in `start`'s chain (itself included) that is in `headed`. */
function headedOwner(start: Section, headed: ReadonlySet<Section>): Section | null {
  for (let s: Section | null = start; s !== null; s = s.parent) if (headed.has(s)) return s;
  return null;
}

/**
 * Turns checkbox headings and finding headings into candidates (already chosen as items). Their sections' list
 * entries and paragraphs are taken out of `state` and become the candidates' details. A finding heading counts only
 * when its section holds no prose paragraph and no task (then the paragraph or the tasks are the items, as before).
 */
export function headingItems(state: WalkState): Candidate[] {
  const tasks = state.headings.filter(
    (section) => section.checkbox !== null && section.checkbox !== undefined,
  );
  const taskSet = new Set(tasks);
  const owned = (section: Section) => headedOwner(section, taskSet) !== null;
  const withProse = new Set<Section>();
  for (const paragraph of state.paragraphs) {
    // "How it happens:" introduces the steps below it; it is no prose of its own.
    if (titleText(paragraph).endsWith(":")) continue;
    for (let s: Section | null = paragraph.section; s !== null; s = s.pseudo ? s.parent : null)
      withProse.add(s);
  }
  const withTasks = new Set<Section>();
  for (const candidate of flatten(state.candidates)) {
    if (candidate.kind !== "task") continue;
    for (let s: Section | null = candidate.section; s !== null; s = s.parent) withTasks.add(s);
  }
  // A finding heading is the item with or without prose under it: the heading is its title, the prose its details.
  // With prose, a section whose fields alone do not make it a finding still is one when its heading carries a
  // finding id (`### F-3: …` + `**File:**`).
  const findings = state.headings.filter(
    (section) =>
      !taskSet.has(section) &&
      !owned(section) &&
      !withTasks.has(section) &&
      (isFindingSection(section) || (withProse.has(section) && isNumberedFinding(section))),
  );
  if (tasks.length === 0 && findings.length === 0) return [];
  const headed = new Set([...tasks, ...findings]);
  const bySection = new Map<Section, Candidate>();
  for (const section of [...tasks, ...findings]) bySection.set(section, headingCandidate(section));
  state.candidates = state.candidates.filter((candidate) => {
    const owner = headedOwner(candidate.section, headed);
    if (owner === null) return true;
    const item = bySection.get(owner)!;
    candidate.parent = item;
    item.children.push(candidate);
    return false;
  });
  state.paragraphs = state.paragraphs.filter((paragraph) => {
    const owner = headedOwner(paragraph.section, headed);
    if (owner === null) return true;
    bySection.get(owner)!.details.push(...paragraph.title);
    return false;
  });
  return [...bySection.values()].sort((a, b) => a.line - b.line);
}

/** A heading as a chosen candidate: a task (checkbox) or a finding. */
function headingCandidate(section: Section): Candidate {
  const task = section.checkbox !== null && section.checkbox !== undefined;
  return {
    kind: task ? "task" : "heading",
    rank: task ? TASK_RANK : 0,
    line: section.line ?? 1,
    checked: task ? (section.checkbox ?? null) : null,
    section,
    parent: null,
    children: [],
    listId: -1,
    listNumber: null,
    title: (section.lines ?? []).map((line) => ({ ...line })),
    fields: [],
    details: [],
    isItem: true,
    isContainer: false,
    titleCache: null,
    headed: true,
  };
}

/** Lower case, markdown and punctuation dropped: how a summary row and a finding heading are compared. */
function key(text: string): string {
  return oneLine(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/**
 * A summary table of the findings (`| ID | Finding | Severity | Status |`) lists the same work as the finding
 * headings: its rows naming a finding (by id or by title) are not items; a row whose status says done marks its
 * finding done. Returns the rows that name a finding.
 */
export function matchSummaryRows(
  findings: readonly Candidate[],
  tables: readonly TableCandidates[],
  notes: Notes,
): Set<Candidate> {
  const matched = new Set<Candidate>();
  const headings = findings.filter((candidate) => candidate.kind === "heading");
  if (headings.length === 0) return matched;
  const byId = new Map<string, Candidate>();
  const byTitle = new Map<string, Candidate>();
  for (const finding of headings) {
    const title = finding.section.title ?? "";
    const id = findingId(title);
    if (id !== null) byId.set(id.toLowerCase(), finding);
    byTitle.set(key(withoutFindingId(title)), finding);
  }
  for (const table of tables) {
    for (const row of [...table.rows, ...table.referenceRows]) {
      const values = [
        titleText(row),
        ...row.fields.filter((field) => field.name === "info").map((f) => f.value),
      ];
      let finding: Candidate | undefined;
      for (const value of values) {
        finding =
          byId.get(value.trim().replace(/^#/, "").toLowerCase()) ?? byTitle.get(key(withoutFindingId(value)));
        if (finding !== undefined) break;
      }
      if (finding === undefined) continue;
      matched.add(row);
      const status = row.fields.find((field) => field.name === "status");
      if (status !== undefined && isDoneValue(status.value)) finding.fields.push({ ...status });
    }
  }
  if (matched.size > 0) {
    notes.add(
      "summary-rows",
      null,
      "Table rows naming a finding written as a heading were read as that finding's status, not as items",
    );
  }
  return matched;
}
