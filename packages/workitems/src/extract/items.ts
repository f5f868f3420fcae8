import { tidyScope } from "../paths.js";
import {
  actionFromHeading,
  actionFromKeywords,
  actionFromVerb,
  clarifyQuestion,
  estimateComplexity,
  isVague,
  priorityFromLabels,
  priorityFromText,
} from "../signals.js";
import { oneLine } from "../text.js";
import type { Action, ItemDetails, Priority } from "../types.js";
import { nearestTitle, ownPaths, titleText } from "./candidates.js";
import { cleanDescription } from "./description.js";
import { DONE_HEADING, isDoneLabel, isDoneValue, saysDone } from "./fields.js";
import { withoutFindingId } from "./headed.js";
import { linePaths } from "./inline.js";
import type { Candidate, Field, InlineLine, Notes, RawItem, Section, WalkState } from "./model.js";
import { actionableSentence, CLAUSES, SENTENCE_SPLIT } from "./sentences.js";

// A chosen candidate as a raw item. Each fact (scope, action, priority, done, size, dependencies, symbols, the
// clarification question) is decided by its own function from the candidate's reading; notes say which were
// inferred rather than written.

/** Reads one chosen candidate into a raw item and records the judgement calls made for it in `notes`. */
export function toRawItem(
  candidate: Candidate,
  state: WalkState,
  documentIndex: number,
  notes: Notes,
  specKit: boolean,
): RawItem {
  const reading = readCandidate(candidate, state.file);
  const { rawText, plain, fields, details, detailText } = reading;
  const scope = scopeOf(reading);
  const action = actionOf(reading);
  const done = doneOf(reading);
  const complexity = estimateComplexity({
    action: action.action,
    text: `${plain} ${detailText} ${sizeText(fields)}`,
    scope: scope.scope,
    detailCount: details.count,
  });
  const item: RawItem = {
    file: reading.file,
    line: candidate.line,
    kind: candidate.kind,
    description: reading.description === "" ? oneLine(rawText) : reading.description,
    text: rawText,
    fullText: fullTextOf(reading),
    dependencyFields: dependencyFieldsOf(fields, reading.containers),
    action: action.action,
    actionSource: action.source,
    scope: scope.scope,
    scopeSource: scope.source,
    ownScope: scope.source === "own",
    priority: priorityOf(reading),
    complexity: complexity.size,
    complexityReason: complexity.reason,
    group: groupOf(reading),
    headings: [...reading.headings],
    done: done.done,
    taskId: reading.taskId,
    parallel: reading.parallel,
    story: reading.story,
    phase: specKit ? candidate.section.phase : null,
    listId: candidate.listId,
    listNumber: candidate.listNumber,
    sequence: state.sequenceLists.has(candidate.listId),
    symbols: symbolsOf([candidate.title, details.lines]),
    clarify: done.done ? null : clarifyOf(reading, action.action, scope.scope),
    documentIndex,
  };
  for (const [key, text] of itemNotes(reading, action, scope, complexity.reason, done))
    notes.add(key, item, text);
  return item;
}

/** What every decision reads about a candidate, worked out once. */
interface Reading {
  candidate: Candidate;
  file: string;
  /** The title as one line. */
  rawText: string;
  /** The description without its spec-kit task id. */
  plain: string;
  description: string;
  taskId: string | null;
  parallel: boolean;
  story: string | null;
  /** Own fields, then fields of the details, then (for a paragraph) the section's fields. */
  fields: Field[];
  details: Details;
  /** The details' text as one line. */
  detailText: string;
  /** Container entries above the candidate, innermost first. */
  containers: Candidate[];
  /** The section and its ancestors, innermost first. */
  sections: Section[];
  /** Titles of the section chain, outermost first. */
  headings: readonly string[];
  underDoneHeading: boolean;
}

