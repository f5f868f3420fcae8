import { spawnSync } from "node:child_process";
import { WoBaseError } from "@wo/errors";
import { defineCommand } from "../command.js";

/** `wo attach <feature>`: hands the terminal to tmux. */
export const attach = defineCommand(
  (parent) =>
    parent
      .command("attach <feature>")
      .description("attach to a worker's tmux session (switches client inside tmux); detach with Ctrl-b d"),
  async (ctx, feature) => {
    const wo = await ctx.open();
    const { argv, mode } = await wo.attachCommand(feature);
    const env = { ...ctx.io.env };
    // Attaching from inside another tmux server would be refused as nesting; the target server is explicit anyway.
    delete env.TMUX;
    // tmux needs a terminal to attach to; without one it would only say "open terminal failed: not a terminal".
    if (mode === "attach" && (ctx.io.stdin.isTTY !== true || ctx.io.stdout.isTTY !== true)) {
      throw new WoBaseError("E_NO_TERMINAL", `Cannot attach to ${feature}: this is not a terminal`, {
        hint: `Run wo attach ${feature} in a terminal; from a script, read the worker with wo status ${feature} or wo collect ${feature}`,
      });
    }
    const [command = "tmux", ...args] = argv;
    const prefix = prefixKey(command, args, env);
    ctx.note(
      `Attaching to ${feature}. Detach with ${prefix} then d: the worker keeps running (wo status shows it).\n`,
    );
    const result = spawnSync(command, args, { stdio: "inherit", env });
    return result.status === 0 ? 0 : 1;
  },
);

/**
 * The tmux prefix key of the worker's server as a person types it (`C-b` → `Ctrl-b`), read with `show-options` on
 * the same server (the attach command's arguments before its subcommand); tmux's default `Ctrl-b` when unknown.
 */
function prefixKey(command: string, attachArgs: string[], env: NodeJS.ProcessEnv): string {
  const sub = attachArgs.findIndex((a) => a === "attach-session" || a === "switch-client");
  const server = attachArgs.slice(0, Math.max(0, sub));
  const shown = spawnSync(command, [...server, "show-options", "-gv", "prefix"], { env, encoding: "utf8" });
  const key = shown.status === 0 ? shown.stdout.trim() : "";
  return /^C-.$/.test(key) ? `Ctrl-${key.slice(2)}` : key || "Ctrl-b";
}
