import { escapeCell, itemNumber, numberRanges, oneLine, truncate } from "./text.js";
import type { AssessmentRule, Plan, PlanJson, WorkItem } from "./types.js";

const DESCRIPTION_WIDTH = 120;

function numbers(ids: readonly string[]): string {
  return ids.length === 0 ? "—" : numberRanges(ids.map(itemNumber));
}

function scopeCell(item: WorkItem): string {
  if (item.scope.length === 0) return "—";
  const shown = item.scope.slice(0, 4).join(", ");
  return escapeCell(item.scope.length > 4 ? `${shown}, +${item.scope.length - 4} more` : shown);
}

/**
 * Renders the Work Item Manifest (docs/design.md, "Plan and work items"): sources, Ready to Assign, Needs
 * Clarification, Assumptions Made, Parallelization Assessment (with the worker table, file ownership and
 * cross-dependencies) and the "Proceed?" line. Text from documents is escaped for table cells.
 *
 * @param plan A plan from {@link planWork}.
 * @returns Markdown.
 */
export function renderManifest(plan: Plan): string {
  const lines: string[] = [];
  const clarifyIds = new Set(plan.clarify.map((entry) => entry.id));
  const ready = plan.items.filter((item) => !item.done && !clarifyIds.has(item.id));
  const doneCount = plan.items.filter((item) => item.done).length;
  lines.push("## Work Item Manifest", "");
  lines.push(
    `**Source documents:** ${plan.sources.length === 0 ? "—" : plan.sources.map((source) => escapeCell(source)).join(", ")}`,
  );
  lines.push(
    `**Total items extracted:** ${plan.items.length}${doneCount > 0 ? ` (${doneCount} already done)` : ""}`,
    "",
  );

  for (const warning of plan.warnings) lines.push(`> **Warning:** ${oneLine(warning)}`, "");

  lines.push(`### Ready to Assign (${ready.length} ${ready.length === 1 ? "item" : "items"})`, "");
  if (ready.length === 0) lines.push("No items are ready to assign.", "");
  else {
    lines.push(
      "| # | Action | Description | Scope | Size | Dependencies |",
      "|---|--------|-------------|-------|------|--------------|",
    );
    for (const item of ready) {
      const description = escapeCell(truncate(item.description, DESCRIPTION_WIDTH));
      const priority = item.priority === null ? "" : ` (${item.priority})`;
      lines.push(
        `| ${itemNumber(item.id)} | ${item.action} | ${description}${priority} | ${scopeCell(item)} | ${item.complexity} | ${numbers(item.dependencies)} |`,
      );
    }
    lines.push("");
  }

  if (plan.clarify.length > 0) {
    lines.push(
      `### Needs Clarification (${plan.clarify.length} ${plan.clarify.length === 1 ? "item" : "items"})`,
      "",
    );
    lines.push("| # | Original Text | Issue |", "|---|---------------|-------|");
    for (const entry of plan.clarify) {
      const text = escapeCell(truncate(oneLine(entry.text), DESCRIPTION_WIDTH));
      lines.push(`| ${itemNumber(entry.id)} | "${text}" | ${escapeCell(entry.issue)} |`);
    }
    lines.push("");
  }

  lines.push("### Assumptions Made", "");
  if (plan.assumptions.length === 0) lines.push("- None", "");
  else {
    for (const assumption of plan.assumptions) lines.push(`- ${oneLine(assumption)}`);
    lines.push("");
  }

  lines.push("### Parallelization Assessment", "");
  const { assessment } = plan;
  const recommendation =
    assessment.mode === "parallel"
      ? `Parallel execution with ${assessment.workers} workers`
      : assessment.workers === 0
        ? "Nothing to execute"
        : "Sequential execution (one worker)";
  lines.push(`**Recommendation:** ${recommendation}`, "", `**Reason:** ${oneLine(assessment.reason)}`, "");
  if (plan.workers.length > 0) {
    lines.push(
      "| Worker | Items | Focus | Est. Complexity |",
      "|--------|-------|-------|-----------------|",
    );
    for (const worker of plan.workers) {
      lines.push(
        `| ${worker.name} | ${numbers(worker.items)} | ${escapeCell(worker.focus)} | ${worker.complexity} |`,
      );
    }
    lines.push("");
    if (assessment.mode === "sequential" && plan.order.length > 1) {
      lines.push(`**Order:** ${plan.order.map(itemNumber).join(" → ")}`, "");
    }
    lines.push("**File ownership:**", "");
    for (const worker of plan.workers) {
      const scope = worker.scope.length === 0 ? "—" : worker.scope.map((path) => `\`${path}\``).join(", ");
      lines.push(`- ${worker.name}: ${scope}`);
    }
    lines.push("");
    const waits = plan.workers.filter((worker) => worker.dependsOn.length > 0);
    if (waits.length > 0) {
      lines.push("**Cross-dependencies:**", "");
      for (const worker of waits) lines.push(`- ${worker.id} waits for ${worker.dependsOn.join(", ")}`);
      lines.push("");
    }
  }
  if (plan.overlaps.length > 0) {
    lines.push("**Overlapping scopes (flagged):**", "");
    for (const overlap of plan.overlaps) {
      const paths = overlap.paths.map((path) => `\`${path}\``).join(", ");
      const where =
        overlap.workers.length <= 1
          ? `kept in ${overlap.workers[0] ?? "one worker"}`
          : `split across ${overlap.workers.join(", ")} in dependency order — merge in that order`;
      lines.push(`- Items ${numbers(overlap.items)} share ${paths}: ${where}`);
    }
    lines.push("");
  }
  if (plan.cycles.length > 0) {
    lines.push("**Dependency cycles:**", "");
    for (const cycle of plan.cycles)
      lines.push(`- ${cycle.map(itemNumber).join(" → ")} → ${itemNumber(cycle[0]!)}`);
    lines.push("");
  }
  if (plan.clarify.length > 0) {
    const label = plan.clarify.length === 1 ? "Item" : "Items";
    lines.push(
      `${label} ${numbers(plan.clarify.map((entry) => entry.id))} excluded pending clarification.`,
      "",
    );
  }
  lines.push("---", "");
  const question =
    assessment.mode === "parallel" ? "**Proceed with this split?**" : "**Proceed with this plan?**";
  const switchTo = switchTarget(plan);
  const choices = ["[Y] Yes", "[N] Modify", "[C] Clarify items first"];
  if (switchTo === "sequential") choices.push("[S] Switch to sequential");
  if (switchTo === "parallel") choices.push("[P] Switch to parallel");
  lines.push(`${question} ${choices.join(" / ")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * What the manifest's last choice switches to: a split can always become one worker; one worker can become a split
 * only when there are two ready items or more and an overhead rule (too few items, too little work, tests for one
 * module, one worker requested) kept them whole — not when parallel workers would conflict or the items form one
 * chain or cluster.
 */
export function switchTarget(plan: Pick<Plan, "assessment" | "order">): "parallel" | "sequential" | null {
  if (plan.assessment.mode === "parallel") return "sequential";
  return plan.order.length >= 2 && SWITCHABLE.has(plan.assessment.rule) ? "parallel" : null;
}

const SWITCHABLE = new Set<AssessmentRule>([
  "requested-one-worker",
  "too-few-items",
  "too-little-work",
  "tests-for-one-module",
]);

/** Mermaid node id for an item id (`item-3` → `item3`). */
function nodeId(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, "");
}

/** Text safe inside a quoted mermaid label. */
function mermaidText(text: string): string {
  return oneLine(text)
    .replace(/"/g, "#quot;")
    .replace(/[<>]/g, (char) => (char === "<" ? "#lt;" : "#gt;"));
}

/**
 * Renders the dependency graph as mermaid source (without the ``` fence), starting with `graph TD`: one
 * subgraph per worker, an arrow from each prerequisite to the item that waits for it, items that need
 * clarification or are done styled apart.
 *
 * @param plan A plan from {@link planWork}.
 */
export function renderMermaid(plan: Plan): string {
  const lines = ["graph TD"];
  const assigned = new Set<string>();
  const byId = new Map(plan.items.map((item) => [item.id, item]));
  const label = (item: WorkItem) =>
    `${nodeId(item.id)}["${itemNumber(item.id)}. ${item.action}: ${mermaidText(truncate(item.description, 60))}"]`;
  for (const worker of plan.workers) {
    lines.push(`  subgraph ${worker.id.replace(/-/g, "_")}["${mermaidText(worker.name)}"]`);
    for (const id of worker.items) {
      const item = byId.get(id);
      if (item === undefined) continue;
      assigned.add(id);
      lines.push(`    ${label(item)}`);
    }
    lines.push("  end");
  }
  const clarify = new Set(plan.clarify.map((entry) => entry.id));
  for (const item of plan.items) if (!assigned.has(item.id)) lines.push(`  ${label(item)}`);
  for (const item of plan.items) {
    for (const dependency of item.dependencies) lines.push(`  ${nodeId(dependency)} --> ${nodeId(item.id)}`);
  }
  const done = plan.items.filter((item) => item.done).map((item) => nodeId(item.id));
  const unclear = plan.items.filter((item) => clarify.has(item.id)).map((item) => nodeId(item.id));
  const cyclic = [...new Set(plan.cycles.flat())].map(nodeId);
  if (done.length > 0)
    lines.push("  classDef done fill:#e8f5e9,stroke:#2e7d32,color:#555", `  class ${done.join(",")} done`);
  if (unclear.length > 0)
    lines.push(
      "  classDef clarify fill:#fff8e1,stroke:#f9a825,stroke-dasharray:4",
      `  class ${unclear.join(",")} clarify`,
    );
  if (cyclic.length > 0)
    lines.push("  classDef cycle stroke:#c62828,stroke-width:3px", `  class ${cyclic.join(",")} cycle`);
  return `${lines.join("\n")}\n`;
}

/**
 * Strips a plan to exactly the `wo plan --json` shape of docs/design.md, "JSON shapes" (no extra keys).
 *
 * @param plan A plan from {@link planWork}.
 */
export function toPlanJson(plan: Plan): PlanJson {
  return {
    sources: [...plan.sources],
    items: plan.items.map((item) => ({
      id: item.id,
      action: item.action,
      description: item.description,
      scope: [...item.scope],
      priority: item.priority,
      complexity: item.complexity,
      dependencies: [...item.dependencies],
      group: item.group,
      done: item.done,
      source: { file: item.source.file, line: item.source.line },
    })),
    clarify: plan.clarify.map((entry) => ({ id: entry.id, text: entry.text, issue: entry.issue })),
    assumptions: [...plan.assumptions],
    ...(plan.warnings.length > 0 ? { warnings: [...plan.warnings] } : {}),
    assessment: {
      mode: plan.assessment.mode,
      reason: plan.assessment.reason,
      workers: plan.assessment.workers,
    },
    workers: plan.workers.map((worker) => ({
      id: worker.id,
      name: worker.name,
      items: [...worker.items],
      scope: [...worker.scope],
      complexity: worker.complexity,
      dependsOn: [...worker.dependsOn],
    })),
  };
}
