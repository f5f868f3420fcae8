import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { EffectiveStatus, WorkerStatusEntry } from "@wo/core";
import type { Context, ExitCode } from "../context.js";
import { UsageError } from "../fail.js";
import { formatDuration, formatTable, sanitize, truncate } from "../format.js";
import { readAll } from "../io.js";

function paint(ctx: Context, status: EffectiveStatus | string, cell: string): string {
  const c = ctx.colors;
  switch (status) {
    case "running":
      return c.cyan(cell);
    case "done":
      return c.green(cell);
    case "failed":
    case "dead":
      return c.red(cell);
    default:
      return c.dim(cell);
  }
}

async function taskText(ctx: Context, words: string[], opts: { taskFile?: string }): Promise<string> {
  if (opts.taskFile) {
    if (words.length > 0) throw new UsageError("Give the task either as text or with --task-file, not both");
    return readFile(path.resolve(ctx.cwd, opts.taskFile), "utf8").catch((error: Error) => {
      throw new UsageError(`Cannot read the task file ${opts.taskFile}: ${error.message}`);
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

/** `wo spawn <feature> <task…>` */
export async function spawn(
  ctx: Context,
  feature: string,
  words: string[],
  opts: { agent?: string; agentCmd?: string; taskFile?: string; json?: boolean },
): Promise<ExitCode> {
  if (opts.agent && opts.agentCmd) throw new UsageError("Pass either --agent or --agent-cmd, not both");
  const task = await taskText(ctx, words, opts);
  const wo = await ctx.open();
  const result = await wo.spawn(feature, task, {
    ...(opts.agent ? { agent: opts.agent } : {}),
    ...(opts.agentCmd ? { agentCmd: opts.agentCmd } : {}),
  });
  if (opts.json) {
    ctx.json(result);
    return 0;
  }
  ctx.out(
    `Spawned ${result.feature} (${result.agent}) in tmux session ${result.session}, worktree ${path.relative(ctx.cwd, result.worktree) || "."}, WO_PORT=${result.port}\n`,
  );
  ctx.out(`  watch: wo status ${feature}   attach: wo attach ${feature}   results: wo collect ${feature}\n`);
  return 0;
}

function statusTable(ctx: Context, entries: WorkerStatusEntry[]): string {
  const width = ctx.io.stdout.isTTY ? Math.max(20, (ctx.io.stdout.columns ?? 100) - 45) : 100;
  return formatTable(entries, [
    { header: "WORKER", value: (e) => e.feature },
    { header: "STATUS", value: (e) => e.status, color: (cell, e) => paint(ctx, e.status, cell) },
    { header: "DURATION", value: (e) => formatDuration(e.durationMs) },
    {
      header: "LAST OUTPUT",
      value: (e) =>
        truncate(sanitize(e.problem ? `! ${e.problem}` : e.lastOutput, { singleLine: true }), width),
      color: (cell, e) => (e.problem ? ctx.colors.yellow(cell) : cell),
    },
  ]);
}

/** `wo status [feature]` */
export async function status(
  ctx: Context,
  feature: string | undefined,
  opts: { json?: boolean },
): Promise<ExitCode> {
  const wo = await ctx.open();
  const entries = await wo.status(feature);
  if (opts.json) {
    ctx.json(entries);
    return 0;
  }
  if (entries.length === 0) {
    ctx.out('No workers. Start one with: wo worktree add <feature> && wo spawn <feature> "<task>"\n');
    return 0;
  }
  ctx.out(statusTable(ctx, entries));
  return 0;
}

/** `wo collect [feature]` */
export async function collect(
  ctx: Context,
  feature: string | undefined,
  opts: { json?: boolean },
): Promise<ExitCode> {
  const wo = await ctx.open();
  const results = await wo.collect(feature);
  if (opts.json) {
    ctx.json(results);
    return 0;
  }
  if (results.length === 0) {
    ctx.out("No finished workers yet (see wo status).\n");
    return 0;
  }
  for (const [i, r] of results.entries()) {
    if (i > 0) ctx.out("\n");
    ctx.out(`${ctx.colors.bold(`== ${r.feature}`)} ${paint(ctx, r.status, r.status)}\n`);
    const text = sanitize(r.result);
    ctx.out(text === "" ? "(no .worker-result.md)\n" : text.endsWith("\n") ? text : `${text}\n`);
  }
  return 0;
}

/** `wo kill <feature>` */
export async function kill(
  ctx: Context,
  feature: string,
  opts: { force?: boolean; json?: boolean },
): Promise<ExitCode> {
  const wo = await ctx.open();
  const result = await wo.kill(feature, { force: opts.force ?? false });
  if (opts.json) {
    ctx.json(result);
    return 0;
  }
  ctx.out(
    result.killed
      ? `Killed worker ${feature} (was ${result.previous}); its result stays in .worker-result.md\n`
      : `Worker ${feature} had no tmux session; nothing to kill\n`,
  );
  return 0;
}

/** `wo list` */
export async function list(ctx: Context, opts: { json?: boolean }): Promise<ExitCode> {
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
      { header: "STATUS", value: (e) => e.status, color: (cell, e) => paint(ctx, e.status, cell) },
      { header: "TASK", value: (e) => truncate(e.task ?? "", 60) },
    ]),
  );
  return 0;
}

/** `wo kill-all` */
export async function killAll(ctx: Context, opts: { force?: boolean; json?: boolean }): Promise<ExitCode> {
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
}

/** `wo attach <feature>`: hands the terminal to tmux. */
export async function attach(ctx: Context, feature: string): Promise<ExitCode> {
  const wo = await ctx.open();
  const { argv } = await wo.attachCommand(feature);
  const env = { ...ctx.io.env };
  // Attaching from inside another tmux server would be refused as nesting; the target server is explicit anyway.
  delete env.TMUX;
  const [command = "tmux", ...args] = argv;
  const result = spawnSync(command, args, { stdio: "inherit", env });
  return result.status === 0 ? 0 : 1;
}

/** `wo send <feature>|--all <text…>` */
export async function send(
  ctx: Context,
  feature: string | undefined,
  words: string[],
  opts: { all?: boolean; json?: boolean },
): Promise<ExitCode> {
  // With --all the first positional word is part of the text.
  const parts = opts.all ? [feature, ...words].filter((w): w is string => w !== undefined) : words;
  if (!opts.all && feature === undefined)
    throw new UsageError("Missing the worker", 'wo send <feature> "<text>" or wo send --all "<text>"');
  const text = parts.length === 1 && parts[0] === "-" ? await readAll(ctx.io.stdin) : parts.join(" ");
  if (text === "") throw new UsageError("Missing the text to send", 'wo send <feature> "<text>"');
  const wo = await ctx.open();
  const sent = await wo.send(opts.all ? { all: true } : (feature as string), text);
  if (opts.json) {
    ctx.json({ sent });
    return 0;
  }
  ctx.out(sent.length === 0 ? "No running workers; nothing sent.\n" : `Sent to ${sent.join(", ")}\n`);
  return 0;
}
