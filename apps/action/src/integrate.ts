import type { IntegrationForecast, IntegrationReport } from "@wo/core";

/** A worker that was not merged because its branch conflicts. */
export interface Conflict {
  feature: string;
  files: string[];
}

/** What `mode: integrate` produced. */
export interface IntegrateOutcome {
  mode: "integrate";
  /** `integration/<name>`. */
  branch: string;
  /** Workers merged by this run, in merge order. */
  merged: string[];
  /** Workers already contained in the integration branch (an earlier run merged them). */
  alreadyMerged: string[];
  /** Workers left out because they conflict (forecast first, so the clean ones are all merged). */
  conflicts: Conflict[];
  /** Workers left out for another reason (not finished, failed, no commits), with the reason. */
  skipped: Array<{ feature: string; reason: string }>;
  /** Whether the integration branch was pushed. */
  pushed: boolean;
  /** The integration pull request, when a token was given and the branch exists on the remote. */
  pullRequest?: { number: number; url: string; action: "created" | "updated" | "foreign" };
  /** The integration report (markdown, usable as a pull-request body), or a note when nothing was merged. */
  markdown: string;
}

/** Untrusted text (branch names, paths) as a one-line code span whose fence nothing inside can close. */
export function codeSpan(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, " ");
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence} ${line} ${fence}`;
}

function conflictSection(conflicts: readonly Conflict[]): string {
  if (conflicts.length === 0) return "";
  const lines = ["", "### Not merged: conflicts", ""];
  for (const c of conflicts) {
    lines.push(`- ${codeSpan(c.feature)}: ${c.files.map(codeSpan).join(", ") || "(no file list)"}`);
  }
  lines.push(
    "",
    "Resolve them on the worker branches (or merge them by hand into the integration branch), then run the integration again.",
  );
  return `${lines.join("\n")}\n`;
}

function skippedSection(skipped: IntegrateOutcome["skipped"]): string {
  if (skipped.length === 0) return "";
  const lines = ["", "### Not merged: not ready", ""];
  for (const s of skipped) lines.push(`- ${codeSpan(s.feature)}: ${s.reason.replace(/[\r\n]+/g, " ")}`);
  return `${lines.join("\n")}\n`;
}

/**
 * The integrate outcome from the forecast and, when anything could be merged, the integration itself. Conflicts are
 * the forecast's (a worker that conflicts is left out, the rest is merged) plus any the merges met. Pure.
 */
export function integrateOutcome(
  forecast: IntegrationForecast,
  integration: IntegrationReport | null,
  pushed: boolean,
): IntegrateOutcome {
  const conflicts: Conflict[] = [...forecast.conflicts];
  for (const c of integration?.conflicts ?? []) {
    if (!conflicts.some((known) => known.feature === c.feature)) conflicts.push(c);
  }
  const conflicting = new Set(conflicts.map((c) => c.feature));
  const skipped = forecast.selection.left.filter((l) => !conflicting.has(l.feature));
  for (const feature of integration?.skipped ?? []) {
    if (!conflicting.has(feature) && !skipped.some((s) => s.feature === feature)) {
      skipped.push({ feature, reason: "not attempted: the integration stopped at a conflict" });
    }
  }
  const head = integration
    ? integration.report
    : `# Integration ${forecast.branch}\n\nNothing was merged: every finished worker conflicts.\n`;
  return {
    mode: "integrate",
    branch: forecast.branch,
    merged: integration?.merged ?? [],
    alreadyMerged: integration?.alreadyMerged ?? [],
    conflicts,
    skipped,
    pushed,
    markdown: head.replace(/\n*$/, "\n") + conflictSection(conflicts) + skippedSection(skipped),
  };
}
