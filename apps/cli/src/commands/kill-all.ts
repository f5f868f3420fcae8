import { defineCommand } from "../command.js";

/** `wo kill-all` */
export const killAll = defineCommand(
  (parent) =>
    parent
      .command("kill-all")
      .description("stop every worker; refused while any is running unless --force")
      .option("-f, --force", "kill running workers too")
      .option("--json", "print JSON"),
  async (ctx, opts) => {
    const wo = await ctx.open();
    const results = await wo.killAll({ force: opts.force ?? false });
    if (opts.json) {
      ctx.json(results);
      return 0;
    }
    const killed = results.filter((r) => r.killed);
    ctx.out(
      killed.length === 0
        ? "No worker sessions to kill.\n"
        : `Killed ${killed.length} worker(s): ${killed.map((r) => r.feature).join(", ")}; results are kept\n`,
    );
    return 0;
  },
);
