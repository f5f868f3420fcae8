export { WorkItemsError, type WorkItemsErrorCode } from "./errors.js";
export { parseMarkdown, parseMarkdownWhole } from "./markdown.js";
export { planWork, workItemsFromMarkdown } from "./plan.js";
export { renderManifest, renderMermaid, switchTarget, toPlanJson } from "./render.js";
export type {
  Action,
  Assessment,
  AssessmentRule,
  ClarifyItem,
  Complexity,
  DependencyEdge,
  DependencyReason,
  ExtractedDocument,
  GraphSummary,
  ItemDetails,
  ItemKind,
  Plan,
  PlanJson,
  PlanOptions,
  PlanWorker,
  Priority,
  ScopeOverlap,
  SourceDocument,
  WorkItem,
} from "./types.js";
