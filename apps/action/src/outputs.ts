import * as core from "@actions/core";
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

/** The manifest without its closing question to the user ("Proceed with this split?"): in CI the run is the answer. */
function withoutQuestion(manifest: string): string {
  return manifest
    .replace(/\n(---\n+)?\*\*Proceed with this split\?\*\*[^\n]*\n*$/, "\n")
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
          plan: json(outcome.plan),
          matrix: json(outcome.matrix),
          count: String(workers.length),
        },
        summary: `${withoutQuestion(outcome.manifest)}${table.join("\n")}\n`,
      };
    }
    case "monitor":
      return {
        outputs: {
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
          branch: outcome.branch,
          merged: json(outcome.merged),
          conflicts: json(outcome.conflicts),
          skipped: json(outcome.skipped.map((s) => s.feature)),
          report: outcome.markdown,
        },
        summary: outcome.markdown,
      };
  }
}

/** Writes an outcome's outputs (`GITHUB_OUTPUT`) and appends its summary (`GITHUB_STEP_SUMMARY`). */
export async function writeStepReport(outcome: Outcome): Promise<void> {
  const report = stepReport(outcome);
  for (const [name, value] of Object.entries(report.outputs)) core.setOutput(name, value);
  await core.summary.addRaw(report.summary, true).write();
}
