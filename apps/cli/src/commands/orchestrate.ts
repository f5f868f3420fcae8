import path from "node:path";
import type { MonitorReport, Orchestrator, SetupResult } from "@wo/core";
import type { Context, ExitCode } from "../context.js";
import { UsageError } from "../fail.js";
import { formatTable, sanitize } from "../format.js";
import { onInterrupt } from "../interrupt.js";

function agentChoice(opts: { agent?: string; agentCmd?: string }) {
  if (opts.agent && opts.agentCmd) throw new UsageError("Pass either --agent or --agent-cmd, not both");
  return {
    ...(opts.agent ? { agent: opts.agent } : {}),
    ...(opts.agentCmd ? { agentCmd: opts.agentCmd } : {}),
  };
}

/** Where `wo plan` keeps the accepted plan that a bare `wo setup` reads. */
export function acceptedPlanPath(wo: Orchestrator): string {
  return path.join(wo.stateDir, "plan.json");
}

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

/** `wo setup [plan.json]` */
export async function setup(
  ctx: Context,
  inputs: string[],
  opts: {
    spawn?: boolean;
    guard?: boolean;
    base?: string;
    agent?: string;
    agentCmd?: string;
    json?: boolean;
    workers?: string;
  },
): Promise<ExitCode> {
  const choice = agentChoice(opts);
  const wo = await ctx.open();
  const { readPlanFile } = await import("@wo/core");
  let source: string;
  let plan: Awaited<ReturnType<typeof readPlanFile>>;
  if (inputs.length === 0) {
    source = acceptedPlanPath(wo);
    const { existsSync } = await import("node:fs");
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
    const { planDocuments } = await import("./plan.js");
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
  ctx.out(
    opts.spawn
      ? "Workers are running. Watch them: wo monitor --watch (or wo status)\n"
      : "Next: wo setup --spawn to start every worker in tmux, or run a scripts/worker-*.sh in its own terminal\n",
  );
  return 0;
}

function printReport(ctx: Context, report: MonitorReport, render: (r: MonitorReport) => string): void {
  ctx.out(sanitize(render(report)));
}

/** `wo monitor` */
export async function monitor(
  ctx: Context,
  opts: { watch?: boolean; json?: boolean; notify?: boolean; base?: string; forecast?: boolean },
): Promise<ExitCode> {
  const wo = await ctx.open();
  const { renderMonitorReport } = await import("@wo/core");
  const once = async () => {
    const report = await wo.monitor({
      ...(opts.base ? { base: opts.base } : {}),
      forecast: opts.forecast ?? false,
    });
    if (opts.notify) {
      for (const n of await wo.notifySatisfiedNeeds(report)) {
        ctx.note(`notified ${n.worker}: ${n.item} from ${n.provider} is available\n`);
      }
    }
    return report;
  };
  if (!opts.watch) {
    const report = await once();
    if (opts.json) ctx.json(report);
    else printReport(ctx, report, renderMonitorReport);
    return 0;
  }
  // --watch: refresh on ref and status-file changes; one JSON document per line with --json.
  const tty = ctx.io.stdout.isTTY === true && !opts.json;
  let running = false;
  let again = false;
  const refresh = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const report = await once();
        if (opts.json) ctx.out(`${JSON.stringify(report)}\n`);
        else {
          if (tty) ctx.out("\u001b[2J\u001b[H");
          printReport(ctx, report, renderMonitorReport);
          ctx.out(
            ctx.colors.dim(
              `\n(watching for commits and status changes; updated ${new Date().toLocaleTimeString()}; Ctrl-C to stop)\n`,
            ),
          );
        }
      } while (again);
    } catch (error) {
      ctx.note(`${ctx.colors.red("error:")} ${(error as Error).message}\n`);
    } finally {
      running = false;
    }
  };
  await refresh();
  const watcher = wo.watch(() => void refresh());
  // Runs until Ctrl-C, which closes the watcher and exits with 130.
  onInterrupt(() => watcher.close());
  await new Promise<never>(() => undefined);
  return 0;
}

/** `wo resume <feature>|--all` */
export async function resume(
  ctx: Context,
  feature: string | undefined,
  opts: { all?: boolean; force?: boolean; agent?: string; agentCmd?: string; json?: boolean },
): Promise<ExitCode> {
  const choice = agentChoice(opts);
  if (!feature && !opts.all)
    throw new UsageError(
      "Missing the worker",
      "wo resume <feature>, or wo resume --all for every dead worker",
    );
  if (feature && opts.all) throw new UsageError("Pass a worker or --all, not both");
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
}
