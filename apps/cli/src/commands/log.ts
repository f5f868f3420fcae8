import type { WorkerLogEntry } from "@wo/core";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { sanitize } from "../format.js";

/** `wo log <feature>` */
export const log = defineCommand(
  (parent) =>
    parent
      .command("log <feature>")
      .description("list a worker's commits since its branch left the base branch, with their status prefix")
      .option("--base <ref>", "the branch the worker started from (default: the configured base branch)")
      .option("--json", "print JSON"),
  async (ctx, feature, opts) => {
    const wo = await ctx.open();
    const result = await wo.log(feature, opts.base ? { base: opts.base } : {});
    if (opts.json) {
      ctx.json(result);
      return 0;
    }
    if (result.commits.length === 0) {
      ctx.note(`${feature} has no commits of its own on ${result.branch} (since ${result.base})\n`);
      return 0;
    }
    ctx.out(result.commits.map((c) => logLine(ctx, c)).join(""));
    return 0;
  },
);

// `abc1234 CHECKPOINT  subject`: the short sha, the status its prefix declares (or blank), the subject.
function logLine(ctx: Context, commit: WorkerLogEntry): string {
  const kind = (commit.status?.kind ?? "").toUpperCase().padEnd(10);
  const painted =
    commit.status?.kind === "complete"
      ? ctx.colors.green(kind)
      : commit.status?.kind === "blocked" || commit.status?.kind === "needs"
        ? ctx.colors.yellow(kind)
        : ctx.colors.dim(kind);
  return `${ctx.colors.yellow(commit.sha.slice(0, 7))} ${painted} ${sanitize(commit.subject, { singleLine: true })}\n`;
}
