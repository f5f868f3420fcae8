import type { Nodes, PhrasingContent } from "mdast";
import { toString as nodeToString } from "mdast-util-to-string";
import { isRepositoryName, pathFromUrl, pathsFromCode, pathsFromText } from "../paths.js";
import { oneLine } from "../text.js";
import { FIELD_NAME_PATTERN, fieldKind, isDoneLabel } from "./fields.js";
import type { Field, InlineLine } from "./model.js";

/** The lines of a run of phrasing content (a paragraph, heading or cell), with codes, links and emphasis kept. */
export function inlineLines(
  nodes: readonly PhrasingContent[],
  definitions: ReadonlyMap<string, string>,
): InlineLine[] {
  const lines: InlineLine[] = [];
  let current = emptyLine();
  let firstNode = true;
  const newLine = () => {
    lines.push(current);
    current = emptyLine();
    firstNode = true;
  };
  const visit = (node: PhrasingContent, struck: boolean) => {
    switch (node.type) {
      case "text": {
        const value = node.value;
        const parts = value.includes("\n") || value.includes("\r") ? value.split(/\r\n|\r|\n/) : [value];
        for (const [index, part] of parts.entries()) {
          if (index > 0) newLine();
          if (part.trim() !== "") {
            if (!struck) current.struck = false;
            firstNode = false;
          }
          current.text += part;
        }
        return;
      }
      case "inlineCode":
        current.text += node.value;
        current.codes.push(node.value);
        if (!struck) current.struck = false;
        firstNode = false;
        return;
      case "break":
        newLine();
        return;
      case "strong":
      case "emphasis": {
        const text = nodeToString(node);
        const leading = firstNode && current.text.trim() === "";
        current.emphasised.push(text);
        for (const child of node.children) visit(child, struck);
        if (leading && node.type === "strong") current.strongLabel = text;
        return;
      }
      case "delete":
        for (const child of node.children) visit(child, true);
        return;
      case "link": {
        current.urls.push(node.url);
        const before = current.text.length;
        for (const child of node.children) visit(child, struck);
        const inside = current.text.slice(before).replace(/[\s\p{P}\p{S}]+/gu, "").length;
        current.linked = (current.linked ?? 0) + inside;
        return;
      }
      case "linkReference": {
        const url = definitions.get(node.identifier);
        if (url !== undefined) current.urls.push(url);
        for (const child of node.children) visit(child, struck);
        return;
      }
      case "image":
      case "imageReference":
      case "footnoteReference":
      case "html":
        return;
      default:
        current.text += nodeToString(node as Nodes);
    }
  };
  for (const node of nodes) visit(node, false);
  lines.push(current);
  return lines.filter((line) => line.text.trim() !== "" || line.codes.length > 0);
}

/** A line with nothing yet; struck until some text outside ~~…~~ is added. */
export function emptyLine(): InlineLine {
  return { text: "", codes: [], urls: [], emphasised: [], strongLabel: null, struck: true };
}

/** `**File**: x`, `**File:** x` or a known `File: x` → field; otherwise null. */
export function fieldOfLine(line: InlineLine, file: string, anyStrongLabel: boolean): Field | null {
  const text = oneLine(line.text);
  let label: string | null = null;
  let value = "";
  if (line.strongLabel !== null) {
    const strong = oneLine(line.strongLabel);
    const rest = text.slice(strong.length).trimStart();
    if (strong.endsWith(":")) {
      label = strong.slice(0, -1).trim();
      value = rest;
    } else if (rest.startsWith(":")) {
      label = strong.trim();
      value = rest.slice(1).trim();
    }
    if (label !== null && !anyStrongLabel && !FIELD_NAME_PATTERN.test(label)) label = null;
  }
  if (label === null) {
    const plain = /^([A-Za-z][A-Za-z /&-]{0,28}?)\s*:\s+(.*)$/.exec(text);
    // "Fix applied: …" under an entry reports it done, bold or not (not as an entry's own first line).
    const name = plain?.[1]?.trim();
    if (name !== undefined && (FIELD_NAME_PATTERN.test(name) || (anyStrongLabel && isDoneLabel(name)))) {
      label = name;
      value = plain?.[2] ?? "";
    }
  }
  if (label === null || label.split(/\s+/).length > 5 || label.length === 0) return null;
  const name = fieldKind(label);
  // Paths count wherever they are: "**File**: `a.ts`" and "**Problem code (`a.ts`):**" alike.
  const paths =
    name === "line"
      ? []
      : linePaths(name === "scope" ? { ...line, text: value } : line, file, name === "scope");
  return { name, value, paths, emphasised: line.emphasised, label };
}

/** Paths a line names in code, links and (strictly, or leniently for scope values) its plain text. */
export function linePaths(line: InlineLine, file: string, lenient: boolean): string[] {
  const paths: string[] = [];
  let from = 0;
  for (const code of line.codes) {
    // Codes appear in the line's text in order: find each after the previous one.
    const at = line.text.indexOf(code, from);
    if (at >= 0) from = at + code.length;
    for (const path of pathsFromCode(code)) {
      if (!isRepositoryName(path, line.text, at, code.length)) paths.push(path);
    }
  }
  for (const url of line.urls) {
    const path = pathFromUrl(url, file);
    if (path !== null) paths.push(path);
  }
  const plain = line.codes.reduce((text, code) => text.replace(code, " "), line.text);
  if (lenient) {
    for (const token of plain.split(/[\s,;]+/)) {
      if (/[./]/.test(token)) paths.push(...pathsFromCode(token.replace(/^[("'<[]+|[)"'>\].:;]+$/g, "")));
    }
  } else paths.push(...pathsFromText(plain));
  return paths;
}
