import type { Nodes, RootContent } from "mdast";
import { toString as nodeToString } from "mdast-util-to-string";
import { oneLine } from "../text.js";
import { openHeading } from "./headings.js";
import { inlineLines, linePaths } from "./inline.js";
import { walkList } from "./lists.js";
import type { Section, WalkState } from "./model.js";
import { handleParagraph } from "./paragraphs.js";
import { handleTable } from "./tables.js";

// The walk over a document's top-level blocks: each shape (heading, paragraph, list, table) has its own handler
// that records candidates in the walk state and returns the section that follows.

/** Walks blocks in order and returns the section the last of them leaves open. */
export function walkBlocks(blocks: readonly RootContent[], start: Section, state: WalkState): Section {
  let section = start;
  let intro = "";
  for (const block of blocks) {
    const previousIntro = intro;
    intro = block.type === "paragraph" ? nodeToString(block) : "";
    if (state.pendingField !== null && block.type !== "paragraph" && takePendingField(block, state)) continue;
    switch (block.type) {
      case "heading":
        state.outline.headings++;
        section = openHeading(block, section, state);
        break;
      case "paragraph":
        state.outline.paragraphs++;
        section = handleParagraph(block, section, state);
        break;
      case "list":
        walkList(block, section, null, state, previousIntro);
        break;
      case "blockquote":
        section = walkBlocks(block.children, section, state);
        break;
      case "table":
        state.outline.tables++;
        handleTable(block, section, state);
        break;
      default:
        // code, html, thematic breaks, front matter, definitions: never items
        break;
    }
  }
  return section;
}

/**
 * Closes the pending "**Label:**" field at a block that is no paragraph. "**Steps to reproduce:**" followed by a
 * list: the list is the field's value, not work items (true: the block is consumed).
 */
function takePendingField(block: RootContent, state: WalkState): boolean {
  const pending = state.pendingField!;
  state.pendingField = null;
  const tasks = block.type === "list" && block.children.some((entry) => typeof entry.checked === "boolean");
  if (block.type !== "list" || !pending.lists || tasks) return false;
  for (const entry of block.children) {
    const lines = entry.children.flatMap((child) =>
      child.type === "paragraph" ? inlineLines(child.children, state.definitions) : [],
    );
    pending.section.fields.push({
      name: pending.name,
      value: oneLine(nodeToString(entry)),
      paths: lines.flatMap((line) => linePaths(line, state.file, false)),
      emphasised: [],
    });
  }
  return true;
}

/** Block nodes that can hold definitions; phrasing content (paragraphs, headings, table cells) cannot. */
const DEFINITION_CONTAINERS = new Set(["root", "blockquote", "list", "listItem", "footnoteDefinition"]);

/** Records `[id]: url` definitions of a run of blocks (the first one of an id wins, as in markdown). */
export function collectDefinitions(blocks: readonly RootContent[], definitions: Map<string, string>): void {
  const stack: Nodes[] = [...blocks];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "definition" && !definitions.has(node.identifier))
      definitions.set(node.identifier, node.url);
    if (DEFINITION_CONTAINERS.has(node.type) && "children" in node)
      for (const child of node.children) stack.push(child);
  }
}
