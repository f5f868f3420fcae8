import type { Colors } from "./io.js";

/**
 * Text that came from agents, documents or commits is untrusted: before it reaches a terminal, escape sequences and
 * control characters are removed (tabs and newlines kept unless `singleLine`).
 */
export function sanitize(text: string, options: { singleLine?: boolean } = {}): string {
  const stripped = text
    // CSI / OSC / other ESC sequences, then any remaining C0/C1 controls except tab and newline
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, "")
    .replace(/\u001b[@-_]?/g, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
  return options.singleLine ? stripped.replace(/[\t\n]+/g, " ") : stripped;
}

/** A compact human duration: `45s`, `3m12s`, `1h04m`, `2d3h`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return "-";
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

/** Shortens `text` to `width` characters with an ellipsis. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return "";
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, Math.max(0, width - 1)).join("")}…`;
}

/** A column of a {@link formatTable}. */
export interface Column<Row> {
  header: string;
  value(row: Row): string;
  /** Colours a padded cell (applied after padding so ANSI codes do not break alignment). */
  color?: (cell: string, row: Row) => string;
}

/** Plain aligned columns like `git worktree list`/`docker ps`: header row, two spaces between columns. */
export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => sanitize(column.value(row), { singleLine: true })));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((r) => [...(r[i] ?? "")].length)),
  );
  const pad = (text: string, i: number) =>
    i === columns.length - 1 ? text : text + " ".repeat((widths[i] ?? 0) - [...text].length);
  const lines = [
    columns
      .map((c, i) => pad(c.header, i))
      .join("  ")
      .trimEnd(),
  ];
  cells.forEach((row, r) => {
    lines.push(
      row
        .map((cell, i) => {
          const padded = pad(cell, i);
          const color = columns[i]?.color;
          return color ? color(padded, rows[r] as Row) : padded;
        })
        .join("  ")
        .trimEnd(),
    );
  });
  return `${lines.join("\n")}\n`;
}

/**
 * Colours a status cell the same way in every table: running cyan, waiting yellow, done green, failed or dead red,
 * others dim.
 */
export function paintStatus(colors: Colors, status: string, cell: string): string {
  switch (status) {
    case "running":
      return colors.cyan(cell);
    case "waiting":
      return colors.yellow(cell);
    case "done":
      return colors.green(cell);
    case "failed":
    case "dead":
      return colors.red(cell);
    default:
      return colors.dim(cell);
  }
}