/** The candidate's title, description, fields, details and context, as the decisions read them. */
function readCandidate(candidate: Candidate, file: string): Reading {
  const paragraph = candidate.kind === "paragraph";
  const headed = candidate.headed === true;
  const rawText = titleText(candidate);
  // A paragraph's item is its first actionable sentence, else its first sentence.
  const focusText = paragraph
    ? (actionableSentence(rawText) ?? rawText.split(SENTENCE_SPLIT)[0] ?? rawText)
    : headed
      ? headingFocus(candidate)
      : rawText;
  const { description, taskId, parallel, story } = cleanDescription(focusText);
  const details = collectDetails(candidate);
  // A heading item sits in the section above its own heading.
  const facts = sectionFacts(headed ? (candidate.section.parent ?? candidate.section) : candidate.section);
  return {
    candidate,
    file,
    rawText,
    plain: taskId === null ? description : description.slice(taskId.length).trim(),
    description,
    taskId,
    parallel,
    story,
    fields:
      paragraph || headed
        ? [...candidate.fields, ...details.fields, ...candidate.section.fields]
        : [...candidate.fields, ...details.fields],
    details,
    detailText: oneLine(details.lines.map((line) => line.text).join(" ")),
    containers: containerChain(candidate),
    sections: facts.chain,
    headings: facts.headings,
    underDoneHeading: facts.underDoneHeading,
  };
}

/**
 * What a heading item is called: the heading without a finding id ("H2. Token compared" → "Token compared"); a
 * heading that is only an id ("### H2") is named by its Impact, Issue or Fix line, else by the first sentence of the
 * prose under it.
 */
function headingFocus(candidate: Candidate): string {
  const title = withoutFindingId(titleText(candidate));
  if (/[\p{L}]{2,}/u.test(title)) return title;
  const fields = candidate.section.fields;
  const named =
    fields.find((field) =>
      /^(?:impact|issue|problem|finding|description|summary)$/i.test(field.label ?? ""),
    ) ?? fields.find((field) => field.name === "fix");
  if (named?.value) return named.value;
  // Else the first sentence of the prose under it.
  const prose = oneLine(candidate.details.map((line) => line.text).join(" "));
  const sentence = prose.split(SENTENCE_SPLIT)[0] ?? "";
  return sentence.length >= 4 ? sentence : titleText(candidate);
}

/** The scope an item works on and where it came from. */
interface ScopeDecision {
  scope: string[];
  source: ItemDetails["scopeSource"];
  /** Title of the entry or section the scope was inherited from ("" when own or none). */
  origin: string;
}

/** Scope: own text, fields and details first; then the enclosing entry; then the section and its headings. */
function scopeOf(reading: Reading): ScopeDecision {
  const { candidate, file, fields, details } = reading;
  const own = tidyScope([
    ...candidate.title.flatMap((line) => linePaths(line, file, false)),
    ...fields.flatMap((field) => field.paths),
    ...details.lines.flatMap((line) => linePaths(line, file, false)),
  ]);
  if (own.length > 0) return { scope: own, source: "own", origin: "" };
  for (const container of reading.containers) {
    const inherited = tidyScope([
      ...ownPaths(container, file),
      ...container.details.flatMap((line) => linePaths(line, file, false)),
    ]);
    if (inherited.length > 0) return { scope: inherited, source: "parent", origin: titleText(container) };
  }
  for (const section of reading.sections) {
    const fromFields = section.fields.flatMap((field) => (field.name === "scope" ? field.paths : []));
    const inherited = tidyScope(fromFields.length > 0 ? fromFields : section.paths);
    if (inherited.length > 0) {
      return {
        scope: inherited,
        source: fromFields.length > 0 ? "section" : "heading",
        origin: section.title ?? "",
      };
    }
  }
  return { scope: own, source: "none", origin: "" };
}

/** The action of an item and which signal gave it. */
interface ActionDecision {
  action: Action;
  source: ItemDetails["actionSource"];
}

/**
 * Action: the leading verb, problem words in the title, a verb in a later clause, a Fix:/Recommendation: field,
 * problem words in the details, then the headings; else a default from the title's grammar.
 */
