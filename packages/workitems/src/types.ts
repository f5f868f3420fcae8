/** One source document: a name (used in `source.file` and the manifest) and its markdown text. */
export interface SourceDocument {
  file: string;
  text: string;
}

/** What a work item asks for, inferred from its leading verb (or, failing that, from keywords and headings). */
export type Action = "fix" | "refactor" | "test" | "add" | "remove" | "update" | "docs" | "investigate";

/** T-shirt size: S < 15 min, M 15–60 min, L 1–3 h, XL 3 h and more (docs/design.md, "Plan and work items"). */
export type Complexity = "S" | "M" | "L" | "XL";

/** P0 (critical) … P3 (low). */
export type Priority = "P0" | "P1" | "P2" | "P3";

/**
 * A work item exactly as `wo plan --json` prints it (docs/design.md, "JSON shapes"); extra facts live in
 * {@link ItemDetails}.
 */
export interface WorkItem {
  /** `item-1`, `item-2`, … in document order across all sources. */
  id: string;
  action: Action;
  /** One line, markdown stripped. */
  description: string;
  /** Repository-relative paths; directories end with `/`. */
  scope: string[];
  priority: Priority | null;
  complexity: Complexity;
  /** Ids of items this one waits for. */
  dependencies: string[];
  /** Nearest heading (or the parent entry that groups nested items). */
  group: string | null;
  /** Checked task (`- [x]`) or a `Status: done` field. */
  done: boolean;
  source: { file: string; line: number };
}

/**
 * Which markdown construct an item came from, strongest first (the priority order of docs/design.md, "Plan and
 * work items"): task list items, numbered items, bullets, rows of a table with a work column (only without list
 * items), paragraphs; `heading` is a finding written as a heading with field lines and no prose.
 */
export type ItemKind = "task" | "numbered" | "bullet" | "row" | "paragraph" | "heading";

/** Why a dependency exists. */
export type DependencyReason = "explicit" | "creates-uses" | "layer" | "sequence" | "phase";

/** One dependency edge with its evidence. */
export interface DependencyEdge {
  /** The item that waits. */
  from: string;
  /** The item it waits for. */
  to: string;
  reason: DependencyReason;
  /** Human-readable evidence, e.g. `"depends on T012"` or `"creates src/models/user.py"`. */
  evidence: string;
}

/** Per-item facts that are not part of the JSON contract. */
export interface ItemDetails {
  id: string;
  kind: ItemKind;
  /** spec-kit task id (`T012`) when present. */
  taskId: string | null;
  /** spec-kit `[P]` marker: the author declared it parallel-safe. */
  parallel: boolean;
  /** spec-kit story label (`US1`) when present. */
  story: string | null;
  /** Headings from the document root down to the item. */
  headings: string[];
  /** The item's text as written (one line, markdown stripped), before markers were removed. */
  text: string;
  /** How the action was decided. */
  actionSource: "verb" | "field" | "keyword" | "heading" | "default";
  /** Where the scope came from. */
  scopeSource: "own" | "parent" | "section" | "heading" | "none";
  /** Why the item needs clarification, or null when it is ready. */
  clarify: string | null;
}

/** Result of {@link workItemsFromMarkdown}: one document's items. */
export interface ExtractedDocument {
  file: string;
  items: WorkItem[];
  /** Same order as `items`. */
  details: ItemDetails[];
  dependencies: DependencyEdge[];
  /** The construct the document's items were taken from (null when it has none). */
  kind: ItemKind | null;
  /** Looks like a spec-kit `tasks.md` (T001 ids). */
  specKit: boolean;
  /** Judgement calls made while reading the document. */
  assumptions: string[];
  /** What the document holds: counts of headings, tables, list items (any depth) and paragraphs outside lists. */
  outline: { headings: number; tables: number; listItems: number; paragraphs: number };
  /** Set when the document yielded no item: what it holds and a layout that is read (see {@link Plan.warnings}). */
  warnings: string[];
}

