import { codeSpan } from "./integrate.js";

/** A retry worker as its matrix job sees it: a plan matrix entry plus which retry this is. */
export interface RetryEntry {
  id: string;
  name: string;
  branch: string;
  scope: string[];
  /** This retry's number (1-based) and the budget: the retry job's commit says `retry <attempt> of <retries>`. */
  attempt: number;
  retries: number;
}

/** A failing check, as the `failed` output lists it. */
export interface FailedCheck {
  feature: string;
  command: string;
  exitCode: number | null;
  /** The retry this failure asks for (1-based); above the budget when the worker is escalated. */
  attempt: number;
}

/** What `mode: check` produced. */
export interface CheckOutcome {
  mode: "check";
  /** `integration/<name>`. */
  integration: string;
  command: string;
  passed: boolean;
  /** The workers whose merges were tested, in merge order. */
  workers: string[];
  exitCode: number | null;
  timedOut: boolean;
  /** The end of the failing run's output (at the blamed merge when there is one); untrusted text. */
  outputTail: string;
  /** The worker whose merge made the test fail, and the retry runs it already had; `null` when none is to blame. */
  blamed: { feature: string; merge: string; runs: number; used: number } | null;
  retries: number;
  failed: FailedCheck[];
  retry: { include: RetryEntry[] };
  /** Workers whose retry budget is used up: a person is needed. */
  escalated: string[];
  /** The directory holding each retry worker's continuation prompt as `<name>.md`. */
  prompts: string;
  markdown: string;
}

/** The most of the log the summary shows: the tail is already at most 40 lines and 4,000 characters. */
const LOG_LIMIT = 6000;

/** Untrusted log text in a fenced block no line of it can close. Pure. */
function fenced(text: string): string {
  const cut = text.length > LOG_LIMIT ? `…${text.slice(-(LOG_LIMIT - 1))}` : text;
  const longest = Math.max(2, ...(cut.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return `${fence}text\n${cut}\n${fence}`;
}

/** The check's report (job summary, `report` output): result, blamed worker, retry k of N or escalation, log. Pure. */
export function renderCheckReport(outcome: CheckOutcome): string {
  const command = codeSpan(outcome.command);
  const title = `# Check ${outcome.integration}`;
  const tested = `Tested the merge of ${outcome.workers.map(codeSpan).join(", ") || "no worker"}.`;
  if (outcome.passed) return `${title}\n\n✅ ${command} passes. ${tested}\n`;
  const exit = outcome.timedOut
    ? "timed out"
    : outcome.exitCode === null
      ? "did not finish"
      : `exited ${outcome.exitCode}`;
  const lines = [title, "", `❌ ${command} ${exit}. ${tested}`, ""];
  const blamed = outcome.blamed;
  if (!blamed) {
    lines.push(
      "It fails on the base too, before any worker's merge: no worker is to blame, so none is sent back. A person is needed.",
    );
  } else {
    lines.push(
      `**Blamed: ${codeSpan(blamed.feature)}** — the test passes before its merge and fails from its merge \`${blamed.merge.slice(0, 12)}\` on (found in ${blamed.runs} more run(s) of the test).`,
      "",
      outcome.escalated.includes(blamed.feature)
        ? `**A person is needed:** ${codeSpan(blamed.feature)} had ${blamed.used} retry run(s) of ${outcome.retries} and the test still fails. No retry is scheduled.`
        : `Retry ${blamed.used + 1} of ${outcome.retries}: the worker's next run gets a continuation prompt with this command and the log below (\`${blamed.feature}.md\` in the prompts directory).`,
    );
  }
  lines.push("", "### The end of the output", "", fenced(outcome.outputTail));
  return `${lines.join("\n")}\n`;
}
