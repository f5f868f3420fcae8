import { resolveDependencies } from "./dependencies.js";
import { WorkItemsError } from "./errors.js";
import { type DocumentExtraction, extractDocument, type Note, Notes, type RawItem } from "./extract/index.js";
import { DisjointSets, executionOrder, graphShape, isLinearChain, stronglyConnected } from "./graph.js";
import { groupUnits } from "./group.js";
import { readMarkdownBlocks } from "./markdown.js";
import { commonDirectory, isInside, tidyScope } from "./paths.js";
import { HOURS, priorityFromHeading, sizeOfHours } from "./signals.js";
import { identifierParts, itemNumber, numberRanges, oneLine, slugify } from "./text.js";
import type {
  Action,
  Assessment,
  AssessmentRule,
  ClarifyItem,
  DependencyEdge,
  ExtractedDocument,
  ItemDetails,
  Plan,
  PlanOptions,
  PlanWorker,
  ScopeOverlap,
  SourceDocument,
  WorkItem,
} from "./types.js";

/* ---------------------------------------------------------------------------------------------- reading */

function readDocument(document: SourceDocument, documentIndex: number): DocumentExtraction {
  try {
    // Piece by piece: each piece's tree is dropped once walked, so a large document's tree never lives whole.
    return extractDocument((visit) => readMarkdownBlocks(document.text, visit), document.file, documentIndex);
  } catch (error) {
    // The parser can exhaust the stack on pathological nesting; such a document yields no items, said aloud.
    const notes = new Notes();
    const reason = error instanceof Error ? error.message : String(error);
    notes.add(
      "unreadable",
      null,
      `${document.file} could not be read as markdown (${reason}); no items taken from it`,
    );
    return { file: document.file, items: [], kind: null, specKit: false, notes };
  }
}

interface Finalized {
  raw: RawItem[];
  items: WorkItem[];
  details: ItemDetails[];
  dependencies: DependencyEdge[];
  pairs: Array<[number, number]>;
  notes: Note[];
}

function finalize(extractions: readonly DocumentExtraction[]): Finalized {
  const raw = extractions.flatMap((extraction) => extraction.items);
  const ids = raw.map((_, index) => `item-${index + 1}`);
  const dependencyNotes = new Notes();
  const dependencies = resolveDependencies(raw, ids, dependencyNotes);
  const pairs: Array<[number, number]> = dependencies.map((edge) => [
    itemNumber(edge.from) - 1,
    itemNumber(edge.to) - 1,
  ]);
  const waitsFor: string[][] = raw.map(() => []);
  for (const [from, to] of pairs) waitsFor[from]!.push(ids[to]!);
  const items: WorkItem[] = raw.map((item, index) => ({
    id: ids[index]!,
    action: item.action,
    description: item.description,
    scope: [...item.scope],
    priority: item.priority,
    complexity: item.complexity,
    dependencies: [...new Set(waitsFor[index])].sort((a, b) => itemNumber(a) - itemNumber(b)),
    group: item.group,
    done: item.done,
    source: { file: item.file, line: item.line },
  }));
  const details: ItemDetails[] = raw.map((item, index) => ({
    id: ids[index]!,
    kind: item.kind,
    taskId: item.taskId,
    parallel: item.parallel,
    story: item.story,
    headings: item.headings,
    text: item.text,
    actionSource: item.actionSource,
    scopeSource: item.scopeSource,
    clarify: item.clarify,
  }));
  const notes = [...extractions.flatMap((extraction) => extraction.notes.list), ...dependencyNotes.list];
  return { raw, items, details, dependencies, pairs, notes };
}

function renderNotes(notes: readonly Note[], raw: readonly RawItem[]): string[] {
  const numberOf = new Map(raw.map((item, index) => [item, index + 1]));
  return notes.map((note) => {
    if (note.items.length === 0) return note.text;
    const numbers = note.items.map((item) => numberOf.get(item) ?? 0);
    const label = numbers.length === 1 ? `Item ${numbers[0]}` : `Items ${numberRanges(numbers)}`;
    return `${label}: ${note.text}`;
  });
}

function checkText(text: unknown, what: string): string {
  if (typeof text === "string") return text;
  throw new WorkItemsError(
    "E_OPTIONS",
    `${what} must be a string of markdown, received ${describe(text)}. Pass the file's contents as text (e.g. readFileSync(path, "utf8")).`,
  );
}

