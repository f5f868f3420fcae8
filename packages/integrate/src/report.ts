import type { IntegrationResult } from "./integration-types.js";
import { oneLine, stripControl } from "./text.js";

/** One worker as the report shows it. Every text field is untrusted and escaped. */
export interface ReportWorker {
  feature: string;
  branch?: string;
  description?: string;
  /** The worker's result (the contents of its `.worker-result.md`), shown verbatim in a fenced block. */
  result?: string | null;
  /** Its commit subjects, newest first. */
  commits?: string[];
}

/** Input of {@link renderIntegrationReport}: an integration result (or its `--json` shape) plus worker details. */
export interface IntegrationReportInput {
  /** Default: `Integration <branch>`. */
  title?: string;
  result: Pick<IntegrationResult, "branch" | "merged" | "conflicts" | "skipped"> &
    Partial<
      Pick<IntegrationResult, "base" | "alreadyMerged" | "scopeViolations" | "test" | "into" | "recovered">
    >;
  /** In merge order; workers missing here but named in the result are listed with their name only. */
  workers: ReportWorker[];
}

const MAX_RESULT_CHARS = 20_000;

/**
 * Markdown inline text: one line; emphasis, link, code, table and strikethrough characters backslash-escaped; `&`
 * and `<` as entities (so no HTML); a leading block marker (`#`, `>`, `-`, `+`, `1.`) escaped.
 */
