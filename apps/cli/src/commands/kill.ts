import path from "node:path";
import { defineCommand } from "../command.js";

/** `wo kill <feature>` */
export const kill = defineCommand(
  (parent) =>
    parent
      .command("kill <feature>")
      .description("stop a worker; a running one needs --force or a repeated kill (results are kept)")
      .option("-f, --force", "kill even while it is running")
      .option("--json", "print JSON"),
  async (ctx, feature, opts) => {
    const wo = await ctx.open();
    const result = await wo.kill(feature, { force: opts.force ?? false });
    if (opts.json) {
      ctx.json(result);
      return 0;
    }
    const kept = result.resultFile
      ? `; its result stays in ${path.relative(ctx.cwd, result.resultFile)}`
      : "";
    ctx.out(
      result.killed
        ? `Killed worker ${feature} (was ${result.previous})${kept}\n`
        : `Worker ${feature} had no tmux session; nothing to kill\n`,
    );
    return 0;
  },
);