function checkName(name: unknown, what: string): string {
  if (typeof name === "string") return name;
  throw new WorkItemsError(
    "E_OPTIONS",
    `${what} must be a string naming the document (e.g. "TODO.md"), received ${describe(name)}.`,
  );
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Uint8Array) return "a Buffer (bytes, not text)";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  return typeof value;
}

/**
 * Reads one markdown document into work items: extraction in the seed's priority order, fields per item,
 * dependencies between the document's items. Pure; never throws on document content.
 *
 * @param text Markdown source.
 * @param options `file`: the name used in `source.file` (default `"document.md"`).
 * @returns The document's items, per-item details, dependency edges and the judgement calls made.
 */
export function workItemsFromMarkdown(text: string, options: { file?: string } = {}): ExtractedDocument {
  const file = options.file === undefined ? "document.md" : checkName(options.file, "options.file");
  const extraction = readDocument({ file, text: checkText(text, "text") }, 0);
  const finalized = finalize([extraction]);
  return {
    file,
    items: finalized.items,
    details: finalized.details,
    dependencies: finalized.dependencies,
    kind: extraction.kind,
    specKit: extraction.specKit,
    assumptions: renderNotes(finalized.notes, finalized.raw),
  };
}

/* ------------------------------------------------------------------------------------------------ plan */

const ACTION_NOUN: Readonly<Record<Action, string>> = {
  fix: "fixes",
  refactor: "refactoring",
  test: "tests",
  add: "features",
  remove: "removals",
  update: "updates",
  docs: "docs",
  investigate: "investigation",
};

const GENERIC_HEADING =
  /^(?:(?:todo|to-?do(?: list)?|tasks|task list|backlog|code review|review|retro(?:spective)?|notes|plan)\b.*|(?:task|findings?|issues?|bugs?|notes?|improvements?|fixes|work items?|action items?|items?|checklist|next steps|follow[- ]?ups?|open items|misc.*|other|general|summary|overview|tech(?:nical)? debt|known issues|problems|done|completed?))$/i;

function validateOptions(options: PlanOptions): void {
  if (options === null || typeof options !== "object") {
    throw new WorkItemsError(
      "E_OPTIONS",
      `planWork options must be an object, received ${describe(options)}. Pass {} or { workers: 3 }.`,
    );
  }
  const workers = options.workers;
  if (workers !== undefined && (typeof workers !== "number" || !Number.isInteger(workers) || workers < 1)) {
    throw new WorkItemsError(
      "E_OPTIONS",
      `workers must be a whole number of at least 1, received ${describe(workers)}. Omit it for the default (2–4 from the estimated work) or pass e.g. { workers: 3 }.`,
    );
  }
}

function validateDocuments(documents: unknown): SourceDocument[] {
  if (!Array.isArray(documents)) {
    throw new WorkItemsError(
      "E_OPTIONS",
      `planWork expects an array of { file, text } documents, received ${describe(documents)}. Wrap a single document: planWork([{ file: "TODO.md", text }]).`,
    );
  }
  return documents.map((document, index) => {
    if (document === null || typeof document !== "object") {
      throw new WorkItemsError(
        "E_OPTIONS",
        `documents[${index}] must be { file, text }, received ${describe(document)}. Pass objects like { file: "TODO.md", text }.`,
      );
    }
    const { file, text } = document as { file?: unknown; text?: unknown };
    return {
      file: checkName(file, `documents[${index}].file`),
      text: checkText(text, `documents[${index}].text`),
    };
  });
}

/**
 * Turns documents into a plan: items (ids across all sources), items needing clarification, assumptions, the
 * seed's parallelizability assessment and workers with exclusive scopes. Pure; throws {@link WorkItemsError}
 * only for invalid options.
 *
 * @param documents Markdown documents, in the order their items should be numbered.
 * @param options `workers`: worker count for a parallel plan (default 2–4 from the estimated work).
 */