function actionOf(reading: Reading): ActionDecision {
  const { plain } = reading;
  // A finding heading's leading participle describes the problem ("Stored XSS", "Hardcoded key"): no verb.
  const participle = reading.candidate.kind === "heading" && /^[^\p{L}]*\p{L}+ed\b/u.test(plain);
  const verb = participle ? null : actionFromVerb(plain);
  if (verb !== null) return { action: verb, source: "verb" };
  const keyword = actionFromKeywords(plain);
  if (keyword !== null) return { action: keyword, source: "keyword" };
  // "The README still mentions Node 16; bump it to Node 20."
  for (const clause of plain.split(CLAUSES).slice(1)) {
    const action = actionFromVerb(clause);
    if (action !== null) return { action, source: "verb" };
  }
  const fix = reading.fields.find((field) => field.name === "fix");
  const fixAction = fix === undefined ? null : actionFromVerb(fix.value);
  if (fix !== undefined && fixAction !== null) {
    // A finding's remedy "Verify the signature before parsing" asks for code that verifies: a fix, not a test.
    const verifies = fixAction === "test" && /^\W*verify\b/i.test(fix.value);
    return { action: verifies ? "fix" : fixAction, source: "field" };
  }
  const inDetails = actionFromKeywords(reading.detailText);
  if (inDetails !== null) return { action: inDetails, source: "keyword" };
  // A finding heading sits under a severity or "Findings" heading, or the document's title ("Code review:
  // checkout refactor"): they say nothing about what fixing it takes.
  const finding = reading.candidate.kind === "heading";
  const titles = finding
    ? []
    : [...reading.containers.map(titleText), ...reading.sections.map((section) => section.title ?? "")];
  for (const title of titles) {
    const action = actionFromHeading(title);
    if (action !== null) return { action, source: "heading" };
  }
  // A statement ("X is rounded wrong") reports a problem; a noun phrase ("Dark mode toggle") names a feature.
  // A finding written as a heading reports a problem.
  const statement = reading.candidate.kind === "heading" || STATEMENT.test(plain);
  return { action: statement ? "fix" : "add", source: "default" };
}

/** A verb of a statement: the title reports a state of things rather than naming a feature. */
const STATEMENT =
  /\b(?:is|are|was|were|isn'?t|aren'?t|wasn'?t|does|doesn'?t|do|don'?t|did|didn'?t|can'?t|cannot|won'?t|has|have|had|shows?|returns?|throws?|happens?|occurs?|gets?|breaks?|causes?|leads?|uses?|allows?|lets?)\b/i;

/** Priority: own markers and fields, then the enclosing entry, then the nearest heading that has one. */
function priorityOf(reading: Reading): Priority | null {
  const { candidate } = reading;
  const own = priorityFromText(
    reading.rawText,
    candidate.title.flatMap((line) => line.emphasised),
  );
  if (own !== null) return own;
  for (const field of reading.fields) {
    // "labels: bug, P1" / "tags: priority/p2" on a continuation line name the entry's priority too.
    if (field.name === "info" && LABEL_FIELD.test(field.label ?? "")) {
      const labelled = priorityFromLabels(field.value);
      if (labelled !== null) return labelled;
    }
    if (field.name !== "priority") continue;
    const priority =
      priorityFromText(`priority: ${field.value}`, field.emphasised) ??
      priorityFromLabels(`${field.label ?? "priority"} ${field.value}`);
    if (priority !== null) return priority;
  }
  for (const container of reading.containers) {
    const priority =
      priorityFromText(
        titleText(container),
        container.title.flatMap((line) => line.emphasised),
      ) ?? priorityField(container.fields);
    if (priority !== null) return priority;
  }
  for (const section of reading.sections) {
    const priority = section.priority ?? priorityField(section.fields);
    if (priority !== null) return priority;
  }
  return null;
}

/** Field labels whose values are tracker labels (`labels: bug, P1`). */
const LABEL_FIELD = /^(?:labels?|tags?)$/i;

/** The first priority a `Priority:`/`Severity:` field of an entry or section names. */
function priorityField(fields: readonly Field[]): Priority | null {
  for (const field of fields) {
    if (field.name !== "priority") continue;
    const priority = priorityFromText(`priority: ${field.value}`);
    if (priority !== null) return priority;
  }
  return null;
}

