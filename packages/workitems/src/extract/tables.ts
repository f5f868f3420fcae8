import type { PhrasingContent, Table, TableCell, TableRow } from "mdast";
import { toString as nodeToString } from "mdast-util-to-string";
import { numberRanges, oneLine } from "../text.js";
import { ROW_RANK, referenceHeading } from "./candidates.js";
import { fieldKind } from "./fields.js";
import { inlineLines, linePaths } from "./inline.js";
import type { Candidate, Field, InlineLine, Notes, Section, TableCandidates, WalkState } from "./model.js";
import { SPEC_ID } from "./spec-kit.js";

// Tables: a table with a column that names the work gives one candidate row per body row; its rows become items
// only when the document has no list entries (see extractDocument).

/** Records a table: its rows when it has a work column outside reference sections, else why it was skipped. */
export function handleTable(table: Table, section: Section, state: WalkState): void {
  const [head, ...body] = table.children;
  if (head === undefined) return;
  const headers = head.children.map((cell) => oneLine(nodeToString(cell)));
  const names = headers.map(columnName);
  const workColumn = findWorkColumn(names, body);
  const entry: TableCandidates = {
    line: table.position?.start.line ?? 1,
    section,
    headers,
    workColumn,
    rows: [],
    referenceRows: [],
    skipped: workColumn < 0 ? "no-work-column" : referenceTable(section) ? "reference" : null,
    emptyRows: [],
  };
  state.tables.push(entry);
  if (entry.skipped === "no-work-column") return;
  const listId = state.listCounter++;
  for (const row of body) {
    // Cells beyond the header have no name and are ignored; missing cells are empty.
    const cells = names.map((_, column) => cellLines(row.children[column], state.definitions));
    if (cells.every(isBlank)) continue;
    if (isBlank(cells[workColumn] ?? [])) {
      entry.emptyRows.push(row.position?.start.line ?? entry.line);
      continue;
    }
    const candidate = rowCandidate(row, cells, names, workColumn, listId, section, state.file);
    // A reference table (## Summary) gives no items, but may give the status of findings written as headings.
    if (entry.skipped === "reference") entry.referenceRows.push(candidate);
    else entry.rows.push(candidate);
  }
}

/** Says which tables gave no items and why (only when lists do not win: next to lists every table is ignored). */
export function noteTables(tables: readonly TableCandidates[], tableMode: boolean, notes: Notes): void {
  for (const table of tables) {
    const columns = table.headers.map((header) => header || "(empty)").join(" | ");
    if (table.skipped === "no-work-column") {
      notes.add(
        `table-skipped:${table.line}`,
        null,
        `Skipped the table at line ${table.line} (${columns}): no column names the work (Task, Issue, Finding, Title, Description, …)`,
      );
    } else if (table.skipped === "reference") {
      notes.add(
        `table-skipped:${table.line}`,
        null,
        `Skipped the table at line ${table.line} under "${referenceHeading(table.section)}": reference material, not work`,
      );
    } else if (tableMode && table.emptyRows.length > 0) {
      const count = table.emptyRows.length;
      notes.add(
        `table-empty:${table.line}`,
        null,
        `Skipped ${count === 1 ? "a table row" : `${count} table rows`} with an empty "${table.headers[table.workColumn]}" cell (line${count === 1 ? "" : "s"} ${numberRanges(table.emptyRows)})`,
      );
    }
  }
}

/**
 * Header names of the column that holds the work, in order of precedence: the first group with a matching header
 * picks the column (`| Issue | Description |` → Issue). A name may follow a qualifier ("Short description",
 * "Proposed change") and be followed by name/title/description/summary/text/details ("Issue title").
 */
const WORK_COLUMN_NAMES: readonly string[] = [
  "tasks?|to-?dos?|to dos?|action items?|work items?",
  "items?",
  "issues?",
  "findings?",
  "problems?",
  "bugs?|defects?",
  "vulnerabilit(?:y|ies)|vulns?",
  "requirements?|(?:user )?stor(?:y|ies)",
  "actions?|changes?|work",
  "what",
  "title",
  "summary",
  "description",
  "recommendations?|suggestions?|fix(?:es)?|remediation",
];

/** One matcher per group of `WORK_COLUMN_NAMES`, with the usual qualifiers and suffixes. */
const WORK_COLUMNS = WORK_COLUMN_NAMES.map(
  (names) =>
    new RegExp(
      `^(?:(?:short|brief|proposed|suggested|required|recommended|open|remaining|pending|identified|key|main)\\s+)?(?:${names})(?:\\s+(?:name|title|description|summary|text|details))?$`,
    ),
);

/** Columns that say what to do next to the work column (`| Issue | Action |`): a `Fix:` field. */
const FIX_COLUMN = /^(?:(?:proposed|suggested|required|recommended)\s+)?(?:actions?|changes?)$|^next steps?$/;

/** Columns that name files in any wording (`File:Line`, `File / Location`, `Files touched`): scope. */
const SCOPE_COLUMN = /\b(?:files?|paths?|locations?)\b/;

