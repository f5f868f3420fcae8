import { commonDirectory } from "./paths.js";

/*
 * The grouping strategy of docs/design.md ("Plan and work items") over "units" — sets of items that must share
 * a worker (overlapping files, chains, cycles). Units are bucketed by feature (spec-kit story, grouping entry,
 * heading) or else by directory; buckets are then merged (related ones first, then longest-first packing) or
 * split along directories until there are `target` groups of roughly equal estimated hours. Merges never create a circle of
 * groups waiting for each other when that can be avoided.
 */

/** What grouping needs to know, by item index. */
export interface GroupingInput {
  hours: readonly number[];
  scope: ReadonlyArray<readonly string[]>;
  /** Feature key per item (`story:US1`, `group:…`, `heading:…`) or null. */
  features: ReadonlyArray<string | null>;
  /** [a, b]: a waits for b. */
  edges: ReadonlyArray<readonly [number, number]>;
  units: number[][];
  target: number;
}

/** Groups of item indices, and the judgement calls made. */
export interface GroupingResult {
  groups: number[][];
  notes: string[];
}

interface Bucket {
  units: number[][];
  items: number[];
  hours: number;
  dir: string;
  first: number;
  key: string;
}

function makeBucket(input: GroupingInput, units: number[][], key: string): Bucket {
  const items = units.flat().sort((a, b) => a - b);
  return {
    units,
    items,
    hours: items.reduce((sum, item) => sum + input.hours[item]!, 0),
    dir: directoryOf(input, items),
    first: items[0] ?? 0,
    key,
  };
}

/** Common directory of items' paths; bare root file names ("notes.html") do not pull it up to the root. */
function directoryOf(input: GroupingInput, items: readonly number[]): string {
  // Paths without "/" are root files: their directory is "", so with no nested path the answer is "".
  const nested: string[] = [];
  for (const item of items) for (const path of input.scope[item]!) if (path.includes("/")) nested.push(path);
  return commonDirectory(nested);
}

/** Feature of a unit: the most common feature of its items (earliest on ties), else its directory. */
function unitKey(input: GroupingInput, unit: readonly number[]): string {
  const counts = new Map<string, number>();
  for (const item of unit) {
    const feature = input.features[item];
    if (feature !== null && feature !== undefined) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [feature, count] of counts) if (best === null || count > counts.get(best)!) best = feature;
  return best ?? `dir:${directoryOf(input, unit)}`;
}

/** Splits units into `target` groups (fewer when there are not enough units). */
export function groupUnits(input: GroupingInput): GroupingResult {
  const notes: string[] = [];
  const byKey = new Map<string, number[][]>();
  for (const unit of input.units) {
    const key = unitKey(input, unit);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [unit]);
    else list.push(unit);
  }
  let buckets = [...byKey.entries()]
    .map(([key, units]) => makeBucket(input, units, key))
    .sort((a, b) => a.first - b.first);
  if (buckets.length > input.target && buckets.length <= 64) buckets = mergeRelated(input, buckets);
  if (buckets.length > input.target) buckets = pack(input, buckets);
  while (buckets.length < input.target) {
    const splittable = buckets
      .filter((bucket) => bucket.units.length >= 2)
      .sort((a, b) => b.hours - a.hours)[0];
    if (splittable === undefined) break;
    buckets = buckets.filter((bucket) => bucket !== splittable);
    buckets.push(...split(input, splittable));
    buckets.sort((a, b) => a.first - b.first);
    notes.push(
      `"${describeKey(splittable.key)}" was split across two workers along directories to reach ${input.target} workers`,
    );
  }
  return { groups: buckets.map((bucket) => bucket.items), notes };
}

function describeKey(key: string): string {
  const text = key.slice(key.indexOf(":") + 1);
  return text === "" ? "(repository root)" : text;
}

/** Directed links between buckets: waits[a] has b when an item of a waits for an item of b. */
function bucketLinks(input: GroupingInput, buckets: readonly Bucket[]): Array<Map<number, number>> {
  const bucketOf = new Map<number, number>();
  for (const [b, bucket] of buckets.entries()) for (const item of bucket.items) bucketOf.set(item, b);
  const waits: Array<Map<number, number>> = buckets.map(() => new Map());
  for (const [from, to] of input.edges) {
    const a = bucketOf.get(from);
    const b = bucketOf.get(to);
    if (a === undefined || b === undefined || a === b) continue;
    waits[a]!.set(b, (waits[a]!.get(b) ?? 0) + 1);
  }
  return waits;
}