export function planWork(documents: SourceDocument[], options: PlanOptions = {}): Plan {
  validateOptions(options);
  const sources = validateDocuments(documents);
  const finalized = finalize(sources.map((document, index) => readDocument(document, index)));
  const { raw, items } = finalized;
  const notes = new Notes();

  const ready: number[] = [];
  const clarify: ClarifyItem[] = [];
  const doneItems: RawItem[] = [];
  for (const [index, item] of raw.entries()) {
    if (item.done) doneItems.push(item);
    else if (item.clarify !== null)
      clarify.push({ id: items[index]!.id, text: item.text || item.description, issue: item.clarify });
    else ready.push(index);
  }
  for (const item of doneItems) notes.add("done", item, "already done; not assigned");
  const localOf = new Map(ready.map((global, local) => [global, local]));
  const edges: Array<[number, number]> = [];
  const waitsOnUnclear = new Map<number, number[]>();
  for (const [from, to] of finalized.pairs) {
    const a = localOf.get(from);
    const b = localOf.get(to);
    if (a !== undefined && b !== undefined) edges.push([a, b]);
    else if (a !== undefined && raw[to]!.clarify !== null && !raw[to]!.done) {
      const list = waitsOnUnclear.get(from) ?? [];
      list.push(to + 1);
      waitsOnUnclear.set(from, list);
    }
  }
  for (const [from, numbers] of waitsOnUnclear) {
    const label =
      numbers.length === 1 ? `item ${numbers[0]}, which needs` : `items ${numberRanges(numbers)}, which need`;
    notes.add(`waits-clarify:${numbers.join(",")}`, raw[from]!, `waits for ${label} clarification`);
  }

  const count = ready.length;
  const idOf = (local: number) => items[ready[local]!]!.id;
  const cycles = stronglyConnected(count, edges).filter((component) => component.length > 1);
  for (const cycle of cycles) {
    notes.add(
      `cycle:${cycle[0]}`,
      null,
      `Dependency cycle between items ${cycle.map((local) => ready[local]! + 1).join(", ")}: kept in one worker, in document order`,
    );
  }
  const order = executionOrder(count, edges);
  const shape = graphShape(count, edges);
  const covering = coveringHeadings(ready.map((index) => raw[index]!));
  const nested = ready.flatMap((index) => raw[index]!.scope.filter((path) => path.includes("/")));
  const context: Context = {
    covering,
    features: [],
    root: commonDirectory(nested),
    raw,
    ready,
    edges,
    order,
    notes,
    idOf,
  };
  context.features = featureKeys(context);
  const { assessment, workers, overlaps } = assessAndGroup(context, options.workers);

  const assumptions = [...renderNotes(finalized.notes, raw), ...renderNotes(notes.list, raw)];
  return {
    sources: sources.map((document) => document.file),
    items,
    details: finalized.details,
    dependencies: finalized.dependencies,
    clarify,
    assumptions,
    assessment,
    workers,
    order: order.map(idOf),
    cycles: cycles.map((cycle) => cycle.map(idOf)),
    overlaps,
    graph: {
      independent: shape.independent.map(idOf),
      chains: shape.chains.map((chain) => chain.map(idOf)),
      clusters: shape.clusters.map((cluster) => cluster.map(idOf)),
    },
  };
}

/* ------------------------------------------------------------------------------------------ assessment */

function coveringHeadings(items: readonly RawItem[]): Set<string> {
  const first = items[0];
  if (first === undefined) return new Set();
  let shared = new Set(first.headings);
  for (let i = 1; i < items.length && shared.size > 0; i++) {
    const own = items[i]!.headings;
    shared = new Set([...shared].filter((heading) => own.includes(heading)));
  }
  return shared;
}

interface Context {
  /** Headings every ready item sits under (document titles): no use for telling workers apart. */
  covering: ReadonlySet<string>;
  /** Feature key per ready item (see featureKeys); filled before grouping. */
  features: Array<string | null>;
  /** Directory every ready item's nested paths share (e.g. "physioai/"): no use for naming workers. */
  root: string;
  raw: readonly RawItem[];
  /** Global indices of ready items; "local" indices below index this array. */
  ready: readonly number[];
  edges: ReadonlyArray<[number, number]>;
  order: readonly number[];
  notes: Notes;
  idOf: (local: number) => string;
}

function itemOf(context: Context, local: number): RawItem {
  return context.raw[context.ready[local]!]!;
}

function hoursOf(context: Context, locals: readonly number[]): number {
  return locals.reduce((sum, local) => sum + HOURS[itemOf(context, local).complexity], 0);
}

