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