/** How many buckets wait for bucket `b`. */
function waitedBy(waits: ReadonlyArray<Map<number, number>>, b: number): number {
  let count = 0;
  for (const targets of waits) if (targets.has(b)) count++;
  return count;
}

/** True when `to` can be reached from `from` in the graph `next`. */
function reaches(next: (node: number) => Iterable<number>, from: number, to: number): boolean {
  const seen = new Set<number>([from]);
  const stack = [from];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const neighbour of next(node)) {
      if (neighbour === to) return true;
      if (!seen.has(neighbour)) {
        seen.add(neighbour);
        stack.push(neighbour);
      }
    }
  }
  return false;
}

/**
 * Merges related buckets while there are too many: the pair with dependencies between them, else the pair
 * sharing the deepest directory, smallest combined load first — never beyond 1.75× an even share, never into
 * a circle of waiting groups.
 */
function mergeRelated(input: GroupingInput, initial: Bucket[]): Bucket[] {
  let buckets = initial;
  const total = buckets.reduce((sum, bucket) => sum + bucket.hours, 0);
  const limit = (total / input.target) * 1.75;
  while (buckets.length > input.target) {
    const waits = bucketLinks(input, buckets);
    let best: { i: number; j: number; score: number[] } | null = null;
    for (let i = 0; i < buckets.length; i++) {
      for (let j = i + 1; j < buckets.length; j++) {
        const a = buckets[i]!;
        const b = buckets[j]!;
        const links = (waits[i]!.get(j) ?? 0) + (waits[j]!.get(i) ?? 0);
        const depth = sharedDepth(a.dir, b.dir);
        if ((links === 0 && depth === 0) || a.hours + b.hours > limit) continue;
        // Merging i and j is safe unless one reaches the other through a third bucket.
        const through = (node: number) =>
          [...waits[node]!.keys()].filter(
            (next) => !(node === i && next === j) && !(node === j && next === i),
          );
        if (reaches(through, i, j) || reaches(through, j, i)) continue;
        // A chain of buckets (b is all a waits for, and only a waits for b) merges first: no parallelism is lost.
        const chain = (x: number, y: number) =>
          waits[x]!.size === 1 && waits[x]!.has(y) && waitedBy(waits, y) === 1;
        const score = [chain(i, j) || chain(j, i) ? 1 : 0, links > 0 ? 1 : 0, depth, -(a.hours + b.hours)];
        if (best === null || compareScores(score, best.score) > 0) best = { i, j, score };
      }
    }
    if (best === null) break;
    const merged = makeBucket(
      input,
      [...buckets[best.i]!.units, ...buckets[best.j]!.units],
      buckets[best.i]!.key,
    );
    buckets = buckets.filter((_, index) => index !== best.i && index !== best.j);
    buckets.push(merged);
    buckets.sort((a, b) => a.first - b.first);
  }
  return buckets;
}

/**
 * Longest-first packing into `target` bins: each bucket goes to the least loaded bin or — among bins within a
 * quarter of an even share of it — to the one it has dependencies with, then the one sharing most of its
 * directory; bins that would then wait for each other in a circle are avoided.
 */