function assessAndGroup(
  context: Context,
  requested: number | undefined,
): { assessment: Assessment; workers: PlanWorker[]; overlaps: ScopeOverlap[] } {
  const count = context.ready.length;
  const all = [...context.order];
  const overlapSets = new DisjointSets(count);
  const found = findOverlaps(context, overlapSets);
  const sequential = (rule: AssessmentRule, reason: string) => {
    const workers = count === 0 ? [] : [makeWorker(context, 1, all)];
    return {
      assessment: { mode: "sequential" as const, rule, reason, workers: workers.length },
      workers,
      overlaps: describeOverlaps(context, found, workers),
    };
  };
  if (count === 0) return sequential("no-items", "No ready items: nothing to assign");
  if (requested === 1) return sequential("requested-one-worker", "One worker requested (workers: 1)");

  const sharedFile = commonFile(context);
  if (count >= 2 && sharedFile !== null) {
    return sequential(
      "same-file",
      `All items touch the same file (${sharedFile}) — sequential, parallel work would conflict`,
    );
  }
  if (isLinearChain(context.order, context.edges)) {
    const chain = context.order.map((local) => context.ready[local]! + 1).join(" → ");
    return sequential(
      "linear-chain",
      `The items form a linear dependency chain (${chain}) — sequential, it cannot be parallelized`,
    );
  }
  if (count < 3)
    return sequential("too-few-items", `Only ${count} ready items (fewer than 3) — overhead exceeds benefit`);
  const total = hoursOf(context, all);
  if (total < 2) {
    return sequential(
      "too-little-work",
      `Estimated total work ${formatHours(total)} (under 2 h) — a single session is simpler`,
    );
  }
  const module = commonTestModule(context);
  if (module !== null) {
    return sequential(
      "tests-for-one-module",
      `All items are tests for the same module (${module}) — one coherent test suite`,
    );
  }
  const overlapGroups = overlapSets.groups(count);
  if (overlapGroups.length === 1) {
    const paths = found.flatMap((overlap) => overlap.paths).slice(0, 3);
    return sequential(
      "overlapping-files",
      `Items touch overlapping files (${paths.join(", ")}) — cannot parallelize without conflicts; flagged for review`,
    );
  }

  // Units: items that must share a worker (overlapping files, cycles, chain links, same-feature dependencies).
  const unitSets = overlapSets;
  const features = context.features;
  const outDegree = new Int32Array(count);
  const inDegree = new Int32Array(count);
  for (const [from, to] of context.edges) {
    outDegree[from]!++;
    inDegree[to]!++;
  }
  for (const [from, to] of context.edges) {
    const chainLink = outDegree[from] === 1 && inDegree[to] === 1;
    const sameFeature = features[from] !== null && features[from] === features[to];
    if (chainLink || sameFeature) unitSets.union(from, to);
  }
  for (const cycle of stronglyConnected(count, context.edges))
    for (const member of cycle) unitSets.union(cycle[0]!, member);
  const units = unitSets.groups(count);
  if (units.length === 1) {
    return sequential(
      "single-cluster",
      "All items form one dependency cluster — kept together in one worker",
    );
  }

  const target = requested ?? Math.max(2, Math.min(4, Math.floor(total / 2)));
  if (requested !== undefined && requested > units.length) {
    context.notes.add(
      "requested-workers",
      null,
      `${requested} workers requested, but only ${units.length} groups can work independently: using ${units.length}`,
    );
  }
  const grouping = groupUnits({
    hours: context.ready.map((index) => HOURS[context.raw[index]!.complexity]),
    scope: context.ready.map((index) => context.raw[index]!.scope),
    features,
    edges: context.edges,
    units,
    target: Math.min(target, units.length),
  });
  for (const note of grouping.notes) context.notes.add(note, null, note);
  const groups = grouping.groups;
  const workers = buildWorkers(context, groups);
  if (workers.length === 1) {
    return sequential(
      "single-cluster",
      "All items depend on each other across groups — kept together in one worker",
    );
  }
  const crossWaits = workers.some((worker) => worker.dependsOn.length > 0);
  const rule: AssessmentRule =
    crossWaits || context.edges.length > 0 ? "independent-clusters" : "independent-files";
  const reason =
    rule === "independent-files"
      ? `Items touch independent files/modules — parallel execution with ${workers.length} workers`
      : `Mix of independent clusters — grouped into ${workers.length} workers${crossWaits ? " (some wait for others, see dependsOn)" : ""}`;
  return {
    assessment: { mode: "parallel", rule, reason, workers: workers.length },
    workers,
    overlaps: describeOverlaps(context, found, workers),
  };
}

