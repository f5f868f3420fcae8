import type { MonitorReport } from "@wo/core";
import { coalesced } from "../coalesce.js";
import { defineCommand } from "../command.js";
import { onInterrupt } from "../interrupt.js";
import { markdownPrinter } from "../markdown.js";
import { frame } from "../status-watch.js";

/** `wo monitor` */
export const monitor = defineCommand(
  (parent) =>
    parent
      .command("monitor")
      .description(
        "report on the workers: status table, alerts and recommended actions from commits, files and tmux",
      )
      .option("--watch", "refresh on commits and status changes")
      .option("--notify", "send the Resume Work prompt to workers whose [NEEDS] is satisfied")
      .option("--base <ref>", "the branch workers started from")
      .option("--forecast", "also forecast merge conflicts between worker branches (nothing is changed)")
      .option("--json", "print JSON (with --watch: one JSON document per line)")
      .option("--markdown", "print the report as markdown even in a terminal (for a PR or an issue)")
      .option(
        "--alert",
        "with --watch: bell, terminal and desktop notification when a worker completes or waits",
      ),
  async (ctx, opts) => {
    const wo = await ctx.open();
    const { renderMonitorReport } = await import("@wo/core");
    const printer = opts.json ? null : await markdownPrinter(ctx, opts);
    const reportText = (report: MonitorReport) => printer?.(renderMonitorReport(report)) ?? "";
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
      else ctx.out(reportText(report));
      return 0;
    }
    // --watch: refresh on ref and status-file changes; one JSON document per line with --json.
    const tty = ctx.io.stdout.isTTY === true && !opts.json;
    let first = true;
    const refresh = coalesced(ctx, async () => {
      const report = await once();
      if (opts.json) ctx.out(`${JSON.stringify(report)}\n`);
      else if (tty) {
        // Redrawn in place like status --watch: the report replaces the previous one instead of scrolling.
        const footer = `(watching for commits and status changes; updated ${new Date().toLocaleTimeString()}; Ctrl-C to stop)`;
        ctx.out(frame(reportText(report), first, ctx.colors.dim(footer)));
        first = false;
      } else ctx.out(reportText(report));
    });
    await refresh();
    const watcher = wo.watch(() => void refresh());
    // Runs until Ctrl-C, which closes the watcher and exits with 130.
    onInterrupt(() => watcher.close());
    await new Promise<never>(() => undefined);
    return 0;
  },
);
