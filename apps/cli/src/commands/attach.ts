import { spawnSync } from "node:child_process";
import { defineCommand } from "../command.js";

/** `wo attach <feature>`: hands the terminal to tmux. */
export const attach = defineCommand(
  (parent) =>
    parent
      .command("attach <feature>")
      .description("attach to a worker's tmux session (switches client inside tmux)"),
  async (ctx, feature) => {
    const wo = await ctx.open();
    const { argv } = await wo.attachCommand(feature);
    const env = { ...ctx.io.env };
    // Attaching from inside another tmux server would be refused as nesting; the target server is explicit anyway.
    delete env.TMUX;
    const [command = "tmux", ...args] = argv;
    const result = spawnSync(command, args, { stdio: "inherit", env });
    return result.status === 0 ? 0 : 1;
  },
);