function formatHours(hours: number): string {
  return `${Math.round(hours * 100) / 100} h`;
}

/** A file every ready item touches (directly or through a directory in its scope), or null. */
function commonFile(context: Context): string | null {
  const count = context.ready.length;
  if (count === 0) return null;
  const first = itemOf(context, 0).scope.filter((path) => !path.endsWith("/"));
  for (const file of first) {
    let everywhere = true;
    for (let local = 1; local < count && everywhere; local++) {
      everywhere = itemOf(context, local).scope.some((path) => path === file || isInside(file, path));
    }
    if (everywhere) return file;
  }
  return null;
}

const TEST_DIRS = new Set(["test", "tests", "__tests__", "spec", "specs", "e2e", "integration", "unit"]);

function moduleKeys(path: string): string[] {
  const segments = path.replace(/\/$/, "").split("/");
  const last = segments[segments.length - 1] ?? "";
  const stem = last
    .replace(/\.[^.]+$/, "")
    .replace(/\.(?:test|spec)$/i, "")
    .replace(/^test_|_test$|_spec$|Test$|Tests$|Spec$/g, "");
  const parts = identifierParts(stem).filter((part) => !TEST_DIRS.has(part) && part !== "test");
  return parts.length > 0 ? [parts[0]!] : [];
}

/** The module all-test plans share (by file stem or a common non-test directory), or null. */
function commonTestModule(context: Context): string | null {
  const count = context.ready.length;
  for (let local = 0; local < count; local++) if (itemOf(context, local).action !== "test") return null;
  let shared = new Set(itemOf(context, 0).scope.flatMap(moduleKeys));
  for (let local = 1; local < count; local++) {
    const keys = new Set(itemOf(context, local).scope.flatMap(moduleKeys));
    shared = new Set([...shared].filter((key) => keys.has(key)));
  }
  if (shared.size > 0) return [...shared][0]!;
  const dir = commonDirectory(all(context).flatMap((local) => itemOf(context, local).scope));
  const meaningful = dir.split("/").filter((segment) => segment !== "" && !TEST_DIRS.has(segment));
  return meaningful.length > 0 ? dir : null;
}

function all(context: Context): number[] {
  return context.ready.map((_, local) => local);
}

interface Overlap {
  items: number[];
  paths: string[];
}

/** For each item, the items it waits for transitively (bitsets); null for very large plans. */
function reachability(context: Context): Uint32Array[] | null {
  const count = context.ready.length;
  if (count > 3000) return null;
  const words = (count + 31) >>> 5;
  const reach = Array.from({ length: count }, () => new Uint32Array(words));
  const prerequisites: number[][] = Array.from({ length: count }, () => []);
  for (const [from, to] of context.edges) prerequisites[from]!.push(to);
  for (const node of context.order) {
    const own = reach[node]!;
    for (const prerequisite of prerequisites[node]!) {
      const other = reach[prerequisite]!;
      for (let w = 0; w < words; w++) own[w]! |= other[w]!;
      own[prerequisite >>> 5]! |= 1 << (prerequisite & 31);
    }
  }
  return reach;
}

/**
 * Unions items whose scopes overlap — unless dependencies already order them (then they never run at the same
 * time; if they end up in different workers the overlap is flagged). Returns every overlap for reporting.
 */
