import path from "node:path";
import { defineCommand } from "../command.js";
import { paintStatus, sanitize } from "../format.js";

/** `wo collect [feature]` */
export const collect = defineCommand(
  (parent) =>
    parent
      .command("collect [feature]")
      .description(
        "print the results of finished (done/failed) workers, and the last archived result of removed ones",
      )
      .option("--archived", "print every archived result (earlier runs, removed worktrees) instead")
      .option("--json", "print JSON"),
  async (ctx, feature, opts) => {
    const wo = await ctx.open();
    const results = await wo.collect(feature, { archived: opts.archived ?? false });
    if (opts.json) {
      ctx.json(results);
      return 0;
    }
    if (results.length === 0) {
      ctx.out(opts.archived ? "No archived results.\n" : "No finished workers yet (see wo status).\n");
      return 0;
    }
    for (const [i, r] of results.entries()) {
      if (i > 0) ctx.out("\n");
      const from =
        r.file === undefined ? "" : ctx.colors.dim(` (archived: ${path.relative(ctx.cwd, r.file)})`);
      ctx.out(
        `${ctx.colors.bold(`== ${r.feature}`)} ${paintStatus(ctx.colors, r.status, r.status)}${from}\n`,
      );
      const text = sanitize(r.result);
      if (r.problem) ctx.out(`${ctx.colors.yellow(`! ${sanitize(r.problem, { singleLine: true })}`)}\n`);
      else ctx.out(text === "" ? "(no .worker-result.md)\n" : text.endsWith("\n") ? text : `${text}\n`);
    }
    return 0;
  },
);
