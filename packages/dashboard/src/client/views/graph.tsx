import type { PlanGraph } from "../../shared/messages.js";
import { edgeId, type PlacedNode, placeGraph } from "../layout.js";

/**
 * The plan as a dependency graph, laid out by dagre and drawn as SVG: workers coloured by status, the items they
 * own, the plan's dependencies, and open `[NEEDS]` and blocked edges highlighted.
 */
export function GraphView({ graph, onSelect }: { graph: PlanGraph; onSelect: (feature: string) => void }) {
  const layout = placeGraph(graph);
  if (graph.nodes.length === 0) return <p class="muted">No workers, so no plan graph yet.</p>;
  return (
    <div class="graph">
      <p class="legend">
        <span class="edge-key depends">depends on</span> <span class="edge-key needs">[NEEDS] / blocked</span>{" "}
        <span class="edge-key owns">owns item</span>
      </p>
      <svg
        data-testid="plan-graph"
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="img"
        aria-label="Plan dependency graph"
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="context-stroke" />
          </marker>
        </defs>
        {layout.edges.map((edge) => (
          <polyline
            key={edgeId(edge)}
            class={`edge ${edge.kind}${edge.highlighted ? " highlighted" : ""}`}
            data-edge={edge.kind}
            points={edge.points.map((p) => `${p.x},${p.y}`).join(" ")}
            marker-end="url(#arrow)"
          />
        ))}
        {layout.nodes.map((node) => (
          <NodeShape key={node.id} node={node} onSelect={onSelect} />
        ))}
      </svg>
    </div>
  );
}

// A worker's node is a link that opens its detail; an item's node is a label.
function NodeShape({ node, onSelect }: { node: PlacedNode; onSelect: (feature: string) => void }) {
  const props = {
    class: `node ${node.kind} ${node.status ?? ""}${node.blocked ? " blocked" : ""}`,
    "data-node": node.id,
    transform: `translate(${node.x - node.width / 2},${node.y - node.height / 2})`,
  };
  const body = (
    <>
      <title>{node.blocked ? `${node.label}: blocked: ${node.blocked}` : node.label}</title>
      <rect width={node.width} height={node.height} rx={node.kind === "item" ? 14 : 5} />
      <text x={node.width / 2} y={node.height / 2 + 4} text-anchor="middle">
        {node.label}
      </text>
    </>
  );
  if (node.kind === "item") return <g {...props}>{body}</g>;
  return (
    <a
      href={`#worker-${node.label}`}
      onClick={(event) => {
        event.preventDefault();
        onSelect(node.label);
      }}
    >
      <g {...props}>{body}</g>
    </a>
  );
}
