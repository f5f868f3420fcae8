import { stronglyConnected } from "../graph.js";
import { commonDirectory, tidyScope } from "../paths.js";
import { sizeOfHours } from "../signals.js";
import { itemNumber, numberRanges, slugify } from "../text.js";
import type { Action, PlanWorker } from "../types.js";
import { type Context, hoursOf, itemOf } from "./context.js";
import { featureLabel } from "./features.js";

// Workers from groups of ready items: ids, names, scopes, focus, hours and the workers each waits for.

/** Workers from groups: execution order inside, dependsOn between, cycles between workers merged away. */
export function buildWorkers(context: Context, groups: number[][]): PlanWorker[] {
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

/** One worker of ready items already in execution order. */
export function makeWorker(context: Context, number: number, locals: readonly number[]): PlanWorker {
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

/** How a worker's focus names its main action ("auth — fixes"). */
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

/** Directories that say nothing about what a worker does. */
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
