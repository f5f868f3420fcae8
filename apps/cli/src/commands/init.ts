import path from "node:path";
import type { InitResult } from "@wo/core";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { formatTable } from "../format.js";

/** `wo init [--agent NAME] [--force]` */
export const init = defineCommand(
  (parent) =>
    parent
      .command("init")
      .description(
        "write a starting wo.config.json (the agent found on PATH) and check git, tmux and the agents",
      )
      .option(
        "--agent <name>",
        "the default agent to write: claude, codex, gemini or aider (default: the one installed)",
      )
      .option("--force", "replace an existing wo.config.json")
      .option("--json", "print JSON"),
  async (ctx, opts) => {
    const { Orchestrator } = await import("@wo/core");
    const result = await Orchestrator.init({
      cwd: ctx.cwd,
      env: ctx.io.env,
      force: opts.force ?? false,
      ...(opts.agent ? { agent: opts.agent } : {}),
    });
    if (opts.json) {
      ctx.json(result);
      return 0;
    }
    ctx.out(initText(ctx, result));
    for (const tool of result.tools.filter((t) => t.required && t.path === null)) {
      ctx.note(
        `${ctx.colors.yellow("warning:")} ${tool.name} is not on PATH; wo needs it (install it, then run wo init --force to check again)\n`,
      );
    }
    return 0;
  },
);

/**
 * JSON has no comments, so what each written key means is printed here (and in docs/configuration.md) instead of
 * being put into the file, which stays plain JSON that every tool reads.
 */
function initText(ctx: Context, result: InitResult): string {
  const { config } = result;
  const lines = [
    `${ctx.colors.green(result.replaced ? "Replaced" : "Wrote")} ${path.basename(result.file)}:`,
    "",
    ...JSON.stringify(config, null, 2)
      .split("\n")
      .map((line) => `  ${line}`),
    "",
    "What the keys mean (all are optional; docs/configuration.md lists every key):",
    `  agent                 the agent wo spawn starts: ${result.agent.name}${result.agent.found ? " (found on PATH)" : ctx.colors.yellow(" (not found on PATH: install it, or change the key)")}`,
    `  worktreeRoot          where each worker's worktree is made: ${config.worktreeRoot}/<feature>`,
    `  branchPrefix          each worker's branch: ${config.branchPrefix}<feature>`,
    "  setup.copyFiles       untracked files copied into each new worktree (e.g. .env)",
    "  monitor.stallMinutes  a worker without a commit for this long is reported as stalled",
    "",
    result.excludes.length > 0
      ? `Kept out of git (.git/info/exclude): ${result.excludes.join(" ")}`
      : "The worktree root and the worker files were already kept out of git (.git/info/exclude).",
    "",
    "Tools:",
    formatTable(result.tools, [
      { header: "  PROGRAM", value: (t) => `  ${t.name}` },
      {
        header: "VERSION",
        value: (t) =>
          t.path === null
            ? t.required
              ? "missing (required)"
              : "not installed"
            : (t.version ?? "installed"),
        color: (cell, t) =>
          t.path === null
            ? t.required
              ? ctx.colors.red(cell)
              : ctx.colors.dim(cell)
            : ctx.colors.green(cell),
      },
      { header: "PATH", value: (t) => t.path ?? "-" },
    ]).trimEnd(),
    "",
    `Check that ${result.agent.name} can run unattended here: wo doctor`,
    `Next: wo worktree add <feature> && wo spawn <feature> "<task>"   (or try wo demo)`,
  ];
  return `${lines.join("\n")}\n`;
}
