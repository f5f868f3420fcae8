import type { MonitorReport } from "@wo/core";
import { deliverAlerts } from "./alert-output.js";
import { alertEvents, type PhaseRow, phasesFromMonitor } from "./alerts.js";
import type { Context } from "./context.js";

/**
 * `wo monitor --watch --alert`: a function to call with each refreshed report; it alerts (stderr line, bell,
 * OSC 9/777, notify-send) for every worker that became `[COMPLETE]`, `[BLOCKED]` or `[NEEDS]` since the last one.
 */
export function monitorAlerts(ctx: Context, json = false): (report: MonitorReport) => Promise<void> {
  let previous: PhaseRow[] | null = null;
  return async (report) => {
    const next = phasesFromMonitor(report);
    const events = alertEvents(previous, next);
    previous = next;
    for (const event of events) ctx.note(`wo: ${event.message}\n`);
    await deliverAlerts(events, ctx.io, { json });
  };
}
