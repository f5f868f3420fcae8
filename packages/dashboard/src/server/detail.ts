import type { Orchestrator } from "@wo/core";
import type { WorkerDetail } from "../shared/messages.js";

/** How many lines of a worker's pane the detail shows. */
export const OUTPUT_LINES = 80;

/**
 * One worker's detail (docs/dashboard.md, "Worker detail"): its task, result, commits, diff against its base and
 * the last lines of its pane. An unknown worker is wo's `E_NO_WORKER`; a part that cannot be read is left empty
 * and named in `problems`, so one broken part never hides the others.
 */
export async function workerDetail(wo: Orchestrator, feature: string): Promise<WorkerDetail> {
  const [entry] = await wo.status(feature);
  if (!entry) throw new Error(`wo status returned no row for ${feature}`);
  const problems: string[] = entry.problem ? [entry.problem] : [];
  const attempt = async <T>(what: string, read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      problems.push(`${what}: ${(error as Error).message}`);
      return null;
    }
  };
  const finished = entry.status === "done" || entry.status === "failed";
  const [collected, log, diff, output] = await Promise.all([
    finished ? attempt("result", () => wo.collect(feature)) : Promise.resolve(null),
    attempt("commits", () => wo.log(feature)),
    attempt("diff", () => wo.diff(feature)),
    // Plain text: tmux's capture without escapes, so no terminal colour codes reach the page.
    entry.status === "idle"
      ? Promise.resolve(null)
      : attempt("output", () => wo.tmux.capturePane(`=${entry.session}:`, { lines: OUTPUT_LINES })),
  ]);
  return {
    feature,
    task: entry.task,
    result: collected?.[0]?.result ?? null,
    log,
    diff,
    output: output ?? [],
    problems,
  };
}
