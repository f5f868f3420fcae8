import { FEATURE_NAME_PATTERN, type MonitorReport, renderMonitorReport } from "@wo/core";

/** What `mode: monitor` produced. */
export interface MonitorOutcome {
  mode: "monitor";
  report: MonitorReport;
  /** The Worker Status Report with alerts and recommended actions (markdown). */
  markdown: string;
  /** Workers whose newest status commit is `[COMPLETE]` (named by wo's rule: outsiders are never listed). */
  complete: string[];
  /** Workers whose newest status commit is `[BLOCKED:…]` (named by wo's rule). */
  blocked: string[];
  /** At least one worker, and every worker complete. */
  allComplete: boolean;
  /** The pull-request comment, when one was written. */
  comment: { id: number; url: string; created: boolean } | null;
}

/** The monitor outcome of a report (before any comment is written). Pure. */
export function monitorOutcome(report: MonitorReport): MonitorOutcome {
  // A branch under `work/` named against wo's feature-name rule was pushed by someone other than a planned worker:
  // the report shows it, but no output that a later job acts on lists it.
  // Suggested commands arrive shell-quoted from wo (`shellWord`); here every string is kept to one line.
  const safe = oneLineReport(report);
  const named = (status: string) =>
    safe.workers
      .filter((w) => w.status === status && FEATURE_NAME_PATTERN.test(w.worker))
      .map((w) => w.worker);
  const complete = named("complete");
  return {
    mode: "monitor",
    report: safe,
    markdown: renderMonitorReport(safe),
    complete,
    blocked: named("blocked"),
    allComplete: safe.workers.length > 0 && complete.length === safe.workers.length,
    comment: null,
  };
}

/**
 * The report with every string on one line: branch names, file names, commit subjects and alerts come from agents
 * (or anyone who can push a branch), and a line break in one would start a new line of the summary — a fake heading,
 * table row or `::command::` line. Breaks and other control characters become visible escapes (`\n`). Pure.
 */
export function oneLineReport(report: MonitorReport): MonitorReport {
  return oneLine(report) as MonitorReport;
}

/** {@link oneLineReport} over any JSON-like value: strings escaped, arrays and plain objects copied. */
function oneLine(value: unknown): unknown {
  if (typeof value === "string") return escapeControl(value);
  if (Array.isArray(value)) return value.map(oneLine);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, oneLine(v)]));
  }
  return value;
}

/** Control characters and Unicode line separators as `\n`, `\r`, `\t` or `\u{…}` (why: see oneLineReport). */
function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\r") return "\\r";
    if (c === "\t") return "\\t";
    return `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
  });
}