/** Whether an item is done, with the reasons that need a note. */
interface DoneDecision {
  done: boolean;
  /** Every title line is struck through (~~…~~). */
  struck: boolean;
  /** The closest container with a checkbox is checked. */
  inheritedDone: boolean;
  underDoneHeading: boolean;
  /** The entry says it is done in words ("Fixed in #12", "**Fix applied:** …"). */
  saysDone: boolean;
}

/** Done: checked, under a checked entry or a Done heading, a done Status field, or struck through. */
function doneOf(reading: Reading): DoneDecision {
  const { candidate, underDoneHeading } = reading;
  const status = reading.fields.find((field) => field.name === "status");
  const struck = candidate.title.length > 0 && candidate.title.every((line) => line.struck);
  const inheritedDone = reading.containers.find((container) => container.checked !== null)?.checked === true;
  const words =
    candidate.checked === null &&
    (saysDone(reading.rawText) || reading.fields.some((field) => isDoneLabel(field.label)));
  const done =
    candidate.checked === true ||
    (candidate.checked === null && (inheritedDone || underDoneHeading)) ||
    (status !== undefined && isDoneValue(status.value)) ||
    struck ||
    words;
  return { done, struck, inheritedDone, underDoneHeading, saysDone: words };
}

/** A `Size:`/`Effort:` field as sizing text, or "". */
function sizeText(fields: readonly Field[]): string {
  const size = fields.find((field) => field.name === "size");
  return size === undefined ? "" : `size: ${size.value}`;
}

/** Text to scan for dependency phrases: the title, the details (not for a paragraph) and the field values. */
function fullTextOf(reading: Reading): string {
  const paragraph = reading.candidate.kind === "paragraph";
  return oneLine(
    `${reading.rawText} ${paragraph ? "" : reading.detailText} ${reading.fields.map((field) => field.value).join(" ")}`,
  );
}

/** The group: the enclosing entry's title, else the nearest heading. */
function groupOf(reading: Reading): string | null {
  const container = reading.containers[0];
  // A heading item is grouped by the heading above it, not by itself.
  const section =
    reading.candidate.headed === true ? reading.candidate.section.parent : reading.candidate.section;
  return container !== undefined ? titleText(container) || nearestTitle(section) : nearestTitle(section);
}

/** Values of `Depends on:` fields, own first, then those of the enclosing entries. */
function dependencyFieldsOf(fields: readonly Field[], containers: readonly Candidate[]): string[] {
  const values = fields.filter((field) => field.name === "depends").map((field) => field.value);
  for (const container of containers) {
    for (const field of container.fields) if (field.name === "depends") values.push(field.value);
  }
  return values;
}

/** Inline code that names a symbol (`parseConfig`, `UserModel`), after `()` is dropped. */
const SYMBOL = /^[A-Za-z_$][\w$]{3,}$/;

/** Identifiers too common to say that two items touch the same code. */
const COMMON_IDENTIFIERS = new Set(
  "null true false undefined none self this async await return string number boolean object array void main index test tests todo fixme error errors config value values data type types props state".split(
    " ",
  ),
);

/** Symbols named in inline code of the given lines, in order of first mention. */
function symbolsOf(groups: ReadonlyArray<readonly InlineLine[]>): string[] {
  const symbols = new Set<string>();
  for (const lines of groups) {
    for (const line of lines) {
      for (const code of line.codes) {
        const symbol = code.trim().replace(/\(\)$/, "");
        if (SYMBOL.test(symbol) && !COMMON_IDENTIFIERS.has(symbol.toLowerCase())) symbols.add(symbol);
      }
    }
  }
  return [...symbols];
}

/** The question an open item needs answered before it can be assigned (empty, vague or without scope), or null. */
function clarifyOf(reading: Reading, action: Action, scope: readonly string[]): string | null {
  const { plain, candidate, file } = reading;
  if (plain === "" || !/[\p{L}\p{N}]/u.test(plain)) return clarifyQuestion(action, true, "");
  const vague = isVague(plain) && !candidate.title.some((line) => linePaths(line, file, false).length > 0);
  if (vague) return clarifyQuestion(action, true, plain);
  return scope.length === 0 ? clarifyQuestion(action, false, plain) : null;
}

