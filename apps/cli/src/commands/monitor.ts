import type { MonitorReport } from "@wo/core";
import { coalesced } from "../coalesce.js";
import { defineCommand } from "../command.js";
import type { Context } from "../context.js";
import { sanitize } from "../format.js";
import { onInterrupt } from "../interrupt.js";

/** `wo monitor` */
export const monitor = defineCommand(
  (parent) =>
    parent
      .command("monitor")
      .description(
        "Phase 3: Worker Status Report, alerts and recommended actions from commits, files and tmux",
      )
      .option("--watch", "refresh on commits and status changes")
      .option("--notify", "send the Resume Work prompt to workers whose [NEEDS] is satisfied")
      .option("--base <ref>", "the branch workers started from")
      .option("--forecast", "also forecast merge conflicts between worker branches (nothing is changed)")
      .option("--json", "print JSON (with --watch: one JSON document per line)")
      .option(
        "--alert",
        "with --watch: bell, terminal and desktop notification when a worker completes or waits",
      ),
  async (ctx, opts) => {
    const wo = await ctx.open();
    const { renderMonitorReport } = await import("@wo/core");
    const alerts = opts.alert
      ? await import("../monitor-alerts.js").then((m) => m.monitorAlerts(ctx, opts.json ?? false))
      : null;
    const once = async () => {
      const report = await wo.monitor({
        ...(opts.base ? { base: opts.base } : {}),
        forecast: opts.forecast ?? false,
      });
      if (opts.notify) {
        for (const n of await wo.notifySatisfiedNeeds(report)) {
          ctx.note(
            n.submitted
              ? `notified ${n.worker}: ${n.item} from ${n.provider} is available\n`
              : `could not notify ${n.worker}: ${n.error} (look with wo attach ${n.worker})\n`,
          );
        }
      }
      await alerts?.(report);
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
    const refresh = coalesced(ctx, async () => {
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
    });
    await refresh();
    const watcher = wo.watch(() => void refresh());
    // Runs until Ctrl-C, which closes the watcher and exits with 130.
    onInterrupt(() => watcher.close());
    await new Promise<never>(() => undefined);
    return 0;
  },
);

// Report text comes from commits and agents: sanitized before it reaches the terminal.
function printReport(ctx: Context, report: MonitorReport, render: (r: MonitorReport) => string): void {
  ctx.out(sanitize(render(report)));
}