function pack(input: GroupingInput, buckets: Bucket[]): Bucket[] {
  const waits = bucketLinks(input, buckets);
  const waitedBy: Array<Set<number>> = buckets.map(() => new Set());
  for (const [a, targets] of waits.entries()) for (const b of targets.keys()) waitedBy[b]!.add(a);
  const order = buckets
    .map((_, b) => b)
    .sort((a, b) => buckets[b]!.hours - buckets[a]!.hours || buckets[a]!.first - buckets[b]!.first);
  const total = buckets.reduce((sum, bucket) => sum + bucket.hours, 0);
  const slack = total / input.target / 4;
  const bins: Array<{ units: number[][]; hours: number; dirs: string[]; key: string; waits: Set<number> }> =
    [];
  const binOf = new Int32Array(buckets.length).fill(-1);
  for (const b of order) {
    const bucket = buckets[b]!;
    // Bins this bucket would wait for, and bins that would wait for it.
    const needs = new Set([...waits[b]!.keys()].map((o) => binOf[o]!).filter((bin) => bin >= 0));
    const neededBy = new Set([...waitedBy[b]!].map((o) => binOf[o]!).filter((bin) => bin >= 0));
    const circular = (candidate: number) => {
      const next = (node: number): number[] => {
        const out = [...bins[node]!.waits].filter((other) => other !== node);
        if (node === candidate) out.push(...[...needs].filter((other) => other !== candidate));
        for (const source of neededBy) if (source === node && source !== candidate) out.push(candidate);
        return out;
      };
      return reaches(next, candidate, candidate);
    };
    if (bins.length < input.target) {
      binOf[b] = bins.length;
      bins.push({
        units: [...bucket.units],
        hours: bucket.hours,
        dirs: [bucket.dir],
        key: bucket.key,
        waits: new Set(needs),
      });
      for (const source of neededBy) bins[source]!.waits.add(binOf[b]);
      continue;
    }
    const min = Math.min(...bins.map((bin) => bin.hours));
    // Dependencies between this bucket and each bin (weighted edges it waits on, buckets waiting for it).
    const links = new Array<number>(bins.length).fill(0);
    for (const [o, weight] of waits[b]!) if (binOf[o]! >= 0) links[binOf[o]!]! += weight;
    for (const o of waitedBy[b]!) if (binOf[o]! >= 0) links[binOf[o]!]!++;
    let chosen = -1;
    let best: number[] = [];
    for (const [i, bin] of bins.entries()) {
      let depth = 0;
      for (const dir of bin.dirs) depth = Math.max(depth, sharedDepth(dir, bucket.dir));
      const score = [circular(i) ? 0 : 1, bin.hours <= min + slack ? 1 : 0, links[i]!, depth, -bin.hours];
      if (chosen === -1 || compareScores(score, best) > 0) {
        chosen = i;
        best = score;
      }
    }
    const bin = bins[chosen]!;
    binOf[b] = chosen;
    bin.units.push(...bucket.units);
    bin.hours += bucket.hours;
    if (bin.dirs.length < 8 && !bin.dirs.includes(bucket.dir)) bin.dirs.push(bucket.dir);
    for (const other of needs) if (other !== chosen) bin.waits.add(other);
    for (const source of neededBy) if (source !== chosen) bins[source]!.waits.add(chosen);
  }
  return bins.map((bin) => makeBucket(input, bin.units, bin.key)).sort((a, b) => a.first - b.first);
}

/** Splits a bucket in two along directory order, as evenly by hours as possible. */
function split(input: GroupingInput, bucket: Bucket): [Bucket, Bucket] {
  const units = bucket.units
    .map((unit) => ({
      unit,
      dir: directoryOf(input, unit),
      first: Math.min(...unit),
    }))
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : a.first - b.first));
  let best = 1;
  let bestGap = Number.POSITIVE_INFINITY;
  let running = 0;
  for (let k = 1; k < units.length; k++) {
    running += units[k - 1]!.unit.reduce((sum, item) => sum + input.hours[item]!, 0);
    const gap = Math.abs(bucket.hours / 2 - running);
    if (gap < bestGap) {
      bestGap = gap;
      best = k;
    }
  }
  return [
    makeBucket(
      input,
      units.slice(0, best).map((entry) => entry.unit),
      bucket.key,
    ),
    makeBucket(
      input,
      units.slice(best).map((entry) => entry.unit),
      bucket.key,
    ),
  ];
}

function isTidy(dir: string): boolean {
  return dir === "" || (dir.endsWith("/") && !dir.startsWith("/") && !dir.includes("//"));
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** Number of leading directory segments two directories share. */
export function sharedDepth(a: string, b: string): number {
  // Fast path for tidy directories ("" or "x/y/"): count the "/" of the common prefix up to the first difference.
  if (isTidy(a) && isTidy(b)) {
    const limit = Math.min(a.length, b.length);
    let depth = 0;
    for (let i = 0; i < limit; i++) {
      const code = a.charCodeAt(i);
      if (code !== b.charCodeAt(i)) break;
      if (code === 47) depth++;
    }
    return depth;
  }
  const left = a.split("/").filter(Boolean);
  const right = b.split("/").filter(Boolean);
  let depth = 0;
  while (depth < left.length && depth < right.length && left[depth] === right[depth]) depth++;
  return depth;
}