/** Options of {@link planWork}. */
export interface PlanOptions {
  /** Number of workers for a parallel plan (default: 2–4 from the estimated work). Integer ≥ 1. */
  workers?: number;
  /**
   * Split the work even when only the overhead rules (too few items, too little work, tests for one module) would
   * keep it in one worker: the manifest's "[P] Switch to parallel". Rules under which parallel workers would conflict
   * (same file, overlapping files, a chain, one cluster) still give one worker.
   */
  parallel?: boolean;
}

/** An item that is not assigned until a human clarifies it. */
export interface ClarifyItem {
  id: string;
  /** The original text. */
  text: string;
  /** What is missing, phrased as a question. */
  issue: string;
}

/** The parallelizability rules (docs/design.md, "Plan and work items"), by the name used in reasons and tests. */
export type AssessmentRule =
  | "no-items"
  | "requested-one-worker"
  | "same-file"
  | "overlapping-files"
  | "linear-chain"
  | "too-few-items"
  | "too-little-work"
  | "tests-for-one-module"
  | "single-cluster"
  | "independent-files"
  | "independent-clusters";

/** Parallel or sequential, the rule that decided and the number of workers. */
export interface Assessment {
  mode: "parallel" | "sequential";
  rule: AssessmentRule;
  reason: string;
  workers: number;
}

/** One worker: exclusive scope, its items in execution order, and the workers it waits for. */
export interface PlanWorker {
  /** `task-1`, `task-2`, … */
  id: string;
  /** Feature name for worktree/branch/session: `task-1-auth-refactor`. */
  name: string;
  items: string[];
  scope: string[];
  complexity: Complexity;
  dependsOn: string[];
  /** Short human description, e.g. `"backend/src/services/ fixes"`. */
  focus: string;
  /** Estimated hours (S 0.25, M 0.75, L 2, XL 4 per item). */
  hours: number;
}

/**
 * Items whose scopes overlap. Usually kept in one worker; split across workers only when dependencies order
 * them (flagged: merge those workers in order).
 */
export interface ScopeOverlap {
  items: string[];
  paths: string[];
  /** Workers holding these items (one when kept together). */
  workers: string[];
}

/** Shape of the dependency graph over ready items. */
export interface GraphSummary {
  /** Items with no dependency in either direction. */
  independent: string[];
  /** Linear chains (A → B → C), each in execution order. */
  chains: string[][];
  /** Connected groups that are not simple chains. */
  clusters: string[][];
}

/** Result of {@link planWork}. `toPlanJson` strips it to the `wo plan --json` contract. */
export interface Plan {
  sources: string[];
  items: WorkItem[];
  /** Same order as `items`. */
  details: ItemDetails[];
  dependencies: DependencyEdge[];
  clarify: ClarifyItem[];
  assumptions: string[];
  /**
   * One line per document that yielded no work item: what it holds (headings, tables, list items, paragraphs) and
   * an example of a layout that is read. Empty when every document gave items.
   */
  warnings: string[];
  assessment: Assessment;
  workers: PlanWorker[];
  /** Ready items in execution order (topological, stable by document order). */
  order: string[];
  /** Dependency cycles, each as a list of item ids. */
  cycles: string[][];
  overlaps: ScopeOverlap[];
  graph: GraphSummary;
}

/** Exactly the `wo plan --json` document of docs/design.md, "JSON shapes". */
export interface PlanJson {
  sources: string[];
  items: WorkItem[];
  clarify: ClarifyItem[];
  assumptions: string[];
  /** Present only when a document yielded no work item (see {@link Plan.warnings}). */
  warnings?: string[];
  assessment: { mode: "parallel" | "sequential"; reason: string; workers: number };
  workers: Array<{
    id: string;
    name: string;
    items: string[];
    scope: string[];
    complexity: Complexity;
    dependsOn: string[];
  }>;
}
