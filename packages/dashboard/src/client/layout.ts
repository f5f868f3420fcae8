import dagre from "@dagrejs/dagre";
import type { GraphEdge, GraphNode, PlanGraph } from "../shared/messages.js";

/** A node placed by the layout: its centre and size. */
export interface PlacedNode extends GraphNode {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge routed by the layout: the points of its polyline. */
export interface PlacedEdge extends GraphEdge {
  points: Array<{ x: number; y: number }>;
}

/** The laid-out graph and the size of its drawing. */
export interface Layout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const NODE_HEIGHT = 34;

/**
 * The layout of `graph`, laid out again only when its shape changed (a node or edge came or went, a label
 * changed): a status change, a blocked worker or a highlighted edge only recolours the last layout, so the page
 * does not run dagre on every update.
 */
export function placeGraph(graph: PlanGraph): Layout {
  const key = shapeKey(graph);
  if (last?.key !== key) last = { key, layout: layoutGraph(graph) };
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));
  const edges = new Map(graph.edges.map((edge) => [edgeId(edge), edge]));
  return {
    ...last.layout,
    nodes: last.layout.nodes.map((placed) => ({ ...placed, ...nodes.get(placed.id) })),
    edges: last.layout.edges.map((placed) => ({ ...placed, ...edges.get(edgeId(placed)) })),
  };
}

let last: { key: string; layout: Layout } | null = null;

// What the layout depends on: the nodes (and their labels, which size them) and the edges, in order.
function shapeKey(graph: PlanGraph): string {
  return JSON.stringify([graph.nodes.map((n) => [n.id, n.label]), graph.edges.map(edgeId)]);
}

/** An edge's identity: its kind and ends. */
export function edgeId(edge: Pick<GraphEdge, "kind" | "from" | "to">): string {
  return `${edge.kind}:${edge.from}>${edge.to}`;
}

/** Lays the plan graph out left to right with dagre (layered, edges routed around nodes). */
export function layoutGraph(graph: PlanGraph): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 60, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    const width = Math.max(90, node.label.length * 7.5 + 28);
    g.setNode(node.id, { width, height: NODE_HEIGHT });
  }
  graph.edges.forEach((edge, i) => {
    g.setEdge(edge.from, edge.to, {}, `e${i}`);
  });
  dagre.layout(g);
  const nodes = graph.nodes.map((node) => {
    const placed = g.node(node.id) as { x: number; y: number; width: number; height: number };
    return { ...node, x: placed.x, y: placed.y, width: placed.width, height: placed.height };
  });
  const edges = graph.edges.map((edge, i) => {
    const placed = g.edge({ v: edge.from, w: edge.to, name: `e${i}` }) as {
      points?: Array<{ x: number; y: number }>;
    };
    return { ...edge, points: placed?.points ?? [] };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { nodes, edges, width: size.width ?? 0, height: size.height ?? 0 };
}
