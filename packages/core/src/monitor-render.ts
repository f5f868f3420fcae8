import { ago, type MonitorReport } from "./monitor.js";

/** The Worker Status Report as markdown (terminal, job summaries, PR comments). Pure. */
export function renderMonitorReport(report: MonitorReport): string {
  const now = new Date(report.generatedAt);
  const lines = [
    "## Worker Status Report",
    "",
    "| Worker | Branch | Last Commit | Status |",
    "|--------|--------|-------------|--------|",
  ];
  for (const w of report.workers) {
    const status =
      w.status === "none"
        ? "no status yet"
        : w.status === "blocked"
          ? `[BLOCKED:${w.reason ?? ""}]`
          : w.status === "needs" && w.needs
            ? `[NEEDS:${w.needs.worker}/${w.needs.item}]`
            : `[${w.status.toUpperCase()}]`;
    const waiting = w.waitingFor ? ` - agent waiting (${w.waitingFor})` : "";
    lines.push(
      `| ${cell(w.worker)} | ${cell(w.branch)} | ${since(w.lastCommitAt, now)} | ${cell(status)} - ${w.commits} commit${w.commits === 1 ? "" : "s"}${waiting} |`,
    );
  }
  if (report.workers.length === 0) lines.push("| (no workers) | | | |");
  if (report.forecast) {
    lines.push("", "### Conflict Forecast");
    if (report.forecast.pairs.length === 0) lines.push("- No two worker branches conflict with each other");
    for (const p of report.forecast.pairs) lines.push(`- ${p.a} × ${p.b}: ${p.files.join(", ")}`);
    lines.push(`- Suggested merge order: ${report.forecast.suggestedOrder.join(", ")}`);
  }
  lines.push("", "### Alerts");
  lines.push(
    ...(report.alerts.length === 0
      ? ["- None"]
      : report.alerts.map((a) => `- ${quiet(a).replace(/[\r\n]+/g, " ")}`)),
  );
  lines.push("", "### Recommended Actions");
  lines.push(
    ...(report.actions.length === 0
      ? ["- None"]
      : report.actions.map((a, i) => `${i + 1}. ${quiet(a).replace(/[\r\n]+/g, " ")}`)),
  );
  return `${lines.join("\n")}\n`;
}

/** Commit text must not ping people when a report is posted on GitHub: `@name` becomes `@\u200bname`. */
function quiet(text: string): string {
  return text.replace(/@(?=[A-Za-z0-9_-])/g, "@\u200b");
}

/** Escapes text for a markdown table cell: pipes, newlines and backticks from commit messages stay inside the cell. */
function cell(text: string): string {
  return quiet(text)
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/[\r\n]+/g, " ")
    .replace(/`/g, "'");
}

/** Human "2h ago" for a timestamp. */
function since(iso: string | null, now: Date): string {
  if (!iso) return "no commits";
  return `${ago(new Date(iso), now)} ago`;
}
