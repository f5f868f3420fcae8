import type { MonitorReport } from "@wo/core";
import { describe, expect, it } from "vitest";
import { planGraph } from "./graph.js";

const report = (workers: MonitorReport["workers"]): MonitorReport => ({
  base: "main",
  generatedAt: "2026-12-06T00:00:00.000Z",
  workers,
  alerts: [],
  actions: [],
  findings: [],
});
const row = (worker: string, extra: Partial<MonitorReport["workers"][number]> = {}) => ({
  worker,
  branch: `work/${worker}`,
  commits: 1,
  lastCommitAt: null,
  status: "checkpoint" as const,
  reason: null,
  needs: null,
  waitingFor: null,
  ...extra,
});

describe("planGraph", () => {
  it("is empty without workers", () => {
    expect(planGraph([], null)).toEqual({ nodes: [], edges: [] });
  });

  it("draws workers, the items they own and the plan's dependencies by worker id", () => {
    const graph = planGraph(
      [
        { feature: "task-1-api", status: "done", meta: { workerId: "task-1", items: ["item-1", "item-2"] } },
        {
          feature: "task-2-ui",
          status: "running",
          meta: { workerId: "task-2", items: ["item-3"], dependsOn: ["task-1"] },
        },
      ],
      null,
    );
    expect(graph.nodes.map((n) => n.id)).toEqual([
      "worker:task-1-api",
      "item:item-1",
      "item:item-2",
      "worker:task-2-ui",
      "item:item-3",
    ]);
    expect(graph.edges.filter((e) => e.kind === "depends")).toEqual([
      { from: "worker:task-1-api", to: "worker:task-2-ui", kind: "depends", highlighted: false },
    ]);
  });

  it("highlights a [NEEDS] edge and the dependencies of a blocked worker", () => {
    const graph = planGraph(
      [
        { feature: "a", status: "running", meta: { workerId: "task-1" } },
        { feature: "b", status: "running", meta: { dependsOn: ["task-1"] } },
        { feature: "c", status: "running", meta: null },
      ],
      report([
        row("a"),
        row("b", { status: "blocked", reason: "waiting for the schema" }),
        row("c", { status: "needs", reason: "task-1/item-1", needs: { worker: "task-1", item: "item-1" } }),
      ]),
    );
    expect(graph.nodes.find((n) => n.id === "worker:b")?.blocked).toBe("waiting for the schema");
    expect(graph.edges).toEqual([
      { from: "worker:a", to: "worker:b", kind: "depends", highlighted: true },
      { from: "worker:a", to: "worker:c", kind: "needs", highlighted: true },
    ]);
  });

  it("reads ill-typed .worktree.json values as absent and leaves out unknown dependencies", () => {
    const graph = planGraph(
      [{ feature: "x", status: "idle", meta: { items: "item-1", dependsOn: [3, "nobody"], workerId: 7 } }],
      null,
    );
    expect(graph).toEqual({
      nodes: [{ id: "worker:x", kind: "worker", label: "x", status: "idle", blocked: null }],
      edges: [],
    });
  });
});
