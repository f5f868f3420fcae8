import type { Field } from "./model.js";

// Names of `Label: value` details and the words that say a heading or value means "done" or "not work".

/** Labels of each field kind, as regex alternatives; a label matching none is an `info` field. */
const FIELD_KINDS: ReadonlyArray<[Field["name"], string]> = [
  [
    "scope",
    "file|files|path|paths|location|locations|where|affected files?|affected|source|source file|module|component|area|scope|found in|class|function|method|code|target",
  ],
  ["line", "line|lines|line numbers?|lines? affected"],
  ["priority", "severity|priority|prio|impact|urgency|risk|criticality"],
  ["size", "effort|estimate|estimated effort|size|complexity|t-?shirt size"],
  [
    "depends",
    "depends on|dependencies|dependency|depends|blocked by|blockers?|requires|prerequisites?|after|needs|waiting on",
  ],
  [
    "fix",
    "fix|recommendation|recommendations|recommended fix|recommended action|suggestion|suggested fix|solution|proposed fix|proposal|remediation|resolution|mitigation",
  ],
  ["status", "status|state|progress"],
  [
    "info",
    "description|issue|problem|details|context|why|rationale|reason|notes?|example|examples|evidence|reproduction|repro|steps to reproduce|steps|expected|actual|owner|owners|assignee|assignees|reviewer|category|type|tags|labels|date|version|commit|pr|ticket|id|references?|links?|see|see also|tests?|cwe|owasp|confidence|summary|observation|finding|current|current behaviou?r|expected behaviou?r|result|outcome|effect|consequence|caveat|warning",
  ],
];

/** Any known field label (case-insensitive). */
export const FIELD_NAME_PATTERN = new RegExp(`^(?:${FIELD_KINDS.map(([, names]) => names).join("|")})$`, "i");

/** One matcher per kind, tried in the order of `FIELD_KINDS` (labels are lower-cased first). */
const FIELD_KIND_PATTERNS = FIELD_KINDS.map(([kind, names]) => [kind, new RegExp(`^(?:${names})$`)] as const);

/** The kind of a field label (`Severity` → priority); unknown labels are info. */
export function fieldKind(label: string): Field["name"] {
  const lower = label.toLowerCase().trim();
  for (const [kind, pattern] of FIELD_KIND_PATTERNS) if (pattern.test(lower)) return kind;
  return "info";
}

/** Headings under which weaker-kind lists are reference material, not work. */
export const NON_WORK_HEADING =
  /^(?:notes?|references?|links?|resources|background|context|summary|overview|introduction|intro|motivation|goals?|non[- ]goals?|out of scope|glossary|faq|appendix|changelog|history|credits|acknowledge?ments?|dependencies(?: (?:&|and) execution order)?|execution order|implementation strategy|parallel (?:example|opportunities).*|strategy|usage|installation|how to .*|setup instructions|table of contents|contents|toc|metadata|reviewers?|participants|attendees|legend|format|conventions|checklist|review checklist|definition of done|acceptance criteria|success criteria|testing strategy|test plan|timeline|schedule|status|(?:ground |house |working )?rules|protocol|guidelines|instructions(?: for agents)?|working agreements?|how we work)\b/i;

/** Headings whose entries are done work ("Done", "Completed"). */
export const DONE_HEADING = /^(?:done|completed?|finished|shipped|resolved|closed|fixed|merged|archived?)\b/i;

/** Status words and glyphs that mean done. */
const DONE_VALUE = /\b(?:done|fixed|resolved|completed?|closed|merged|shipped|implemented|addressed)\b|✅|✔/i;

/** "Not done", "not yet fixed", "won't be merged", "never shipped": a done word, negated. */
const NOT_DONE =
  /\b(?:not|never|no longer|isn't|wasn't|aren't|won't|can't|cannot)\s+(?:(?:yet|be|been|fully|really|quite|completely)\s+)*(?:done|fixed|resolved|completed?|closed|merged|shipped|implemented|addressed)\b/i;

/** A Status value that says the work is done: `done`, `Fixed ✅`, `closed in #12` — but not `not done yet`. */
export function isDoneValue(value: string): boolean {
  return DONE_VALUE.test(value) && !NOT_DONE.test(value);
}

/**
 * An entry that says in its own words that it is done: "Fix applied: …", "Fixed in #412", "Resolved in v2.3",
 * "Done: …", or a trailing "— fixed in a1b2c3d". "TODO", "missing" and ❌ say nothing of the kind: open.
 */
const DONE_ENTRY =
  /^\W*(?:fix(?:es)? applied\b|fixed (?:in|by|via)\b|resolved (?:in|by)\b|addressed in\b|implemented in\b|shipped in\b|done\s*[:\-–—])|\b(?:fixed|resolved|addressed|shipped|merged) in\s+(?:#\d+|pr\b|pull\b|commit\b|v?\d|[0-9a-f]{7,40}\b)/i;

/** Whether an entry's title says it is done ("Fixed in #12", "Fix applied: masked the token"). */
export function saysDone(title: string): boolean {
  return DONE_ENTRY.test(title) && !NOT_DONE.test(title);
}

/** Field labels that report the work as done (`**Fix applied:** …`, `Fixed in: #12`, `Resolved:`). */
const DONE_LABEL = /^(?:fix(?:es)? applied|fixed(?: in| by)?|resolved(?: in| by)?|applied fix|done)$/i;

/** Whether a field line's label reports the work done. */
export function isDoneLabel(label: string | undefined): boolean {
  return label !== undefined && DONE_LABEL.test(label.trim());
}