function findOverlaps(context: Context, sets: DisjointSets): Overlap[] {
  const byPath = new Map<string, number[]>();
  for (let local = 0; local < context.ready.length; local++) {
    for (const path of itemOf(context, local).scope) {
      const list = byPath.get(path) ?? [];
      list.push(local);
      byPath.set(path, list);
    }
  }
  const reach = reachability(context);
  const bit = (set: Uint32Array, index: number) => ((set[index >>> 5]! >>> (index & 31)) & 1) === 1;
  const ordered = (a: number, b: number) => reach !== null && (bit(reach[a]!, b) || bit(reach[b]!, a));
  const report = new DisjointSets(context.ready.length);
  const shared = new Map<string, Set<number>>();
  const connect = (path: string, members: readonly number[]) => {
    if (members.length < 2) return;
    const set = shared.get(path) ?? new Set<number>();
    for (const member of members) set.add(member);
    shared.set(path, set);
    for (const member of members) report.union(members[0]!, member);
    if (reach === null || members.length > 300) {
      for (const member of members) sets.union(members[0]!, member);
      return;
    }
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        if (!ordered(members[i]!, members[j]!)) sets.union(members[i]!, members[j]!);
      }
    }
  };
  for (const [path, members] of byPath) connect(path, [...new Set(members)]);
  const sorted = [...byPath.keys()].sort();
  for (const [position, dir] of sorted.entries()) {
    if (!dir.endsWith("/")) continue;
    const owners = byPath.get(dir)!;
    for (let next = position + 1; next < sorted.length && sorted[next]!.startsWith(dir); next++) {
      connect(dir, [...new Set([...owners, ...byPath.get(sorted[next]!)!])]);
    }
  }
  const byGroup = new Map<number, { items: Set<number>; paths: Set<string> }>();
  for (const [path, members] of shared) {
    const root = report.find([...members][0]!);
    const entry = byGroup.get(root) ?? { items: new Set<number>(), paths: new Set<string>() };
    for (const member of members) entry.items.add(member);
    entry.paths.add(path);
    byGroup.set(root, entry);
  }
  return [...byGroup.values()]
    .map((entry) => ({ items: [...entry.items].sort((a, b) => a - b), paths: [...entry.paths].sort() }))
    .sort((a, b) => a.items[0]! - b.items[0]!);
}

/** Overlaps with the workers holding them; notes say whether they were kept together or split in order. */
function describeOverlaps(
  context: Context,
  overlaps: readonly Overlap[],
  workers: readonly PlanWorker[],
): ScopeOverlap[] {
  const workerOf = new Map<string, string>();
  for (const worker of workers) for (const id of worker.items) workerOf.set(id, worker.id);
  return overlaps.map((overlap) => {
    const ids = overlap.items.map(context.idOf);
    const holders = [
      ...new Set(ids.map((id) => workerOf.get(id)).filter((id): id is string => id !== undefined)),
    ];
    const numbers = numberRanges(overlap.items.map((local) => context.ready[local]! + 1));
    const shown = overlap.paths.slice(0, 3).join(", ") + (overlap.paths.length > 3 ? ", …" : "");
    context.notes.add(
      `overlap:${overlap.items[0]}`,
      null,
      holders.length <= 1
        ? `Items ${numbers} touch overlapping files (${shown}): kept in one worker`
        : `Items ${numbers} touch overlapping files (${shown}) but run in dependency order: split across ${holders.join(", ")} — merge them in that order (flagged)`,
    );
    return { items: ids, paths: [...overlap.paths], workers: holders };
  });
}

/** Feature of each ready item: spec-kit story, the entry grouping it, or its nearest specific heading. */
function featureKeys(context: Context): Array<string | null> {
  const count = context.ready.length;
  const headingCount = new Map<string, number>();
  for (let local = 0; local < count; local++) {
    for (const heading of new Set(itemOf(context, local).headings))
      headingCount.set(heading, (headingCount.get(heading) ?? 0) + 1);
  }
  const keys: Array<string | null> = [];
  const featureHeading = new Map<string, boolean>();
  const isFeature = (heading: string): boolean => {
    let known = featureHeading.get(heading);
    if (known === undefined) {
      known = isFeatureHeading(heading);
      featureHeading.set(heading, known);
    }
    return known;
  };
  for (let local = 0; local < count; local++) {
    const item = itemOf(context, local);
    if (item.story !== null) {
      keys.push(`story:${item.story}`);
      continue;
    }
    const innermost = item.headings[item.headings.length - 1] ?? null;
    if (item.group !== null && item.group !== innermost) {
      keys.push(`group:${item.group}`);
      continue;
    }
    let key: string | null = null;
    for (let h = item.headings.length - 1; h >= 0; h--) {
      const heading = item.headings[h]!;
      if (isFeature(heading) && (headingCount.get(heading) ?? 0) < count) {
        key = `heading:${heading}`;
        break;
      }
    }
    keys.push(key);
  }
  return keys;
}

