import type { WorkerStatusEntry } from "@wo/core";
import { WAITING_WORDS, waitingAction } from "../alerts.js";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { UsageError } from "../fail.js";
import { formatDuration, formatTable, paintStatus, sanitize, truncate } from "../format.js";

/** `wo status [feature]` */
export const status = defineCommand(
  (parent) =>
    parent
      .command("status [feature]")
      .description("show workers: WORKER | STATUS | DURATION | LAST OUTPUT")
      .option("--json", "print JSON (with --watch: one JSON document per line, on each change)")
      .option("-w, --watch", "keep the table on screen, redrawn as workers change (Ctrl-C to stop)")
      .option(
        "--alert",
        "with --watch: bell, terminal and desktop notification when a worker finishes, fails or waits",
      ),
  async (ctx, feature, opts) => {
    if (opts.alert && !opts.watch) {
      throw new UsageError("--alert works only with --watch", "Run wo status --watch --alert");
    }
    const wo = await ctx.open();
    if (opts.watch) {
      const { watchStatus } = await import("../status-watch.js");
      return watchStatus(ctx, wo, (entries) => statusText(ctx, entries), {
        feature,
        json: opts.json,
        alert: opts.alert,
      });
    }
    const entries = await wo.status(feature);
    if (opts.json) {
      ctx.json(entries);
      return 0;
    }
    ctx.out(statusText(ctx, entries));
    return 0;
  },
);

// The table, or how to start a worker when there is none.
function statusText(ctx: Context, entries: WorkerStatusEntry[]): string {
  if (entries.length === 0)
    return 'No workers. Start one with: wo worktree add <feature> && wo spawn <feature> "<task>"\n';
  return statusTable(ctx, entries) + waitingHint(ctx, entries) + resumeHint(ctx, entries);
}

// A waiting agent needs a person: the command that answers each (docs/cli.md, "Effective status").
function waitingHint(ctx: Context, entries: WorkerStatusEntry[]): string {
  const waiting = entries.filter((e) => e.status === "waiting");
  if (waiting.length === 0) return "";
  const lines = waiting.map(
    (e) =>
      `Waiting: ${waitingAction(e.feature, e.waitingFor)}   (${e.waitingFor ? WAITING_WORDS[e.waitingFor] : "waits for a person"})`,
  );
  return ctx.colors.dim(`\n${lines.join("\n")}\n`);
}

// A dead worker's agent exited without reporting: resuming it is the way on (docs/cli.md, "Effective status").
function resumeHint(ctx: Context, entries: WorkerStatusEntry[]): string {
  const dead = entries.filter((e) => e.status === "dead").map((e) => e.feature);
  if (dead.length === 0) return "";
  const text =
    dead.length === 1
      ? `Next: wo resume ${dead[0]}   (restarts the dead worker where it left off)`
      : `Next: wo resume --all   (restarts the dead workers ${dead.join(", ")} where they left off)`;
  return ctx.colors.dim(`\n${text}\n`);
}

// The last column gets what the terminal leaves after the others, so a row stays on one line.
function statusTable(ctx: Context, entries: WorkerStatusEntry[]): string {
  // "waiting (turn-ended)" is wider than the other statuses: the last column gives way.
  const statusWidth = Math.max(7, ...entries.map((e) => statusCell(e).length));
  const width = ctx.io.stdout.isTTY
    ? Math.max(20, (ctx.io.stdout.columns ?? 100) - 45 - (statusWidth - 7))
    : 100;
  return formatTable(entries, [
    { header: "WORKER", value: (e) => e.feature },
    {
      header: "STATUS",
      value: statusCell,
      color: (cell, e) => paintStatus(ctx.colors, e.status, cell),
    },
    { header: "DURATION", value: (e) => formatDuration(e.durationMs) },
    {
      header: "LAST OUTPUT",
      value: (e) =>
        truncate(sanitize(e.problem ? `! ${e.problem}` : withExitCode(e), { singleLine: true }), width),
      color: (cell, e) => (e.problem ? ctx.colors.yellow(cell) : cell),
    },
  ]);
}

// A waiting worker's status says what it waits for.
function statusCell(entry: WorkerStatusEntry): string {
  return entry.status === "waiting" && entry.waitingFor ? `waiting (${entry.waitingFor})` : entry.status;
}

// A dead worker's last output is prefixed with its agent's exit status, when tmux kept it.
function withExitCode(entry: WorkerStatusEntry): string {
  if (entry.exitCode === undefined) return entry.lastOutput;
  return `[exit ${entry.exitCode}]${entry.lastOutput ? ` ${entry.lastOutput}` : ""}`;
}
