import { defineCommand } from "../command.js";
import { formatTable, paintStatus, truncate } from "../format.js";

/** `wo list` */
export const list = defineCommand(
  (parent) =>
    parent
      .command("list")
      .description("list workers that have a tmux session")
      .option("--json", "print JSON"),
  async (ctx, opts) => {
    const wo = await ctx.open();
    const entries = await wo.list();
    if (opts.json) {
      ctx.json(entries);
      return 0;
    }
    if (entries.length === 0) {
      ctx.out("No active workers.\n");
      return 0;
    }
    ctx.out(
      formatTable(entries, [
        { header: "WORKER", value: (e) => e.feature },
        { header: "SESSION", value: (e) => e.session },
        {
          header: "STATUS",
          value: (e) => e.status,
          color: (cell, e) => paintStatus(ctx.colors, e.status, cell),
        },
        { header: "TASK", value: (e) => truncate(e.task ?? "", 60) },
      ]),
    );
    return 0;
  },
);
