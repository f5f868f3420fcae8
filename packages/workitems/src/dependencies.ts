import type { Notes, RawItem } from "./extract/index.js";
import { type SetReference, setMembers, setReference } from "./quantified.js";
import { type Statement, statedEdges } from "./stated.js";
import { identifierParts, oneLine, significantWords, singular } from "./text.js";
import type { DependencyEdge, DependencyReason } from "./types.js";

/*
 * Dependencies, explicit first (phrases such as "depends on T012", "after #3", "blocked by the auth refactor"),
 * then the implicit signals of docs/design.md ("Plan and work items"): an item that creates a file or symbol
 * comes before items that use it, model → service → API → frontend for the same entity, numbered lists
 * introduced as steps, and spec-kit phases (Setup → Foundational → user stories → Polish).
 */

type Ref =
  | { kind: "item"; n: number; raw: string }
  | { kind: "task"; id: string; raw: string }
  | { kind: "number"; n: number; raw: string }
  | { kind: "phrase"; text: string; raw: string }
  | { kind: "set"; set: SetReference; raw: string };

const KEYWORD =
  /(^|[\s(,;:[—–-])(depends\s+on|depend\s+on|dependent\s+on|depending\s+on|blocked\s+(?:by|on)|requires|prerequisites?|relies\s+on|builds\s+on|waiting\s+(?:on|for)|must\s+(?:come|happen|run|go)\s+after|after|once|following|needs)\b\s*:?\s*/gi;
const WEAK = /^(?:after|once|following|needs)$/i;
const CLAUSE_END =
  /[.:](?=\s|$)|[;!?)\]\n]|\s[—–]\s|\s-\s|\b(?:because|so that|so|but|then|before|which|since|while|to|in order|otherwise|for|when|if|unless)\b/i;
const COMPLETION =
  /\s+(?:(?:is|are|has been|have been|gets?|got)\s+(?:done|complete[d]?|finished|merged|landed|in place|implemented|ready|available|fixed|shipped|deployed|in)|lands|has landed|exists|first)\s*$/i;
