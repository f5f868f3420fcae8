import type { Outcome } from "./run.js";

/** The step's outputs (names as in action.yml) and its job-summary markdown. */
export interface StepReport {
  outputs: Record<string, string>;
  summary: string;
}

function json(value: unknown): string {
  return JSON.stringify(value);
}

/** Untrusted text in a markdown table cell: one line, pipes and backticks neutralised. */
function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/\|/g, "\\|")
    .replace(/`/g, "'");
}

/**
 * The manifest without its closing question to the user ("Proceed with this split?" or, for one worker, "Proceed
 * with this plan?"): in CI the run is the answer.
 */
function withoutQuestion(manifest: string): string {
  return manifest
    .replace(/\n(---\n+)?\*\*Proceed with this (split|plan)\?\*\*[^\n]*\n*$/, "\n")
    .replace(/\n*$/, "\n");
}

/** Maps an outcome to the step's outputs and summary: the only place that decides what a mode publishes. Pure. */
export function stepReport(outcome: Outcome): StepReport {
  switch (outcome.mode) {
    case "plan": {
      const workers = outcome.matrix.include;
      const table = [
        "",
        `### Workers (${workers.length})`,
        "",
        ...(workers.length === 0
          ? ["No workers: nothing is ready to assign (see the items that need clarification above)."]
          : [
              "| Worker | Branch | Scope |",
              "|--------|--------|-------|",
              ...workers.map(
                (w) => `| ${cell(w.name)} | ${cell(w.branch)} | ${cell(w.scope.join(", ") || "—")} |`,
              ),
            ]),
      ];
      return {
        outputs: {
          ok: "true",
          plan: json(outcome.plan),
          matrix: json(outcome.matrix),
          count: String(workers.length),
          prompts: outcome.prompts,
        },
        summary: `${withoutQuestion(outcome.manifest)}${table.join("\n")}\n`,
      };
    }
    case "monitor":
      return {
        outputs: {
          ok: "true",
          report: outcome.markdown,
          complete: json(outcome.complete),
          blocked: json(outcome.blocked),
          "all-complete": String(outcome.allComplete),
        },
        summary: outcome.markdown,
      };
    case "integrate":
      return {
        outputs: {
          ok: "true",
          branch: outcome.branch,
          merged: json(outcome.merged),
          conflicts: json(outcome.conflicts),
          skipped: json(outcome.skipped.map((s) => s.feature)),
          report: outcome.markdown,
          "pull-request": outcome.pullRequest ? String(outcome.pullRequest.number) : "",
        },
        summary: outcome.markdown,
      };
    case "check":
      return {
        outputs: {
          ok: "true",
          failed: json(outcome.failed),
          retry: json(outcome.retry),
          "retry-count": String(outcome.retry.include.length),
          escalated: json(outcome.escalated),
          prompts: outcome.prompts,
          report: outcome.markdown,
        },
        summary: outcome.markdown,
      };
  }
}

/**
 * The outputs of a failed step, for the mode named by the raw `mode` input: `ok` is `false` and every output a later
 * job tests has its "nothing" value (`count` `0`, empty arrays), so no condition reads an empty string as success.
 * Pure.
 */
export function failureOutputs(mode: string): Record<string, string> {
  switch (mode) {
    case "monitor":
      return { ok: "false", complete: "[]", blocked: "[]", "all-complete": "false" };
    case "integrate":
      return { ok: "false", merged: "[]", conflicts: "[]", skipped: "[]" };
    case "check":
      return { ok: "false", failed: "[]", retry: json({ include: [] }), "retry-count": "0", escalated: "[]" };
    default:
      // plan, or a mode that could not be read: a plan's outputs keep every later job from starting.
      return { ok: "false", count: "0", matrix: json({ include: [] }) };
  }
}