/** The judgement calls made for an item, as note keys and texts, in the order they are reported. */
function itemNotes(
  reading: Reading,
  action: ActionDecision,
  scope: ScopeDecision,
  complexityReason: string,
  done: DoneDecision,
): Array<[string, string]> {
  const checked = reading.candidate.checked;
  const notes: Array<[string, string]> = [];
  if (reading.fields.length > 0 && action.source === "field") {
    notes.push([
      `action-field:${action.action}`,
      `action "${action.action}" taken from the recommendation field`,
    ]);
  }
  if (action.source === "heading")
    notes.push([
      `action-heading:${action.action}`,
      `no action verb; "${action.action}" inferred from the heading`,
    ]);
  if (action.source === "default")
    notes.push([`action-default:${action.action}`, `no action verb or keyword; assumed "${action.action}"`]);
  if (scope.source === "parent" || scope.source === "section" || scope.source === "heading") {
    notes.push([`scope:${scope.origin}`, `scope ${scope.scope.join(", ")} inherited from "${scope.origin}"`]);
  }
  if (
    complexityReason.includes("all/entire") &&
    /comprehensive|entire|\ball\b|every|whole/i.test(`${reading.plain} ${reading.detailText}`)
  ) {
    notes.push([`size-breadth`, 'sized up for "all/entire/comprehensive" wording']);
  }
  if (done.inheritedDone && checked === null)
    notes.push(["done-parent", "marked done because the parent entry is checked"]);
  if (done.underDoneHeading && checked === null && !done.inheritedDone) {
    notes.push(["done-heading", "marked done because it sits under a Done/Completed heading"]);
  }
  if (done.struck && checked !== true) notes.push(["done-struck", "struck through (~~…~~): read as done"]);
  if (done.saysDone && !done.struck)
    notes.push(["done-words", 'says it is done ("Fixed in …", "Fix applied:"): read as done']);
  return notes;
}

/** The non-item content below an item (nested entries that are details). */
interface Details {
  lines: InlineLine[];
  fields: Field[];
  /** How many detail entries there are (a sizing signal). */
  count: number;
}

/** Text and fields of the non-item content below an item (nested lists that are details). */
function collectDetails(candidate: Candidate): Details {
  const lines = [...candidate.details];
  const fields: Field[] = [];
  let count = 0;
  const stack = [...candidate.children].reverse();
  while (stack.length > 0) {
    const child = stack.pop()!;
    if (child.isItem || child.isContainer) continue;
    count++;
    lines.push(...child.title, ...child.details);
    fields.push(...child.fields);
    for (let i = child.children.length - 1; i >= 0; i--) stack.push(child.children[i]!);
  }
  return { lines, fields, count };
}

/** The container entries above a candidate, innermost first: they give it group, scope, priority and done state. */
function containerChain(candidate: Candidate): Candidate[] {
  const chain: Candidate[] = [];
  for (let parent = candidate.parent; parent !== null; parent = parent.parent)
    if (parent.isContainer) chain.push(parent);
  return chain;
}

/** What items take from their section chain; the same for every item of a section, so computed once. */
interface SectionFacts {
  /** The section and its ancestors, innermost first. */
  chain: Section[];
  /** Titles of the chain, outermost first. */
  headings: string[];
  underDoneHeading: boolean;
}

/** Section facts by section: every item of a section shares them. */
const sectionFactsCache = new WeakMap<Section, SectionFacts>();

/** The section facts of `section`, from the cache when another item of the section asked first. */
function sectionFacts(section: Section): SectionFacts {
  const cached = sectionFactsCache.get(section);
  if (cached !== undefined) return cached;
  const chain: Section[] = [];
  for (let s: Section | null = section; s !== null; s = s.parent) chain.push(s);
  const facts: SectionFacts = {
    chain,
    headings: chain
      .map((s) => s.title)
      .filter((title): title is string => title !== null)
      .reverse(),
    underDoneHeading: chain.some((s) => s.title !== null && DONE_HEADING.test(s.title)),
  };
  sectionFactsCache.set(section, facts);
  return facts;
}