// A bare number is an id only on its own ("after 3", "after 2 and 4"), not as a quantity ("after 10 requests").
const ID_START =
  /^(?:item[- ]?\d+|T\d{3,}|#\d+|(?:step|item|task|finding|issue|point|no\.?|number)\s*#?\d+|\d+(?=\s*(?:$|[,;.)]|and\b|&)))\b/i;

/** Dependency references in one text; `strong` marks a `Depends on:` field, where every phrase counts. */
export function dependencyRefs(text: string, strong: boolean): Ref[] {
  const refs: Ref[] = [];
  if (strong) return splitTargets(text, refs);
  for (const match of text.matchAll(KEYWORD)) {
    const keyword = match[2] ?? "";
    const start = (match.index ?? 0) + match[0].length;
    let target = targetText(text.slice(start));
    if (target === "") continue;
    // "after all components are migrated": a set of items, named by what they do.
    const set = setReference(target);
    if (set !== null && !/^needs$/i.test(keyword)) {
      refs.push({ kind: "set", set, raw: target });
      continue;
    }
    if (WEAK.test(keyword)) {
      const atClauseStart = (match[1] ?? "") !== " " || match.index === 0;
      const completed = COMPLETION.test(target);
      if (!ID_START.test(target) && !completed && !(atClauseStart && /^after|once$/i.test(keyword))) continue;
      if (/^needs$/i.test(keyword) && !ID_START.test(target) && !/\bfirst\s*$/i.test(target)) continue;
      target = target.replace(COMPLETION, "");
    }
    splitTargets(target, refs);
  }
  return refs;
}

/** The words after a dependency keyword, up to the end of the clause (a comma ends it unless an id follows). */
function targetText(rest: string): string {
  let taken = "";
  let remaining = rest;
  for (let guard = 0; guard < 20; guard++) {
    const end = remaining.search(CLAUSE_END);
    const clause = end < 0 ? remaining : remaining.slice(0, end);
    const comma = clause.indexOf(",");
    if (comma < 0) {
      taken += clause;
      break;
    }
    taken += clause.slice(0, comma);
    remaining = remaining.slice(comma + 1);
    if (!ID_START.test(remaining.trimStart().replace(/^and\s+/i, ""))) break;
    taken += ",";
  }
  return taken.split(/\s+/).slice(0, 12).join(" ").trim();
}

function splitTargets(target: string, refs: Ref[]): Ref[] {
  for (const part of target.split(/\s*(?:,|\band\b|&|\+|\/)\s*/i)) {
    const raw = part.trim().replace(/^[`*_"'(]+|[`*_"')]+$/g, "");
    if (raw === "") continue;
    const item = /^item[- ]?(\d+)$/i.exec(raw);
    const task = /^(T\d{3,})$/.exec(raw);
    const number = /^(?:#|(?:step|item|task|finding|issue|point|no\.?|number)\s*#?)?(\d+)$/i.exec(raw);
    if (item?.[1] !== undefined) refs.push({ kind: "item", n: Number(item[1]), raw });
    else if (task?.[1] !== undefined) refs.push({ kind: "task", id: task[1], raw });
    else if (number?.[1] !== undefined) refs.push({ kind: "number", n: Number(number[1]), raw });
    else if (significantWords(raw).length > 0) refs.push({ kind: "phrase", text: raw, raw });
  }
  return refs;
}

/**
 * Index of words → items, for matching dependency phrases to item descriptions. Posting lists hold item indices
 * in ascending order, so intersections are binary searches; results are cached per set of words because
 * documents repeat their phrases ("the User model") and common words have long lists.
 */
class PhraseIndex {
  private readonly postings = new Map<string, number[]>();
  private readonly matches = new Map<string, readonly number[]>();

  constructor(private readonly items: readonly RawItem[]) {
    for (const [index, item] of items.entries()) {
      const bag = new Set(itemWords(item));
      for (const word of bag) {
        const list = this.postings.get(word) ?? [];
        list.push(index);
        this.postings.set(word, list);
      }
    }
  }

  /** Items whose words include every significant word of the phrase, in ascending order. */
  match(phrase: string): readonly number[] {
    const terms = [...new Set(significantWords(phrase).map(singular))];
    if (terms.length === 0) return [];
    const key = [...terms].sort().join(" ");
    const known = this.matches.get(key);
    if (known !== undefined) return known;
    const lists = terms.map((term) => this.postings.get(term) ?? []);
    lists.sort((a, b) => a.length - b.length);
    let result: readonly number[] = lists[0] ?? [];
    for (const list of lists.slice(1)) {
      result = result.filter((index) => list[countBelow(list, index)] === index);
      if (result.length === 0) break;
    }
    // Not distinctive: matches most of the document.
    if (result.length > Math.max(3, this.items.length / 2)) result = [];
    this.matches.set(key, result);
    return result;
  }
}

/** How many values of an ascending list are below `value` (binary search). */
function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function itemWords(item: RawItem): string[] {
  const words = significantWords(`${item.description} ${item.taskId ?? ""}`).map(singular);
  for (const path of item.scope) {
    const base = path.replace(/\/$/, "").split("/").pop() ?? "";
    words.push(...identifierParts(base.replace(/\.[^.]+$/, "")).map(singular), base.toLowerCase());
  }
  return words;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Adds an edge unless it is a self-loop or already present. */
class Edges {
  readonly list: DependencyEdge[] = [];
  /** The same edges as index pairs. */
  readonly pairs: Array<[number, number]> = [];
  private readonly seen = new Set<string>();

  constructor(private readonly ids: readonly string[]) {}

  add(from: number, to: number, reason: DependencyReason, evidence: string): boolean {
    if (from === to) return false;
    const key = `${from}>${to}`;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    this.list.push({ from: this.ids[from]!, to: this.ids[to]!, reason, evidence });
    this.pairs.push([from, to]);
    return true;
  }

  has(from: number, to: number): boolean {
    return this.seen.has(`${from}>${to}`);
  }
}

/**
 * Resolves explicit and implicit dependencies between items (ids parallel to `items`). Judgement calls —
 * phrase matches, unresolved references, implicit edges — are recorded in `notes`.
 */
export function resolveDependencies(
  items: readonly RawItem[],
  ids: readonly string[],
  notes: Notes,
  statements: readonly Statement[] = [],
): DependencyEdge[] {
  const edges = new Edges(ids);
  // Built on the first phrase reference only: most documents name ids or numbers, or nothing at all.
  let built: PhraseIndex | undefined;
  const index = (): PhraseIndex => {
    built ??= new PhraseIndex(items);
    return built;
  };
  const byTask = new Map<string, number[]>();
  const byList = new Map<number, Map<number, number>>();
  const perDocument = new Map<number, number[]>();
  for (const [i, item] of items.entries()) {
    if (item.taskId !== null) push(byTask, item.taskId, i);
    if (item.listNumber !== null) {
      const list = byList.get(item.listId + item.documentIndex * 1e6) ?? new Map<number, number>();
      list.set(item.listNumber, i);
      byList.set(item.listId + item.documentIndex * 1e6, list);
    }
    push(perDocument, item.documentIndex, i);
  }

  // Explicit references; those naming a set of items are resolved once every single reference is known.
  const sets: Array<[number, Extract<Ref, { kind: "set" }>]> = [];
  for (const [from, item] of items.entries()) {
    const refs = [
      ...dependencyRefs(item.fullText, false),
      ...item.dependencyFields.flatMap((value) => dependencyRefs(value, true)),
    ];
    for (const ref of refs) {
      if (ref.kind === "set") {
        sets.push([from, ref]);
        continue;
      }
      const to = resolveRef(ref, from, item, items, index, byTask, byList, perDocument, notes);
      if (to !== null && to !== from) edges.add(from, to, "explicit", ref.raw);
    }
  }

  // Statements in the documents' notes ("T020 must follow T019"); never the reverse of an edge already there.
  for (const [from, to, evidence] of statedEdges(statements, items, perDocument)) {
    if (edges.has(to, from)) {
      notes.add(
        `stated-reverse:${evidence}`,
        null,
        `"${oneLine(evidence)}" contradicts a dependency already found; not added`,
      );
      continue;
    }
    if (edges.add(from, to, "explicit", oneLine(evidence)))
      notes.add(
        `stated:${evidence}`,
        items[from]!,
        `waits as stated in the document: "${oneLine(evidence)}"`,
      );
  }

  for (const [from, ref] of sets) addSetEdges(from, ref, items, perDocument, edges, notes);
  addCreatesUses(items, edges, notes);
  addLayers(items, edges, notes);
  addSequences(items, edges, notes);
  addPhases(items, edges, notes);
  return edges.list;
}

function resolveRef(
  ref: Ref,
  from: number,
  item: RawItem,
  items: readonly RawItem[],
  index: () => PhraseIndex,
  byTask: Map<string, number[]>,
  byList: Map<number, Map<number, number>>,
  perDocument: Map<number, number[]>,
  notes: Notes,
): number | null {
  switch (ref.kind) {
    case "item":
      if (ref.n >= 1 && ref.n <= items.length) return ref.n - 1;
      notes.add(`unresolved:${ref.raw}`, item, `"${ref.raw}" names no item; no dependency added`);
      return null;
    case "task": {
      const candidates = byTask.get(ref.id) ?? [];
      const same = candidates.find((i) => items[i]!.documentIndex === item.documentIndex);
      const found = same ?? candidates[0];
      if (found !== undefined) return found;
      notes.add(
        `unresolved:${ref.raw}`,
        item,
        `"${ref.raw}" names no task in the sources; no dependency added`,
      );
      return null;
    }
    case "number": {
      const list = byList.get(item.listId + item.documentIndex * 1e6);
      const inList = item.listNumber !== null ? list?.get(ref.n) : undefined;
      if (inList !== undefined) return inList;
      const documentItems = perDocument.get(item.documentIndex) ?? [];
      const nth = documentItems[ref.n - 1];
      if (nth !== undefined) {
        notes.add(
          `number:${ref.raw}`,
          item,
          `"${ref.raw}" read as the ${ordinal(ref.n)} item of ${item.file}`,
        );
        return nth;
      }
      notes.add(
        `unresolved:${ref.raw}`,
        item,
        `"${ref.raw}" matches no item (an issue number?); no dependency added`,
      );
      return null;
    }
    case "set":
      return null; // resolved by addSetEdges
    case "phrase": {
      // Ascending item indices; the nearest earlier match wins, else the first one (never the item itself).
      const all = index().match(ref.text);
      const below = countBelow(all, from);
      const self = all[below] === from ? 1 : 0;
      const count = all.length - self;
      if (count === 0) {
        notes.add(
          `unresolved:${ref.text}`,
          item,
          `"${oneLine(ref.text)}" matches no item; no dependency added`,
        );
        return null;
      }
      const chosen = below > 0 ? all[below - 1]! : all[self]!;
      const target = items[chosen]!;
      const ambiguity = count > 1 ? ` (nearest of ${count} matches)` : "";
      notes.add(
        `phrase:${from}:${ref.text}`,
        item,
        `"${oneLine(ref.text)}" read as "${target.description}"${ambiguity}`,
      );
      return chosen;
    }
  }
}

/**
 * "(after all components are migrated)": the item waits for every item of its document that migrates a component
 * (see quantified.ts) — except those that already wait for it, directly or not: a set never closes a cycle.
 */
function addSetEdges(
  from: number,
  ref: Extract<Ref, { kind: "set" }>,
  items: readonly RawItem[],
  perDocument: ReadonlyMap<number, readonly number[]>,
  edges: Edges,
  notes: Notes,
): void {
  const item = items[from]!;
  const members = setMembers(ref.set, items, perDocument.get(item.documentIndex) ?? []).filter(
    (index) => index !== from,
  );
  const text = oneLine(ref.raw);
  if (members.length === 0) {
    notes.add(`unresolved:${text}`, item, `"${text}" matches no item; no dependency added`);
    return;
  }
  const waiting = waitersOf(from, edges);
  const added = members.filter((to) => !waiting.has(to) && edges.add(from, to, "explicit", text));
  const left = members.length - added.length;
  const skipped = left > 0 ? ` (${left} already waiting for it left out)` : "";
  notes.add(
    `set:${from}:${text}`,
    item,
    `"${text}" read as the ${members.length === 1 ? "item" : `${members.length} items`} ${describeSet(ref.set)}${skipped}`,
  );
}

/** "whose title or heading starts with "migrat…" and names "component"". */
function describeSet(set: SetReference): string {
  const nouns = set.nouns.map((noun) => `"${noun}"`).join(" and ");
  return set.stem === null
    ? `naming ${nouns}`
    : `whose title or heading starts with "${set.stem}…" and names ${nouns}`;
}

/** Items that wait for `target`, directly or through others. */
function waitersOf(target: number, edges: Edges): Set<number> {
  const waitersByItem = new Map<number, number[]>();
  for (const [from, to] of edges.pairs) push(waitersByItem, to, from);
  const seen = new Set<number>();
  const stack = [target];
  while (stack.length > 0) {
    for (const waiter of waitersByItem.get(stack.pop()!) ?? []) {
      if (seen.has(waiter)) continue;
      seen.add(waiter);
      stack.push(waiter);
    }
  }
  return seen;
}

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/* --------------------------------------------------------------------------------------------- implicit */

/** A description that starts by creating something: "Create …", "Implement …", "Add a new file …". */
const CREATES =
  /^(?:T\d{3,}\s+)?(?:create|introduce|scaffold|generate|implement|set ?up|initiali[sz]e|bootstrap|write a new|add (?:an? |the )?(?:new )?(?:file|module|class|component|model|service|endpoint|page|script|migration|table|schema|package|helper|hook|type|interface|function|route))\b/i;

function addCreatesUses(items: readonly RawItem[], edges: Edges, notes: Notes): void {
  const creatorOfFile = new Map<string, number>();
  const creatorOfSymbol = new Map<string, number>();
  for (const [i, item] of items.entries()) {
    if (item.action !== "add" || !CREATES.test(item.description) || !item.ownScope) continue;
    for (const path of item.scope)
      if (!path.endsWith("/") && !creatorOfFile.has(path)) creatorOfFile.set(path, i);
    for (const symbol of item.symbols) if (!creatorOfSymbol.has(symbol)) creatorOfSymbol.set(symbol, i);
  }
  if (creatorOfFile.size === 0 && creatorOfSymbol.size === 0) return;
  for (const [i, item] of items.entries()) {
    if (item.parallel) continue; // spec-kit [P]: the author declared no dependencies
    for (const path of item.scope) {
      const creator = creatorOfFile.get(path);
      if (creator === undefined || creator === i || edges.has(creator, i)) continue;
      if (edges.add(i, creator, "creates-uses", `creates ${path}`)) {
        notes.add(`creates:${path}`, item, `waits for the item that creates ${path}`);
      }
    }
    for (const symbol of item.symbols) {
      const creator = creatorOfSymbol.get(symbol);
      if (creator === undefined || creator === i || edges.has(creator, i)) continue;
      if (edges.add(i, creator, "creates-uses", `creates ${symbol}`)) {
        notes.add(`creates:${symbol}`, item, `waits for the item that creates \`${symbol}\``);
      }
    }
  }
}

const LAYERS: ReadonlyArray<[number, string, RegExp]> = [
  [0, "model", /^(?:models?|schemas?|entities|entity|migrations?|db|database|prisma|orm|domain)$/],
  [1, "service", /^(?:services?|repositories|repository|repos?|usecases?|use-cases?|stores?)$/],
  [2, "API", /^(?:api|apis|routes?|routers?|controllers?|handlers?|endpoints?|resolvers?|graphql|rest)$/],
  [3, "frontend", /^(?:frontend|front-end|ui|components?|pages?|screens?|web|client|views?|webapp)$/],
];
const FRONTEND_EXTENSION = /\.(?:tsx|jsx|vue|svelte|astro)$/;
const LAYER_TEXT: ReadonlyArray<[number, RegExp]> = [
  [0, /\b(?:model|schema|migration|entity|table)\b/i],
  [1, /\bservice\b/i],
  [2, /\b(?:endpoint|api|route|controller|handler|resolver)\b/i],
  [3, /\b(?:ui|page|component|frontend|form|screen|view)\b/i],
];
const GENERIC_PARTS = new Set(
  "index main init utils util helpers helper types type base common test tests spec specs controller controllers service services model models route routes router api handler handlers page pages component components view views schema schemas repository store mod lib src app the new".split(
    " ",
  ),
);

/** Any of the LAYERS words: most segments name no layer, and one test rules out all four. */
const ANY_LAYER = new RegExp(LAYERS.map(([, , pattern]) => `(?:${pattern.source})`).join("|"));

/** Layer of one path: the outermost directory that names a layer, else a layer word in the file name. */
function layerOfPath(path: string): number | null {
  const segments = path.toLowerCase().replace(/\/$/, "").split("/");
  for (const segment of segments.slice(0, path.endsWith("/") ? segments.length : -1)) {
    if (!ANY_LAYER.test(segment)) continue;
    for (const [layer, , pattern] of LAYERS) if (pattern.test(segment)) return layer;
  }
  if (FRONTEND_EXTENSION.test(path)) return 3;
  const parts = identifierParts((segments[segments.length - 1] ?? "").replace(/\.[^.]+$/, ""));
  if (!parts.some((part) => ANY_LAYER.test(part))) return null;
  for (const [layer, , pattern] of LAYERS) if (parts.some((part) => pattern.test(part))) return layer;
  return null;
}

/** The item's layer and the entities its layer-bearing files name (`src/models/user.py` → model, user). */
function layerOf(item: RawItem): { layer: number; entities: string[] } | null {
  const layers = new Set<number>();
  const entities = new Set<string>();
  const addEntities = (path: string) => {
    if (path.endsWith("/")) return;
    const base = path.split("/").pop() ?? "";
    for (const part of identifierParts(base.replace(/\.[^.]+$/, ""))) {
      const word = singular(part);
      if (word.length >= 3 && !GENERIC_PARTS.has(word) && !GENERIC_PARTS.has(part)) entities.add(word);
    }
  };
  for (const path of item.scope) {
    const layer = layerOfPath(path);
    if (layer === null) continue;
    layers.add(layer);
    addEntities(path);
  }
  if (layers.size === 0 && item.scope.length > 0) {
    for (const [layer, pattern] of LAYER_TEXT) if (pattern.test(item.description)) layers.add(layer);
    if ((layers.size as number) === 1) for (const path of item.scope) addEntities(path);
  }
  if (layers.size !== 1 || entities.size === 0) return null;
  return { layer: [...layers][0]!, entities: [...entities] };
}

function addLayers(items: readonly RawItem[], edges: Edges, notes: Notes): void {
  const byEntity = new Map<string, Array<{ index: number; layer: number }>>();
  for (const [index, item] of items.entries()) {
    if (item.action === "test" || item.action === "docs" || item.action === "investigate") continue;
    const found = layerOf(item);
    if (found === null) continue;
    const layer = found.layer;
    for (const entity of found.entities) {
      const list = byEntity.get(entity) ?? [];
      list.push({ index, layer });
      byEntity.set(entity, list);
    }
  }
  for (const [entity, members] of byEntity) {
    if (members.length < 2 || members.length > 12) continue;
    const layers = new Set(members.map((member) => member.layer));
    if (layers.size < 2) continue;
    for (const member of members) {
      const below = members.filter((other) => other.layer < member.layer);
      if (below.length === 0) continue;
      const top = Math.max(...below.map((other) => other.layer));
      const item = items[member.index]!;
      if (item.parallel) continue;
      for (const other of below.filter((candidate) => candidate.layer === top)) {
        if (edges.has(other.index, member.index)) continue;
        const from = LAYERS[top]![1];
        const to = LAYERS[member.layer]![1];
        if (edges.add(member.index, other.index, "layer", `${entity}: ${from} → ${to}`)) {
          notes.add(
            `layer:${entity}:${member.index}`,
            item,
            `${to} work on "${entity}" waits for its ${from} (model → API → frontend)`,
          );
        }
      }
    }
  }
}

function addSequences(items: readonly RawItem[], edges: Edges, notes: Notes): void {
  const lists = new Map<string, number[]>();
  for (const [index, item] of items.entries()) {
    if (!item.sequence) continue;
    push(lists, `${item.documentIndex}:${item.listId}`, index);
  }
  for (const members of lists.values()) {
    if (members.length < 2) continue;
    for (let k = 1; k < members.length; k++) {
      const from = members[k]!;
      const to = members[k - 1]!;
      if (edges.has(to, from)) continue;
      edges.add(from, to, "sequence", "numbered steps");
    }
    const first = items[members[0]!]!;
    for (const member of members.slice(1)) {
      notes.add(
        `sequence:${first.documentIndex}:${first.listId}`,
        items[member]!,
        `numbered steps under "${first.group ?? first.file}" read as a sequence`,
      );
    }
  }
}

function addPhases(items: readonly RawItem[], edges: Edges, notes: Notes): void {
  const phases = new Map<
    string,
    { order: number; kind: string; name: string; members: number[]; documentIndex: number }
  >();
  for (const [index, item] of items.entries()) {
    if (item.phase === null) continue;
    const key = `${item.documentIndex}:${item.phase.key}`;
    const phase = phases.get(key) ?? {
      order: item.phase.order,
      kind: item.phase.kind,
      name: item.phase.key,
      members: [],
      documentIndex: item.documentIndex,
    };
    phase.members.push(index);
    phases.set(key, phase);
  }
  if (phases.size < 2) return;
  const ordered = [...phases.values()].sort((a, b) => a.documentIndex - b.documentIndex || a.order - b.order);
  const phaseOf = new Map<number, number>();
  for (const [position, phase] of ordered.entries())
    for (const member of phase.members) phaseOf.set(member, position);
  // Inside one phase: who waits for someone (not a root) and who is waited for (not a sink).
  const waits = new Set<number>();
  const waitedFor = new Set<number>();
  for (const [from, to] of edges.pairs) {
    if (phaseOf.get(from) !== undefined && phaseOf.get(from) === phaseOf.get(to)) {
      waits.add(from);
      waitedFor.add(to);
    }
  }
  let barrier: number[] = [];
  let barrierName = "";
  let barrierDocument = -1;
  let stories: number[] = [];
  for (const phase of ordered) {
    if (phase.documentIndex !== barrierDocument) {
      barrier = [];
      stories = [];
      barrierDocument = phase.documentIndex;
    }
    const blockers = phase.kind === "polish" && stories.length > 0 ? stories : barrier;
    if (blockers.length > 0) {
      for (const root of phase.members.filter((member) => !waits.has(member))) {
        for (const sink of blockers) edges.add(root, sink, "phase", `${barrierName} before ${phase.name}`);
      }
      const waitsFor = phase.kind === "polish" ? "the earlier phases" : `"${barrierName}"`;
      notes.add(
        `phase:${phase.documentIndex}:${phase.order}`,
        null,
        `spec-kit phases: "${phase.name}" waits for ${waitsFor}`,
      );
    }
    const sinks = phase.members.filter((member) => !waitedFor.has(member));
    if (phase.kind === "setup" || phase.kind === "foundational") {
      barrier = sinks;
      barrierName = phase.name;
    } else stories.push(...sinks);
  }
}
