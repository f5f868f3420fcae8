import { actionFromKeywords, actionFromVerb } from "../signals.js";
import { flatten, nearestTitle, ownPaths, ROW_RANK, referenceHeading, titleText } from "./candidates.js";
import { NON_WORK_HEADING } from "./fields.js";
import { type Candidate, Notes, type Section } from "./model.js";
import { actionableSentence, CLAUSES, hasActionSignal } from "./sentences.js";

// Which candidates are items: list entries by rank (the strongest kind in the document wins, weaker ones must ask
// for work), paragraphs only in paragraph mode, plus finding-shaped sections next to either.

/**
 * Decides, top-down, which candidates are items. A parent whose children are items becomes a container: its
 * title groups them and its scope/priority are inherited. Otherwise children are details of the parent.
 */
export function decide(candidate: Candidate, primaryRank: number, specKit: boolean, notes: Notes): void {
  const children = candidate.children;
  const text = titleText(candidate);
  if (children.length > 0 && childrenAreItems(candidate, text)) {
    candidate.isContainer = true;
    const childNotes = new Notes();
    for (const child of children) decide(child, primaryRank, specKit, childNotes);
    if (flatten(children).some((child) => child.isItem)) {
      for (const note of childNotes.list)
        notes.add(note.key, null, note.text, childNotes.counts.get(note.key) ?? 1);
      return;
    }
    // None of the children qualified: the entry itself is the work, its children are details.
    candidate.isContainer = false;
    for (const child of flatten(children)) child.isContainer = false;
  }
  if (eligible(candidate, text, primaryRank, specKit)) {
    candidate.isItem = true;
    return;
  }
  if (text !== "") {
    const heading = nearestTitle(candidate.section);
    const where = heading === null ? "" : ` under "${heading}"`;
    notes.add(
      `skipped:${heading ?? ""}:${candidate.kind}`,
      null,
      `Skipped ${describeKind(candidate)}${where}: not a work item next to the document's ${describeRank(primaryRank)} (no action verb, or reference material)`,
    );
  }
}

/** A parent groups its children when they are tasks, or when it asks for nothing itself and they do. */
function childrenAreItems(candidate: Candidate, text: string): boolean {
  const children = candidate.children;
  if (children.some((child) => child.kind === "task")) return true;
  if (candidate.kind === "task") return false;
  if (text === "" || !hasActionSignal(text)) return true;
  if (candidate.rank >= 3 && candidate.fields.some((field) => field.name === "scope")) return false;
  const withVerb = children.filter((child) => actionFromVerb(titleText(child)) !== null).length;
  return withVerb * 2 >= children.length && ownPaths(candidate, "").length === 0;
}

/**
 * An entry of the strongest kind always counts — unless it is no work at all: a link under Resources/See also, an
 * inventory line (`Chart.tsx` – chart component), an option or alternative. A weaker one must ask for work outside
 * reference sections.
 */