function isFeatureHeading(heading: string): boolean {
  const bare = heading
    .replace(/(?:\p{Extended_Pictographic}|\uFE0F)/gu, "")
    .replace(/^[\s\d.)#:-]+/, "")
    .trim();
  // "User Story 2 - Share albums (Priority: P2)" names a feature; "High Priority" or "P0 — must land" does not.
  const withoutLabel = heading.replace(/\(\s*(?:priority|severity)\s*[:=]?[^)]*\)/gi, "").trim();
  return (
    bare !== "" &&
    withoutLabel !== "" &&
    priorityFromHeading(withoutLabel) === null &&
    !GENERIC_HEADING.test(bare)
  );
}

/** Workers from groups: execution order inside, dependsOn between, cycles between workers merged away. */
function buildWorkers(context: Context, groups: number[][]): PlanWorker[] {
  let current = groups;
  for (let round = 0; round < 2; round++) {
    const workerOf = new Int32Array(context.ready.length);
    for (const [w, group] of current.entries()) for (const local of group) workerOf[local] = w;
    const workerEdges: Array<[number, number]> = [];
    for (const [from, to] of context.edges) {
      if (workerOf[from] !== workerOf[to]) workerEdges.push([workerOf[from]!, workerOf[to]!]);
    }
    const components = stronglyConnected(current.length, workerEdges);
    if (components.every((component) => component.length === 1)) break;
    for (const component of components.filter((c) => c.length > 1)) {
      context.notes.add(
        `worker-cycle:${component.join(",")}`,
        null,
        `Groups waited for each other in a circle: merged into one worker (items ${numberRanges(component.flatMap((w) => current[w]!).map((local) => context.ready[local]! + 1))})`,
      );
    }
    current = components.map((component) => component.flatMap((w) => current[w]!));
  }
  const position = new Int32Array(context.ready.length);
  for (const [rank, local] of context.order.entries()) position[local] = rank;
  const ordered = current
    .map((group) => [...group].sort((a, b) => position[a]! - position[b]!))
    .sort((a, b) => Math.min(...a) - Math.min(...b));
  const workers = ordered.map((group, index) => makeWorker(context, index + 1, group));
  const workerOf = new Map<number, number>();
  for (const [w, group] of ordered.entries()) for (const local of group) workerOf.set(local, w);
  const waits = new Map<string, Set<number>>();
  for (const [from, to] of context.edges) {
    const a = workerOf.get(from)!;
    const b = workerOf.get(to)!;
    if (a === b) continue;
    const worker = workers[a]!;
    if (!worker.dependsOn.includes(workers[b]!.id)) worker.dependsOn.push(workers[b]!.id);
    const key = `${a}>${b}`;
    const set = waits.get(key) ?? new Set<number>();
    set.add(context.ready[from]! + 1);
    waits.set(key, set);
  }
  for (const worker of workers) worker.dependsOn.sort((a, b) => itemNumber(a) - itemNumber(b));
  for (const [key, set] of waits) {
    const [a, b] = key.split(">").map(Number) as [number, number];
    const numbers = [...set];
    const label = numbers.length === 1 ? `item ${numbers[0]} waits` : `items ${numberRanges(numbers)} wait`;
    context.notes.add(
      `waits:${key}`,
      null,
      `${workers[a]!.id} depends on ${workers[b]!.id}: ${label} for work assigned there`,
    );
  }
  return workers;
}

