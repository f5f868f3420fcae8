import type { Orchestrator, WorkerStatusEntry } from "@wo/core";
import { alertEvents, type PhaseRow, phasesFromStatus } from "./alerts.js";
import { coalesced } from "./coalesce.js";
import type { Context } from "./context.js";
import { onInterrupt } from "./interrupt.js";

/** Options of {@link watchStatus}. */
export interface StatusWatchOptions {
  feature?: string | undefined;
  json?: boolean | undefined;
  alert?: boolean | undefined;
  /** How often durations are redrawn (and tmux asked for what has no file event). Default 1 s. */
  tickMs?: number;
}

/**
 * `wo status --watch`: the same rows as `wo status`, refreshed when the watcher sees a worker change and on a
 * one-second tick. In a terminal the table is redrawn in place (cursor home, each line cleared, the rest of the
 * screen cleared), so the scroll-back is not filled; piped, a new table (or with `--json` one JSON line) is printed
 * only when something other than the durations changed. Runs until Ctrl-C, which exits 130.
 */
export async function watchStatus(
  ctx: Context,
  wo: Orchestrator,
  render: (entries: WorkerStatusEntry[]) => string,
  options: StatusWatchOptions,
): Promise<never> {
  const tty = ctx.io.stdout.isTTY === true && !options.json;
  let lastKey: string | null = null;
  let phases: PhaseRow[] | null = null;
  let first = true;
  const refresh = coalesced(ctx, async () => {
    const entries = await wo.status(options.feature);
    const next = phasesFromStatus(entries);
    const events = alertEvents(phases, next);
    phases = next;
    const key = changeKey(entries);
    if (tty) {
      const footer = `(watching; updated ${new Date().toLocaleTimeString()}; Ctrl-C to stop)`;
      ctx.out(frame(render(entries), first, ctx.colors.dim(footer)));
      first = false;
    } else if (key !== lastKey) {
      ctx.out(options.json ? `${JSON.stringify(entries)}\n` : `${render(entries)}\n`);
    }
    lastKey = key;
    if (options.alert) {
      for (const event of events) ctx.note(`wo: ${event.message}\n`);
      const { deliverAlerts } = await import("./alert-output.js");
      await deliverAlerts(events, ctx.io, { json: options.json });
    }
  });
  await refresh();
  const watcher = wo.watch(() => void refresh());
  const tick = setInterval(() => void refresh(), options.tickMs ?? 1000);
  onInterrupt(async () => {
    clearInterval(tick);
    await watcher.close();
  });
  return new Promise<never>(() => undefined);
}

/** What counts as a change for a piped watch: everything but the durations, which change every second. */
export function changeKey(entries: readonly WorkerStatusEntry[]): string {
  return JSON.stringify(entries.map(({ durationMs: _duration, ...rest }) => rest));
}

/**
 * One redraw of a terminal watch: cursor home, each line cleared to its end, then the rest of the screen cleared, so
 * there is no flicker and no scroll-back (the screen is cleared once, on the `first` frame).
 */
export function frame(text: string, first: boolean, footer: string): string {
  const lines = `${text.replace(/\n$/, "")}\n\n${footer}`.split("\n").map((line) => `${line}\u001b[K`);
  return `${first ? "\u001b[2J" : ""}\u001b[H${lines.join("\n")}\n\u001b[J`;
}
