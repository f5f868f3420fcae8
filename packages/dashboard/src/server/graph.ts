import type { MonitorReport } from "@wo/core";
import type { GraphEdge, GraphNode, PlanGraph } from "../shared/messages.js";

/** What the graph needs of one worker: its name, effective status and raw `.worktree.json`. */
export interface GraphWorker {
  feature: string;
  status: string;
  meta: Record<string, unknown> | null;
}

/**
 * The plan as a graph (docs/dashboard.md, "Plan graph"): a node per worker and per plan item it owns, the plan's
 * `dependsOn` edges between workers, and an edge per open `[NEEDS]` commit from the worker that provides to the
 * one that waits. Edges into a blocked or waiting worker are highlighted. Pure.
 */
export function planGraph(workers: readonly GraphWorker[], monitor: MonitorReport | null): PlanGraph {
  const byId = new Map<string, string>();
  for (const w of workers) {
    byId.set(w.feature, w.feature);
    const id = stringOf(w.meta?.workerId);
    if (id) byId.set(id, w.feature);
  }
  const rows = new Map((monitor?.workers ?? []).map((row) => [row.worker, row]));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const items = new Set<string>();
  for (const w of workers) {
    const row = rows.get(w.feature);
    const blocked = row?.status === "blocked" ? (row.reason ?? "blocked") : null;
    nodes.push({ id: workerNode(w.feature), kind: "worker", label: w.feature, status: w.status, blocked });
    for (const item of stringsOf(w.meta?.items)) {
      if (!items.has(item))
        nodes.push({ id: itemNode(item), kind: "item", label: item, status: null, blocked: null });
      items.add(item);
      edges.push({ from: workerNode(w.feature), to: itemNode(item), kind: "owns", highlighted: false });
    }
    for (const dep of stringsOf(w.meta?.dependsOn)) {
      const provider = byId.get(dep);
      if (provider)
        edges.push({
          from: workerNode(provider),
          to: workerNode(w.feature),
          kind: "depends",
          highlighted: blocked !== null || row?.status === "needs",
        });
    }
    const needs = row?.status === "needs" ? row.needs : null;
    const provider = needs ? byId.get(needs.worker) : undefined;
    if (provider)
      edges.push({ from: workerNode(provider), to: workerNode(w.feature), kind: "needs", highlighted: true });
  }
  return { nodes, edges };
}

/** The graph id of a worker's node. */
export function workerNode(feature: string): string {
  return `worker:${feature}`;
}

function itemNode(item: string): string {
  return `item:${item}`;
}

// `.worktree.json` is the worker's file as much as wo's: anything ill-typed reads as absent.
function stringOf(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && v !== "") : [];
}
