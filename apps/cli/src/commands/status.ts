import type { WorkerStatusEntry } from "@wo/core";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { formatDuration, formatTable, paintStatus, sanitize, truncate } from "../format.js";

/** `wo status [feature]` */
export const status = defineCommand(
  (parent) =>
    parent
      .command("status [feature]")
      .description("show workers: WORKER | STATUS | DURATION | LAST OUTPUT")
      .option("--json", "print JSON"),
  async (ctx, feature, opts) => {
    const wo = await ctx.open();
    const entries = await wo.status(feature);
    if (opts.json) {
      ctx.json(entries);
      return 0;
    }
    if (entries.length === 0) {
      ctx.out('No workers. Start one with: wo worktree add <feature> && wo spawn <feature> "<task>"\n');
      return 0;
    }
    ctx.out(statusTable(ctx, entries));
    return 0;
  },
);

// The last column gets what the terminal leaves after the others, so a row stays on one line.
function statusTable(ctx: Context, entries: WorkerStatusEntry[]): string {
  const width = ctx.io.stdout.isTTY ? Math.max(20, (ctx.io.stdout.columns ?? 100) - 45) : 100;
  return formatTable(entries, [
    { header: "WORKER", value: (e) => e.feature },
    { header: "STATUS", value: (e) => e.status, color: (cell, e) => paintStatus(ctx.colors, e.status, cell) },
    { header: "DURATION", value: (e) => formatDuration(e.durationMs) },
    {
      header: "LAST OUTPUT",
      value: (e) =>
        truncate(sanitize(e.problem ? `! ${e.problem}` : e.lastOutput, { singleLine: true }), width),
      color: (cell, e) => (e.problem ? ctx.colors.yellow(cell) : cell),
    },
  ]);
}
