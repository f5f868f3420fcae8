import { existsSync } from "node:fs";
import path from "node:path";
import type { Plan, SetupResult } from "@wo/core";
import { agentChoice } from "../agent.js";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { UsageError } from "../fail.js";
import { formatTable } from "../format.js";
import { acceptedPlanPath, planDocuments } from "../planning.js";

/** `wo setup [plan.json]` */
export const setup = defineCommand(
  (parent) =>
    parent
      .command("setup [inputs...]")
      .description(
        "set up a plan's workers: worktrees, branches, kickoff prompts and launch scripts (from plan.json or documents)",
      )
      .option("--spawn", "start every worker's agent in tmux")
      .option("--guard", "install a pre-commit hook rejecting changes outside each worker's scope")
      .option("--base <ref>", "start worker branches from <ref>")
      .option("--agent <name>", "agent preset for --spawn and the launch scripts")
      .option("--agent-cmd <command>", 'any agent: "cmd --flag {prompt}"')
      .option("--workers <n>", "when planning from documents: aim for n workers")
      .option("--json", "print JSON"),
  async (ctx, inputs, opts) => {
    const choice = agentChoice(opts);
    const wo = await ctx.open();
    const { readPlanFile } = await import("@wo/core");
    let source: string;
    let plan: Plan;
    if (inputs.length === 0) {
      source = acceptedPlanPath(wo);
      if (!existsSync(source)) {
        throw new UsageError(
          "No plan to set up",
          "Make one first: wo plan <documents…> (or pass a plan.json or documents)",
        );
      }
      plan = await readPlanFile(source);
    } else if (inputs.length === 1 && inputs[0]?.endsWith(".json")) {
      source = path.resolve(ctx.cwd, inputs[0]);
      plan = await readPlanFile(source);
    } else {
      plan = await planDocuments(ctx, inputs, opts.workers);
      source = inputs.join(", ");
    }
    const result = await wo.setup(plan, {
      ...choice,
      spawn: opts.spawn ?? false,
      guard: opts.guard ?? false,
      ...(opts.base ? { base: opts.base } : {}),
    });
    if (opts.json) {
      ctx.json(result);
      return result.failed > 0 ? 1 : 0;
    }
    ctx.out(
      `Set up ${plan.workers.length} worker(s) from ${path.relative(ctx.cwd, source) || source} on ${result.base}\n`,
    );
    ctx.out(setupTable(ctx, result));
    if (!result.changed) ctx.out("Nothing changed: every worker was already set up.\n");
    if (result.failed > 0) {
      ctx.note(
        `${ctx.colors.red("error:")} ${result.failed} worker(s) failed; fix the cause and run wo setup again (it continues where it stopped)\n`,
      );
      return 1;
    }
    const { shellWord } = await import("@wo/core/internal");
    ctx.out(
      opts.spawn
        ? `Workers are running. Watch them: wo monitor --watch${opts.base ? ` --base ${shellWord(opts.base)}` : ""} (or wo status)\n`
        : `Next: ${spawnCommand(inputs, opts, shellWord)} to start every worker in tmux, or run a worker's launch script (.git/wo/launch/<feature>.sh) in its own terminal\n`,
    );
    return 0;
  },
);

/**
 * The `wo setup … --spawn` that starts the workers just set up: the same plan file or documents and the same
 * choices (base, agent, worker count, guard), so it never falls back to another plan.
 */
function spawnCommand(
  inputs: string[],
  opts: {
    base?: string | undefined;
    agent?: string | undefined;
    agentCmd?: string | undefined;
    workers?: string | undefined;
    guard?: boolean | undefined;
  },
  quote: (word: string) => string,
): string {
  const words = ["wo", "setup", ...inputs.map(quote), "--spawn"];
  if (opts.guard) words.push("--guard");
  if (opts.base) words.push("--base", quote(opts.base));
  if (opts.agent) words.push("--agent", quote(opts.agent));
  if (opts.agentCmd) words.push("--agent-cmd", quote(opts.agentCmd));
  if (opts.workers) words.push("--workers", quote(opts.workers));
  return words.join(" ");
}

// One row per worker, its state coloured: what setup created, updated, left alone or failed on.
function setupTable(ctx: Context, result: SetupResult): string {
  const paint = (state: string, cell: string) =>
    state === "failed"
      ? ctx.colors.red(cell)
      : state === "created"
        ? ctx.colors.green(cell)
        : state === "updated"
          ? ctx.colors.cyan(cell)
          : ctx.colors.dim(cell);
  return formatTable(result.workers, [
    { header: "STATE", value: (w) => w.state, color: (cell, w) => paint(w.state, cell) },
    { header: "WORKER", value: (w) => w.feature },
    { header: "WORKTREE", value: (w) => path.relative(ctx.cwd, w.worktree) },
    { header: "SCRIPT", value: (w) => w.script },
    { header: "CHANGES", value: (w) => (w.error ? `error: ${w.error}` : w.changes.join(", ") || "-") },
  ]);
}