function text(value: string): string {
  return (
    oneLine(value, 300)
      .replace(/[\\`*_[\]|~]/g, "\\$&")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/^([#>+=-])/, "\\$1")
      .replace(/^(\d+)([.)])/, "$1\\$2")
      // Worker text must not ping people when the report becomes a PR body: `@name` → `@\u200bname`.
      .replace(/@(?=[A-Za-z0-9_-])/g, "@\u200b")
  );
}

/** A code span that survives any backticks inside (and `|` in table cells). */
function code(value: string, inTable = false): string {
  const line = oneLine(value, 300);
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const padded = line.startsWith("`") || line.endsWith("`") || line === "" ? ` ${line} ` : line;
  const span = `${fence}${padded}${fence}`;
  return inTable ? span.replace(/\|/g, "\\|") : span;
}

/** A fenced block that no content can close early: the fence is longer than any backtick run inside. */
function fenced(content: string, info = "text"): string {
  let body = stripControl(content).replace(/\s+$/, "");
  if (body.length > MAX_RESULT_CHARS)
    body = `${body.slice(0, MAX_RESULT_CHARS)}\n… (${body.length - MAX_RESULT_CHARS} more characters)`;
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

type Outcome = "merged" | "already merged" | "conflict" | "skipped" | "not merged";

/**
 * Renders an integration as markdown for a pull-request body: title, base → branch, a summary table, the test
 * and final-merge outcomes, then per worker its description, outcome, scope violations, conflicts, commit subjects
 * and result. Pure. Untrusted text is neutralised: one-line fields are escaped (no HTML, no links, no headings),
 * results and test output go into fenced blocks whose fence no content can close, so nothing breaks out of its
 * section.
 */
export function renderIntegrationReport(input: IntegrationReportInput): string {
  const { result } = input;
  const conflictOf = new Map(result.conflicts.map((conflict) => [conflict.feature, conflict.files]));
  const violationsOf = new Map(
    (result.scopeViolations ?? []).map((violation) => [violation.feature, violation.files]),
  );
  const outcome = (feature: string): Outcome => {
    if (result.merged.includes(feature)) return "merged";
    if (result.alreadyMerged?.includes(feature)) return "already merged";
    if (conflictOf.has(feature)) return "conflict";
    if (result.skipped.includes(feature)) return "skipped";
    return "not merged";
  };
  const workers = [...input.workers];
  const listed = new Set(workers.map((worker) => worker.feature));
  const named = [
    ...result.merged,
    ...(result.alreadyMerged ?? []),
    ...result.conflicts.map((conflict) => conflict.feature),
    ...result.skipped,
  ];
  for (const feature of named) {
    if (!listed.has(feature)) {
      listed.add(feature);
      workers.push({ feature });
    }
  }

  const lines: string[] = [];
  lines.push(`# ${text(input.title ?? `Integration ${result.branch}`)}`, "");
  const base = result.base?.ref;
  lines.push(`${base === undefined ? "" : `${code(base)} → `}${code(result.branch)}`, "");
  const counts = [
    plural(result.merged.length, "worker") + " merged",
    ...((result.alreadyMerged?.length ?? 0) > 0 ? [`${result.alreadyMerged!.length} already merged`] : []),
    ...(result.conflicts.length > 0 ? [plural(result.conflicts.length, "conflict")] : []),
    ...(result.skipped.length > 0 ? [`${result.skipped.length} skipped`] : []),
    ...((result.scopeViolations?.length ?? 0) > 0
      ? [`${plural(result.scopeViolations!.length, "scope violation")}`]
      : []),
  ];
  lines.push(counts.join(" · "), "");

  if (workers.length > 0) {
    lines.push("| Worker | Outcome | Description |", "| --- | --- | --- |");
    for (const worker of workers) {
      const files = conflictOf.get(worker.feature);
      const state = outcome(worker.feature);
      const detail = files === undefined ? state : `${state} (${plural(files.length, "file")})`;
      lines.push(`| ${code(worker.feature, true)} | ${detail} | ${text(worker.description ?? "")} |`);
    }
    lines.push("");
  }

  if (result.recovered) {
    const recovery = result.recovered;
    lines.push("## Recovery", "");
    lines.push(
      `An earlier run (started ${text(recovery.previous.startedAt)}) was ${recovery.reason === "interrupted" ? "interrupted" : "left open"}; it was ${recovery.mode === "roll-back" ? "rolled back" : "rolled forward"}.`,
      "",
    );
    for (const action of recovery.actions) lines.push(`- ${text(action)}`);
    lines.push("");
  }

  if (result.test) {
    const test = result.test;
    const status = test.passed
      ? "passed"
      : test.timedOut
        ? "failed (timed out, stopped)"
        : test.exitCode === null
          ? `failed (${test.signal === null ? "did not start" : `killed by ${test.signal}`})`
          : `failed (exit ${test.exitCode})`;
    lines.push("## Test", "", `${code(test.command.join(" "))}: **${status}**`, "");
    if (test.outputTail !== "") lines.push(fenced(test.outputTail), "");
    if (test.blame) {
      lines.push(
        `It first fails after the merge of ${code(test.blame.feature)} (${code(test.blame.merge.slice(0, 7))}; found in ${test.blame.runs} more test runs).`,
        "",
      );
    } else if (test.blame === null) {
      lines.push("It fails before this run's merges too: no worker of this run made it fail.", "");
    }
  }

  if (result.into) {
    const into = result.into;
    lines.push(
      `## Merge into ${code(into.branch)}`,
      "",
      `**${into.status}**${into.reason ? `: ${text(into.reason)}` : ""}`,
      "",
    );
    if (into.files.length > 0) {
      for (const file of into.files) lines.push(`- ${code(file)}`);
      lines.push("");
    }
  }

  if (workers.length > 0) lines.push("## Workers", "");
  for (const worker of workers) {
    const heading = worker.description
      ? `${code(worker.feature)} — ${text(worker.description)}`
      : code(worker.feature);
    lines.push(`### ${heading}`, "");
    const state = outcome(worker.feature);
    lines.push(`**Outcome:** ${state}${worker.branch ? ` (${code(worker.branch)})` : ""}`, "");
    const files = conflictOf.get(worker.feature);
    if (files !== undefined) {
      lines.push(`**Conflicts** (${plural(files.length, "file")}):`, "");
      for (const file of files) lines.push(`- ${code(file)}`);
      lines.push("");
    }
    const outside = violationsOf.get(worker.feature);
    if (outside !== undefined) {
      lines.push(`**Outside its scope** (${plural(outside.length, "file")}):`, "");
      for (const file of outside) lines.push(`- ${code(file)}`);
      lines.push("");
    }
    if (worker.commits && worker.commits.length > 0) {
      lines.push(`**Commits** (${worker.commits.length}):`, "");
      for (const subject of worker.commits) lines.push(`- ${code(subject)}`);
      lines.push("");
    }
    if (worker.result != null && worker.result.trim() !== "") {
      lines.push("**Result:**", "", fenced(worker.result, "markdown"), "");
    }
  }
  return `${lines.join("\n").replace(/\n+$/, "")}\n`;
}
