import { agentChoice } from "../agent.js";
import { defineCommand } from "../command.js";
import { UsageError } from "../fail.js";

/** `wo resume <feature>|--all` */
export const resume = defineCommand(
  (parent) =>
    parent
      .command("resume [feature]")
      .description("restart a dead or stalled worker with a continuation prompt from its checkpoints")
      .option("--all", "every dead worker")
      .option("-f, --force", "restart even if its agent is still running")
      .option("--agent <name>", "agent preset")
      .option("--agent-cmd <command>", 'any agent: "cmd --flag {prompt}"')
      .option("--json", "print JSON"),
  async (ctx, feature, opts) => {
    const choice = agentChoice(opts);
    if (!feature && !opts.all)
      throw new UsageError(
        "Missing the worker",
        "wo resume <feature>, or wo resume --all for every dead worker",
      );
    if (feature && opts.all)
      throw new UsageError(
        "Pass a worker or --all, not both",
        "wo resume <feature>, or wo resume --all for every dead worker",
      );
    const wo = await ctx.open();
    const targets = feature
      ? [feature]
      : (await wo.status()).filter((s) => s.status === "dead").map((s) => s.feature);
    const resumed = [];
    for (const target of targets)
      resumed.push(await wo.resume(target, { ...choice, force: opts.force ?? false }));
    if (opts.json) {
      ctx.json(resumed);
      return 0;
    }
    if (resumed.length === 0) ctx.out("No dead workers to resume.\n");
    for (const r of resumed)
      ctx.out(`Resumed ${r.feature} in tmux session ${r.session} with a continuation prompt\n`);
    return 0;
  },
);
