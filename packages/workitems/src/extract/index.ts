// Markdown to raw work items, one document at a time: model.ts holds the data, document.ts the top-level reading,
// walk.ts the walk over blocks with one file per shape (headings, paragraphs, lists, tables), decide.ts which
// candidates are items and items.ts the facts of each item.
export { extractDocument } from "./document.js";
export {
  type BlockReader,
  type DocumentExtraction,
  emptyOutline,
  type Note,
  Notes,
  type Outline,
  type PhaseInfo,
  type RawItem,
} from "./model.js";