function eligible(candidate: Candidate, text: string, primaryRank: number, specKit: boolean): boolean {
  if (candidate.kind !== "task" && notWork(candidate, text)) return false;
  // Under "## Notes" even the strongest kind must ask for work: "Chart library is 380 KB gzipped" is a note.
  if (candidate.kind !== "task" && underNotesHeading(candidate) && !asksForWork(text)) return false;
  if (candidate.rank >= primaryRank) return true;
  if (specKit) return false;
  if (text === "") return false;
  const heading = nearestTitle(candidate.section);
  if (heading !== null && NON_WORK_HEADING.test(heading.replace(/^[\s\d.)#:-]+/, ""))) return false;
  // "## Plan" / "## Next steps": every entry is a step, verb or not ("Unit tests for all new components").
  if (heading !== null && PLAN_HEADING.test(heading)) return true;
  if (actionFromVerb(text) !== null) return true;
  if (text.split(CLAUSES).some((clause) => actionFromVerb(clause) !== null)) return true;
  return actionFromKeywords(text) !== null && ownPaths(candidate, "").length > 0;
}

/** Headings of notes and observations (the whole heading). */
const NOTES_HEADING =
  /^(?:(?:other |misc(?:ellaneous)? |general |side |random )?notes?|background|context|observations?|measurements|glossary|assumptions)\s*:?$/i;

function underNotesHeading(candidate: Candidate): boolean {
  const heading = nearestTitle(candidate.section);
  return heading !== null && NOTES_HEADING.test(heading.replace(/^[\s\d.)#:-]+/, ""));
}

/** A verb in any clause, or a problem word next to a path. */
function asksForWork(text: string): boolean {
  if (actionFromVerb(text) !== null) return true;
  if (text.split(CLAUSES).some((clause) => actionFromVerb(clause) !== null)) return true;
  return /\b(?:TODO|FIXME)\b/.test(text);
}

/** Headings of step lists: their entries are work even without a leading verb. */
const PLAN_HEADING =
  /^(?:[\s\d.)#:-]*)(?:(?:implementation |execution |work |action |migration |rollout |delivery )?plan|(?:next |implementation |remaining |follow[- ]up )?steps|action items|next actions|work items|deliverables|to ?do|todos|(?:open |remaining )?tasks)\s*:?$/i;

/**
 * Headings of lists that point elsewhere, weigh options or list files — the whole heading ("Files", not "Files to
 * change"): their entries are never work, whatever the document's kind.
 */
const POINTER_HEADING =
  /^(?:(?:external |useful |further |additional )?(?:resources|references|links)|see also|related(?: docs| documents| documentation| links| reading| issues| work| pages)?|further reading|reading list|bibliography|sources|credits|acknowledge?ments?|options(?: considered)?|alternatives(?: considered)?|considered (?:options|alternatives|approaches)|approaches(?: considered)?|files|file (?:list|inventory|overview)|key files|inventory|project (?:structure|layout)|directory (?:structure|layout)|(?:repository|repo|folder) (?:structure|layout))(?:\s*\([^)]*\))?\s*:?\s*$/i;

/** `Option A: …`, `Alternative 2 — …`, `Alternatively, …`: a choice under discussion, not work. */
const OPTION_ENTRY =
  /^(?:(?:option|alternative|approach|choice|variant)\s*(?:[A-Z]|\d{1,2})?\s*[:.)\-–—]|alternatively\b)/i;

/** `Chart.tsx – chart component`: a file named and described, with no verb or problem: an inventory line. */
const INVENTORY_ENTRY = /^\S+\.[A-Za-z0-9]{1,6}\/?\s*(?:[–—:]|\s-)\s*(.+)$/;

/** Whether an entry sits under a pointer, options or inventory heading (References, Alternatives, Files). */
export function underPointerHeading(candidate: Candidate): boolean {
  const heading = nearestTitle(candidate.section);
  return heading !== null && POINTER_HEADING.test(heading.replace(/^[\s\d.)#:-]+/, ""));
}

/**
 * An entry that is nothing but links to web pages (`- [OWASP ASVS](https://owasp.org/…)`), with no details: a
 * pointer, wherever the list is ("See also:" under Methodology).
 */
function onlyExternalLinks(candidate: Candidate, text: string): boolean {
  if (candidate.children.length > 0 || candidate.details.length > 0 || candidate.fields.length > 0)
    return false;
  const lines = candidate.title;
  if (lines.length !== 1 || lines[0]!.urls.length === 0) return false;
  // A link to a file, an issue, a pull request or a ticket names work; a link to a page points.
  const page = (url: string) =>
    /^https?:\/\//i.test(url) &&
    !/\/(?:blob|tree|issues|pull|pulls|merge_requests|browse|tickets?)\//i.test(url);
  if (!lines[0]!.urls.every(page)) return false;
  // The text is the links' own text (punctuation aside): a title of a page, even "Set up your machine".
  const outside = lines[0]!.text.replace(/[\s\p{P}\p{S}]+/gu, "").length - (lines[0]!.linked ?? 0);
  return outside <= 0 && text !== "";
}

/** Entries that are not work whatever their rank: pointers, options, inventory lines. */
function notWork(candidate: Candidate, text: string): boolean {
  if (underPointerHeading(candidate)) return true;
  if (onlyExternalLinks(candidate, text)) return true;
  if (OPTION_ENTRY.test(text)) return true;
  const inventory = INVENTORY_ENTRY.exec(text);
  return (
    inventory?.[1] !== undefined && !hasActionSignal(inventory[1]) && !hasActionSignal(text.split(/\s/)[0]!)
  );
}

/**
 * Skip notes must agree with the output: when some entries of a skipped group (same heading, same kind) are items
 * after all, the note says how many were skipped instead of reading as if the whole list was.
 */
export function reconcileSkipNotes(notes: Notes, chosen: readonly Candidate[]): void {
  const taken = new Set(
    chosen.map((candidate) => `skipped:${nearestTitle(candidate.section) ?? ""}:${candidate.kind}`),
  );
  for (const note of notes.list) {
    if (!note.key.startsWith("skipped:") || !taken.has(note.key)) continue;
    const count = notes.counts.get(note.key) ?? 1;
    note.text = note.text.replace(
      /^Skipped (\S+(?: entries)?)/,
      (_whole, kind: string) => `Skipped ${count} of the ${kind}`,
    );
  }
}

/** The kind's plural, for skip notes. */
function describeKind(candidate: Candidate): string {
  switch (candidate.kind) {
    case "task":
      return "tasks";
    case "numbered":
      return "numbered entries";
    case "bullet":
      return "bullets";
    case "row":
      return "table rows";
    case "paragraph":
      return "paragraphs";
    case "heading":
      return "finding headings";
  }
}

/** The strongest kind's plural, for skip notes. */
function describeRank(rank: number): string {
  return rank >= 4
    ? "task lists"
    : rank === 3
      ? "numbered lists"
      : rank >= 1
        ? "bullet lists"
        : rank >= ROW_RANK
          ? "tables"
          : "paragraphs";
}

/**
 * Adds the first paragraph of each finding-shaped section (heading, File/Severity lines, prose) that holds none of
 * the `entries` (list candidates or table rows) to `chosen`, in document order.
 */
export function withFindingSections(
  chosen: Candidate[],
  entries: readonly Candidate[],
  paragraphs: readonly Candidate[],
  notes: Notes,
): Candidate[] {
  const taken = new Set<Section>();
  for (const entry of entries) {
    for (let s: Section | null = entry.section; s !== null; s = s.pseudo ? s.parent : null) taken.add(s);
  }
  const findings = chooseFindingSections(
    paragraphs.filter((paragraph) => !taken.has(paragraph.section) && paragraph.section.depth >= 2),
  );
  if (findings.length === 0) return chosen;
  notes.add(
    "finding-sections",
    null,
    "Sections written as a finding (heading, File/Severity lines, prose) were read as items",
  );
  return [...chosen, ...findings].sort((a, b) => a.line - b.line);
}

/** Paragraph mode: paragraphs with an action signal or a path are items; pure prose is not. */
export function chooseParagraphs(paragraphs: Candidate[]): Candidate[] {
  const chosen: Candidate[] = [];
  for (const paragraph of paragraphs) {
    const text = titleText(paragraph);
    if (text.length < 4 || referenceHeading(paragraph.section) !== null) continue;
    const sentence = actionableSentence(text);
    if (sentence !== null || ownPaths(paragraph, "").length > 0) {
      paragraph.isItem = true;
      chosen.push(paragraph);
    }
  }
  chosen.push(...chooseFindingSections(paragraphs.filter((paragraph) => !paragraph.isItem)));
  chosen.sort((a, b) => a.line - b.line);
  return chosen;
}

/**
 * A section whose field lines name a file, severity or fix — a finding written as heading + "**File**: x" +
 * prose — contributes its first paragraph as an item (unless one of its paragraphs already is one).
 */
function chooseFindingSections(paragraphs: Candidate[]): Candidate[] {
  const chosen: Candidate[] = [];
  const bySection = new Map<Section, Candidate[]>();
  for (const paragraph of paragraphs) {
    const list = bySection.get(paragraph.section) ?? [];
    list.push(paragraph);
    bySection.set(paragraph.section, list);
  }
  for (const [section, list] of bySection) {
    if (list.some((paragraph) => paragraph.isItem)) continue;
    const finding = section.fields.some(
      (field) => field.name === "scope" || field.name === "fix" || field.name === "priority",
    );
    const first = list[0];
    if (!finding || first === undefined || titleText(first).length < 4) continue;
    first.isItem = true;
    chosen.push(first);
  }
  return chosen;
}
