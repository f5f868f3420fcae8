// GitHub's size limits on what a step publishes, checked before GitHub enforces them with an error of its own
// far from the cause. The limits and how they are counted are in docs/github-action.md ("Limits").
import { ActionError } from "./errors.js";

/**
 * The budget for a step's outputs, in bytes. GitHub allows 1 MB of outputs per job, "approximated based on UTF-16
 * encoding"; the action takes the strictest reading: 1 MB = 1,000,000 bytes, names and values counted, 2 bytes per
 * UTF-16 code unit.
 */
export const OUTPUT_LIMIT_BYTES = 1_000_000;

/** GitHub refuses a step summary over 1 MiB (bytes of the UTF-8 file). */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024;

/** The summary is cut this far below the limit, so the note and a later `addRaw` of the same step still fit. */
const SUMMARY_MARGIN_BYTES = 4096;

/** The note that ends a cut summary. */
export const SUMMARY_CUT_NOTE =
  "\n\n… (cut here: GitHub limits a step summary to 1 MiB; the whole report is in the step's outputs or the log)\n";

/**
 * The outputs made to fit GitHub's budget where that loses nothing: the `plan` output (the biggest, and also written
 * to `plan.json` in the prompts directory) is left empty when the outputs would not fit with it, with a warning
 * to log. Then {@link checkOutputs} decides. Pure.
 */
export function fitOutputs(outputs: Readonly<Record<string, string>>): {
  outputs: Record<string, string>;
  warning: string | null;
} {
  const total = totalBytes(outputs);
  if (total <= OUTPUT_LIMIT_BYTES || !outputs.plan || outputs.prompts === undefined) {
    return { outputs: { ...outputs }, warning: null };
  }
  return {
    outputs: { ...outputs, plan: "" },
    warning: `The plan output is left empty: with it the step's outputs would be ${total.toLocaleString("en-US")} bytes (UTF-16), over GitHub's limit of 1 MB per job. The plan is in ${outputs.prompts}/plan.json`,
  };
}

/** The outputs' size as GitHub counts it. Pure. */
function totalBytes(outputs: Readonly<Record<string, string>>): number {
  return Object.entries(outputs).reduce((sum, [name, value]) => sum + outputBytes(name, value), 0);
}

/** What GitHub counts for one output: its name and value as UTF-16, 2 bytes per code unit. Pure. */
export function outputBytes(name: string, value: string): number {
  return 2 * (name.length + value.length);
}

/**
 * Throws {@link ActionError} `E_INPUT` when `outputs` together exceed {@link OUTPUT_LIMIT_BYTES}, naming the limit,
 * the biggest outputs and what to change. Pure.
 */
export function checkOutputs(outputs: Readonly<Record<string, string>>): void {
  const sizes = Object.entries(outputs).map(([name, value]) => ({ name, bytes: outputBytes(name, value) }));
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
  if (total <= OUTPUT_LIMIT_BYTES) return;
  const biggest = sizes
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map((s) => `${s.name} ${s.bytes.toLocaleString("en-US")}`)
    .join(", ");
  throw new ActionError(
    "E_INPUT",
    `The step's outputs would be ${total.toLocaleString("en-US")} bytes (UTF-16), over GitHub's limit of 1 MB of outputs per job (${OUTPUT_LIMIT_BYTES.toLocaleString("en-US")} bytes); biggest: ${biggest}`,
    {
      hint: "Plan from smaller documents (split them, or list fewer per run) or fewer workers; the summary above shows what was planned",
    },
  );
}

/** `markdown` cut at a line end so its UTF-8 size stays under {@link SUMMARY_LIMIT_BYTES}, with a note. Pure. */
export function cutSummary(markdown: string): string {
  const budget = SUMMARY_LIMIT_BYTES - SUMMARY_MARGIN_BYTES;
  if (Buffer.byteLength(markdown, "utf8") <= budget) return markdown;
  const room = budget - Buffer.byteLength(SUMMARY_CUT_NOTE, "utf8");
  // Decoding a byte prefix may end in half a character (U+FFFD): drop it with the partial last line.
  const prefix = Buffer.from(markdown, "utf8").subarray(0, room).toString("utf8");
  const lineEnd = prefix.lastIndexOf("\n");
  return (lineEnd > 0 ? prefix.slice(0, lineEnd) : prefix.replace(/\uFFFD$/, "")) + SUMMARY_CUT_NOTE;
}
