import { readFile } from "node:fs/promises";
import path from "node:path";
import { agentChoice } from "../agent.js";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { UsageError } from "../fail.js";
import { readAll } from "../io.js";

/** `wo spawn <feature> <task…>` */
export const spawn = defineCommand(
  (parent) =>
    parent
      .command("spawn <feature> [task...]")
      .description("start an agent on <task> in the worktree of <feature> (task '-' reads stdin)")
      .option("--agent <name>", "agent preset: claude, codex, aider, gemini, or one from wo.config.json")
      .option(
        "--agent-cmd <command>",
        'any agent: "cmd --flag {prompt}" ({prompt_file} for a file); no shell is used',
      )
      .option("--task-file <file>", "read the task from a file")
      .option("--json", "print JSON"),
  async (ctx, feature, words, opts) => {
    const choice = agentChoice(opts);
    const task = await taskText(ctx, words, opts.taskFile);
    const wo = await ctx.open();
    const result = await wo.spawn(feature, task, choice);
    if (opts.json) {
      ctx.json(result);
      return 0;
    }
    ctx.out(
      `Spawned ${result.feature} (${result.agent}) in tmux session ${result.session}, worktree ${path.relative(ctx.cwd, result.worktree) || "."}, WO_PORT=${result.port}\n`,
    );
    ctx.out(
      `  watch: wo status ${feature}   attach: wo attach ${feature}   results: wo collect ${feature}\n`,
    );
    return 0;
  },
);

// The task comes from exactly one place: the words, a file, or stdin ('-').
async function taskText(ctx: Context, words: string[], taskFile: string | undefined): Promise<string> {
  if (taskFile) {
    if (words.length > 0)
      throw new UsageError(
        "Give the task either as text or with --task-file, not both",
        `wo spawn <feature> --task-file ${taskFile}`,
      );
    return readFile(path.resolve(ctx.cwd, taskFile), "utf8").catch((error: Error) => {
      throw new UsageError(
        `Cannot read the task file ${taskFile}: ${error.message}`,
        "Pass a readable file, or the task as text",
      );
    });
  }
  if (words.length === 1 && words[0] === "-") return readAll(ctx.io.stdin);
  if (words.length === 0) {
    throw new UsageError(
      "Missing the task",
      'wo spawn <feature> "<task>" (or --task-file <file>, or - to read stdin)',
    );
  }
  return words.join(" ");
}
