import { DisjointSets, isLinearChain, stronglyConnected } from "../graph.js";
import { groupUnits } from "../group.js";
import { commonDirectory, isInside } from "../paths.js";
import { HOURS } from "../signals.js";
import { identifierParts } from "../text.js";
import type { Assessment, AssessmentRule, PlanWorker, ScopeOverlap } from "../types.js";
import { all, type Context, hoursOf, itemOf } from "./context.js";
import { describeOverlaps, findOverlaps } from "./overlaps.js";
import { buildWorkers, makeWorker } from "./workers.js";

// The parallelizability rules of docs/design.md ("Plan and work items"), in order: the first that says
// "sequential" gives one worker; otherwise items are grouped into units that must share a worker, and units into
// workers.

/** The assessment, the workers and the overlapping scopes of the ready items. */
export function assessAndGroup(
  context: Context,
  requested: number | undefined,
  preferParallel = false,
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
  if (count < 3 && !preferParallel)
    return sequential("too-few-items", `Only ${count} ready items (fewer than 3) — overhead exceeds benefit`);
  const total = hoursOf(context, all);
  if (total < 2 && !preferParallel) {
    return sequential(
      "too-little-work",
      `Estimated total work ${formatHours(total)} (under 2 h) — a single session is simpler`,
    );
  }
  const module = preferParallel ? null : commonTestModule(context);
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

/** Hours as reasons show them ("1.5 h"). */
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

/** Directory names that say "tests", not which module. */
const TEST_DIRS = new Set(["test", "tests", "__tests__", "spec", "specs", "e2e", "integration", "unit"]);

/** The module a path names (first word of its file stem without test affixes). */
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
