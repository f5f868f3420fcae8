import { describe, expect, it } from "vitest";
import type { PlanGraph } from "../shared/messages.js";
import { placeGraph } from "./layout.js";

const graph = (status: string, extra = false): PlanGraph => ({
  nodes: [
    { id: "w:api", kind: "worker", label: "api", status: "running", blocked: null },
    { id: "w:ui", kind: "worker", label: "ui", status, blocked: status === "blocked" ? "no schema" : null },
    ...(extra
      ? [{ id: "w:docs", kind: "worker" as const, label: "docs", status: "running", blocked: null }]
      : []),
  ],
  edges: [
    { from: "w:api", to: "w:ui", kind: "depends", highlighted: status === "blocked" },
    ...(extra ? [{ from: "w:api", to: "w:docs", kind: "depends" as const, highlighted: false }] : []),
  ],
});

describe("placeGraph", () => {
  it("keeps the positions when only statuses change, and shows the new statuses", () => {
    const first = placeGraph(graph("running"));
    const next = placeGraph(graph("blocked"));
    expect(next.nodes.map((n) => [n.id, n.x, n.y])).toEqual(first.nodes.map((n) => [n.id, n.x, n.y]));
    expect(next.edges[0]?.points).toBe(first.edges[0]?.points);
    expect(next.nodes.find((n) => n.id === "w:ui")).toMatchObject({
      status: "blocked",
      blocked: "no schema",
    });
    expect(next.edges[0]).toMatchObject({ highlighted: true });
  });

  it("lays the graph out again when a node or an edge comes", () => {
    const first = placeGraph(graph("running"));
    const grown = placeGraph(graph("running", true));
    expect(grown.nodes.map((n) => n.id)).toEqual(["w:api", "w:ui", "w:docs"]);
    expect(grown.edges).toHaveLength(2);
    expect(grown.edges[1]?.points.length).toBeGreaterThan(0);
    expect(grown.height).toBeGreaterThan(first.height);
  });
});
