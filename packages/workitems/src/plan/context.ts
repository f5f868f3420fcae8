import type { Notes, RawItem } from "../extract/index.js";
import { HOURS } from "../signals.js";

// What the plan's rules share about the ready items (the open items that need no clarification).

/** The ready items and what is known about them, shared by the assessment, overlap and worker rules. */
export interface Context {
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

/** Headings every item sits under (document titles), which tell no items apart. */
export function coveringHeadings(items: readonly RawItem[]): Set<string> {
  const first = items[0];
  if (first === undefined) return new Set();
  let shared = new Set(first.headings);
  for (let i = 1; i < items.length && shared.size > 0; i++) {
    const own = items[i]!.headings;
    shared = new Set([...shared].filter((heading) => own.includes(heading)));
  }
  return shared;
}

/** The raw item of a ready item's local index. */
export function itemOf(context: Context, local: number): RawItem {
  return context.raw[context.ready[local]!]!;
}

/** Estimated hours of some ready items. */
export function hoursOf(context: Context, locals: readonly number[]): number {
  return locals.reduce((sum, local) => sum + HOURS[itemOf(context, local).complexity], 0);
}

/** Local indices of all ready items. */
export function all(context: Context): number[] {
  return context.ready.map((_, local) => local);
}
