import { DisjointSets } from "../graph.js";
import { numberRanges } from "../text.js";
import type { PlanWorker, ScopeOverlap } from "../types.js";
import { type Context, itemOf } from "./context.js";

// Items whose scopes overlap must not run at the same time in different workers.

/** Items sharing paths (a file, or a directory and what is inside it). */
export interface Overlap {
  items: number[];
  paths: string[];
}

/**
 * Unions items whose scopes overlap — unless dependencies already order them (then they never run at the same
 * time; if they end up in different workers the overlap is flagged). Returns every overlap for reporting.
 */
export function findOverlaps(context: Context, sets: DisjointSets): Overlap[] {
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
export function describeOverlaps(
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