function makeWorker(context: Context, number: number, locals: readonly number[]): PlanWorker {
  const items = locals.map((local) => itemOf(context, local));
  const scope = tidyScope(items.flatMap((item) => item.scope)).sort();
  const hours = hoursOf(context, locals);
  const label = focusLabel(context, locals, scope);
  const prefix = `task-${number}`;
  const slug = slugify(label, 40 - prefix.length - 1);
  const counts = new Map<Action, number>();
  for (const item of items) counts.set(item.action, (counts.get(item.action) ?? 0) + 1);
  const [topAction, topCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["update", 0];
  const noun = topCount * 5 >= items.length * 3 ? ACTION_NOUN[topAction] : "mixed work";
  return {
    id: prefix,
    name: slug === "" ? prefix : `${prefix}-${slug}`,
    items: locals.map(context.idOf),
    scope,
    complexity: sizeOfHours(hours),
    dependsOn: [],
    focus: `${label} — ${noun}`,
    hours: Math.round(hours * 100) / 100,
  };
}

const GENERIC_SEGMENTS = new Set([
  "src",
  "lib",
  "app",
  "source",
  "main",
  "java",
  "kotlin",
  "python",
  "internal",
  "pkg",
]);

/** What a worker is about: its shared feature, else its common directory, else its top-level directories. */
function focusLabel(context: Context, locals: readonly number[], scope: readonly string[]): string {
  // 1. One feature (story, grouping entry, heading) for most of the worker's items.
  const features = new Map<string, number>();
  for (const local of locals) {
    const feature = context.features[local];
    if (feature !== null && feature !== undefined) features.set(feature, (features.get(feature) ?? 0) + 1);
  }
  const [topFeature, topCount] = [...features.entries()].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  if (topFeature !== "" && topCount * 5 >= locals.length * 3) {
    const label = featureLabel(context, topFeature);
    if (slugify(label, 40) !== "") return label;
  }
  // 2. A common directory below the one every item of the plan shares ("backend routes services").
  const nested = scope
    .filter((path) => path.includes("/") && path.startsWith(context.root))
    .map((path) => path.slice(context.root.length));
  const dir = commonDirectory(nested);
  const segments = dir.split("/").filter((segment) => segment !== "" && !GENERIC_SEGMENTS.has(segment));
  const children = new Map<string, number>();
  for (const path of nested) {
    const rest = path.slice(dir.length);
    const child = rest.split("/")[0] ?? "";
    if (child !== "" && rest.includes("/") && !GENERIC_SEGMENTS.has(child))
      children.set(child, (children.get(child) ?? 0) + 1);
  }
  const top = [...children.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2);
  const label = segments.slice(-2).join("/");
  if (label !== "" && children.size < 2) return label;
  if (top.length > 0) return `${label} ${top.map(([child]) => child).join(" ")}`.trim();
  if (label !== "") return label;
  // 3. The files themselves ("downloader fileio"), then whatever the items are about.
  const stems = [
    ...new Set(
      nested.map((path) =>
        path
          .replace(/\/$/, "")
          .split("/")
          .pop()!
          .replace(/\.[^.]+$/, ""),
      ),
    ),
  ];
  const named = [stems.slice(0, 2).join(" "), topFeature === "" ? "" : featureLabel(context, topFeature)];
  const roots = [...new Set(scope.map((path) => path.split("/")[0]!.replace(/\.[^.]+$/, "")))];
  named.push(roots.slice(0, 3).join("-"));
  return named.find((candidate) => slugify(candidate, 40) !== "") ?? "";
}

/** Readable text of a feature key: the story's phase heading, the grouping entry or the heading. */
function featureLabel(context: Context, feature: string): string {
  const text = feature.slice(feature.indexOf(":") + 1);
  if (!feature.startsWith("story:")) return cleanHeading(text);
  for (const local of context.ready.keys()) {
    const item = itemOf(context, local);
    if (item.story === text && item.phase !== null && !context.covering.has(item.phase.key))
      return cleanHeading(item.phase.key);
  }
  return text;
}

function cleanHeading(heading: string): string {
  const text = oneLine(
    heading
      .replace(/(?:\p{Extended_Pictographic}|\uFE0F)/gu, "")
      .replace(/^\s*phase\s*\d+\s*[:.\-–—]\s*/i, "")
      .replace(/\(\s*priority\s*:?\s*P[0-3]\s*\)/i, "")
      .replace(/\bMVP\b/, "")
      .replace(/^[\s\d.)#:-]+/, ""),
  );
  // "Token leak in auth/session.ts" → "Token leak": paths make poor feature names.
  const words = text.split(" ").filter((word) => !/\/|\.[A-Za-z]{1,5}$/.test(word));
  while (
    words.length > 1 &&
    /^(?:in|on|at|for|of|to|the|and|with|from|—|–|-)$/i.test(words[words.length - 1]!)
  )
    words.pop();
  return words.length > 0 ? words.join(" ") : text;
}
