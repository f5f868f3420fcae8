import { Notes, type RawItem } from "./extract/index.js";
import { executionOrder, graphShape, stronglyConnected } from "./graph.js";
import { commonDirectory } from "./paths.js";
import { assessAndGroup } from "./plan/assess.js";
import { type Context, coveringHeadings } from "./plan/context.js";
import { emptyDocumentWarnings } from "./plan/empty.js";
import { featureKeys } from "./plan/features.js";
import { finalize, readDocument, renderNotes } from "./plan/finalize.js";
import { checkName, checkText, validateDocuments, validateOptions } from "./plan/options.js";
import { numberRanges } from "./text.js";
import type { ClarifyItem, ExtractedDocument, Plan, PlanOptions, SourceDocument } from "./types.js";

// The package's two entry points: one document to work items, and documents to a plan. Their stages live in
// plan/ (finalize, options, context, assess, overlaps, features, workers) and extract/.

/**
 * Reads one markdown document into work items: extraction in the priority order of docs/design.md
 * ("Plan and work items"), fields per item,
 * dependencies between the document's items. Pure; never throws on document content.
 *
 * @param text Markdown source.
 * @param options `file`: the name used in `source.file` (default `"document.md"`).
 * @returns The document's items, per-item details, dependency edges and the judgement calls made.
 */
export function workItemsFromMarkdown(text: string, options: { file?: string } = {}): ExtractedDocument {
  const file = options.file === undefined ? "document.md" : checkName(options.file, "options.file");
  const extraction = readDocument({ file, text: checkText(text, "text") }, 0);
  const finalized = finalize([extraction]);
  return {
    file,
    items: finalized.items,
    details: finalized.details,
    dependencies: finalized.dependencies,
    kind: extraction.kind,
    specKit: extraction.specKit,
    assumptions: renderNotes(finalized.notes, finalized.raw),
    outline: { ...extraction.outline },
    warnings: emptyDocumentWarnings([extraction], [text]),
  };
}
/**
 * Turns documents into a plan: items (ids across all sources), items needing clarification, assumptions, the
 * parallelizability assessment of docs/design.md ("Plan and work items") and workers with exclusive scopes.
 * Pure; throws {@link WorkItemsError} only for invalid options.
 *
 * @param documents Markdown documents, in the order their items should be numbered.
 * @param options `workers`: worker count for a parallel plan (default 2–4 from the estimated work).
 */
export function planWork(documents: SourceDocument[], options: PlanOptions = {}): Plan {
  validateOptions(options);
  const sources = validateDocuments(documents);
  const extractions = sources.map((document, index) => readDocument(document, index));
  const finalized = finalize(extractions);
  const { raw, items } = finalized;
  const notes = new Notes();

  const ready: number[] = [];
  const clarify: ClarifyItem[] = [];
  const doneItems: RawItem[] = [];
  for (const [index, item] of raw.entries()) {
    if (item.done) doneItems.push(item);
    else if (item.clarify !== null)
      clarify.push({ id: items[index]!.id, text: item.text || item.description, issue: item.clarify });
    else ready.push(index);
  }
  for (const item of doneItems) notes.add("done", item, "already done; not assigned");
  const localOf = new Map(ready.map((global, local) => [global, local]));
  const edges: Array<[number, number]> = [];
  const waitsOnUnclear = new Map<number, number[]>();
  for (const [from, to] of finalized.pairs) {
    const a = localOf.get(from);
    const b = localOf.get(to);
    if (a !== undefined && b !== undefined) edges.push([a, b]);
    else if (a !== undefined && raw[to]!.clarify !== null && !raw[to]!.done) {
      const list = waitsOnUnclear.get(from) ?? [];
      list.push(to + 1);
      waitsOnUnclear.set(from, list);
    }
  }
  for (const [from, numbers] of waitsOnUnclear) {
    const label =
      numbers.length === 1 ? `item ${numbers[0]}, which needs` : `items ${numberRanges(numbers)}, which need`;
    notes.add(`waits-clarify:${numbers.join(",")}`, raw[from]!, `waits for ${label} clarification`);
  }

  const count = ready.length;
  const idOf = (local: number) => items[ready[local]!]!.id;
  const cycles = stronglyConnected(count, edges).filter((component) => component.length > 1);
  for (const cycle of cycles) {
    notes.add(
      `cycle:${cycle[0]}`,
      null,
      `Dependency cycle between items ${cycle.map((local) => ready[local]! + 1).join(", ")}: kept in one worker, in document order`,
    );
  }
  const order = executionOrder(count, edges);
  const shape = graphShape(count, edges);
  const covering = coveringHeadings(ready.map((index) => raw[index]!));
  const nested = ready.flatMap((index) => raw[index]!.scope.filter((path) => path.includes("/")));
  const context: Context = {
    covering,
    features: [],
    root: commonDirectory(nested),
    raw,
    ready,
    edges,
    order,
    notes,
    idOf,
  };
  context.features = featureKeys(context);
  const { assessment, workers, overlaps } = assessAndGroup(
    context,
    options.workers,
    options.parallel === true,
  );

  const assumptions = [...renderNotes(finalized.notes, raw), ...renderNotes(notes.list, raw)];
  return {
    sources: sources.map((document) => document.file),
    items,
    details: finalized.details,
    dependencies: finalized.dependencies,
    clarify,
    assumptions,
    warnings: emptyDocumentWarnings(
      extractions,
      sources.map((document) => document.text),
    ),
    assessment,
    workers,
    order: order.map(idOf),
    cycles: cycles.map((cycle) => cycle.map(idOf)),
    overlaps,
    graph: {
      independent: shape.independent.map(idOf),
      chains: shape.chains.map((chain) => chain.map(idOf)),
      clusters: shape.clusters.map((cluster) => cluster.map(idOf)),
    },
  };
}