/** Columns that number the rows: `#`, `No.`, `ID`, `Ref`, `Key`, `Task #`, `Issue ID`. */
const ID_COLUMN = /^(?:#|no\.?|nr\.?|num|number|ids?|ref|key|s\/?n|[a-z]+ ?#|[a-z]+ (?:id|no\.?))$/;

/** A Done column (`| Task | Done |`) and the cells that tick it. */
const DONE_COLUMN = /^(?:done|complete|completed|finished|resolved|fixed|closed|[✓✔✅☑]\uFE0F?)$/u;
/** A column of repository names (`| Repo | Issue |`): `owner/name` cells, never paths of this repository. */
const REPOSITORY_COLUMN = /^(?:repo|repos|repository|repositories|github repo(?:sitory)?|upstream)$/i;
const TICKED = /^(?:yes|y|x|\[x\]|true|done|[✓✔✅☑☒]\uFE0F?)$/iu;

/** A reference heading that still names work ("Summary of findings") does not hide its tables. */
const NAMES_WORK =
  /\b(?:findings?|issues?|tasks?|to-?dos?|action items?|bugs?|defects?|problems?|vulnerabilit(?:y|ies)|recommendations?)\b/i;

/** A row number in an id column: `1`, `#2`, `3.`. */
const NUMBER_CELL = /^#?\s*(\d{1,6})[.)]?$/;

/** Cells that say "nothing here": `-`, `—`, `N/A`, `none`, `TBD`. */
const EMPTY_CELL = /^(?:[-–—]+|n\/?a|none|nil|null|nothing|tbd|\?)$/i;

/** A table under a reference heading (appendix, notes…) that names no work. */
function referenceTable(section: Section): boolean {
  const heading = referenceHeading(section);
  return heading !== null && !NAMES_WORK.test(heading);
}

/** A header as matched against column names: lower case, without a trailing colon; `Task(s)` → `tasks`. */
function columnName(header: string): string {
  return header
    .toLowerCase()
    .replace(/\s*:$/, "")
    .replace(/\(s\)$/, "s")
    .trim();
}

/** The column holding the work (see `WORK_COLUMNS`), skipping one that only holds numbers; -1 when none. */
function findWorkColumn(names: readonly string[], body: readonly TableRow[]): number {
  for (const pattern of WORK_COLUMNS) {
    for (const [column, name] of names.entries()) {
      if (!pattern.test(name)) continue;
      const values = body
        .map((row) => oneLine(nodeToString(row.children[column] ?? { type: "text", value: "" })))
        .filter((value) => value !== "");
      if (values.length > 0 && values.every((value) => NUMBER_CELL.test(value))) continue;
      return column;
    }
  }
  return -1;
}

/** The lines of a cell; `<br>` (the usual line break inside a table cell) breaks the line. */
function cellLines(cell: TableCell | undefined, definitions: ReadonlyMap<string, string>): InlineLine[] {
  if (cell === undefined) return [];
  const children = cell.children.map(
    (child): PhrasingContent =>
      child.type === "html" && /^<br\s*\/?>$/i.test(child.value.trim()) ? { type: "break" } : child,
  );
  return inlineLines(children, definitions);
}

/** A cell with no code and only "nothing here" text. */
function isBlank(lines: readonly InlineLine[]): boolean {
  const text = oneLine(lines.map((line) => line.text).join(" "));
  return lines.every((line) => line.codes.length === 0) && (text === "" || EMPTY_CELL.test(text));
}

/**
 * One body row: the work cell is the title; the other cells are details of it, named by their header like field
 * lines (File → scope, Severity → priority, Status → done, Depends on → dependencies, Fix/Action → fix). Cells of
 * descriptive columns (Description, Notes, Owner, …) are detail lines; id cells are kept as info fields and a
 * numeric id lets `Depends on: 2` name the row numbered 2.
 */
function rowCandidate(
  row: TableRow,
  cells: readonly InlineLine[][],
  names: readonly string[],
  workColumn: number,
  listId: number,
  section: Section,
  file: string,
): Candidate {
  const title = cells[workColumn] ?? [];
  const fields: Field[] = [];
  const details: InlineLine[] = [];
  let number: number | null = null;
  for (const [column, lines] of cells.entries()) {
    if (column === workColumn || isBlank(lines)) continue;
    const name = names[column] ?? "";
    const value = oneLine(lines.map((line) => line.text).join(" "));
    if (ID_COLUMN.test(name)) {
      number ??= NUMBER_CELL.test(value) ? Number(NUMBER_CELL.exec(value)?.[1]) : null;
      // A spec-kit id in its own column works as one written before the task ("T001 Create …").
      const first = title[0];
      if (/^T\d{3,}$/.test(value) && first !== undefined && !SPEC_ID.test(oneLine(first.text))) {
        title[0] = { ...first, text: `${value} ${first.text.trimStart()}` };
      }
      fields.push({ name: "info", value, paths: [], emphasised: [] });
      continue;
    }
    if (REPOSITORY_COLUMN.test(name)) {
      // `acme/widgets` under a Repo header names a repository, not a directory of this one.
      fields.push({ name: "info", value, paths: [], emphasised: [] });
      continue;
    }
    if (DONE_COLUMN.test(name)) {
      if (TICKED.test(value)) fields.push({ name: "status", value: "done", paths: [], emphasised: [] });
      continue;
    }
    const known = fieldKind(name);
    const kind = FIX_COLUMN.test(name)
      ? "fix"
      : known === "info" && SCOPE_COLUMN.test(name)
        ? "scope"
        : known;
    if (kind === "info") {
      details.push(...lines);
      continue;
    }
    fields.push({
      name: kind,
      value,
      paths: kind === "line" ? [] : lines.flatMap((line) => linePaths(line, file, kind === "scope")),
      emphasised: lines.flatMap((line) => line.emphasised),
    });
  }
  return {
    kind: "row",
    rank: ROW_RANK,
    line: row.position?.start.line ?? 1,
    checked: null,
    section,
    parent: null,
    children: [],
    listId,
    listNumber: number,
    title,
    fields,
    details,
    isItem: false,
    isContainer: false,
    titleCache: null,
  };
}
