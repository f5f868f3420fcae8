import { rm } from "node:fs/promises";
import path from "node:path";
import type { Context } from "./context.js";
import { onInterrupt } from "./interrupt.js";

/** What `wo demo --dashboard` adds to the demo: a dashboard on its repository, started as soon as it exists. */
export interface DemoDashboard {
  /** The scripted agent's pause between commits: long enough to watch each step in the browser. */
  pauseMs: number;
  /** Starts the dashboard on the demo repository and prints its URL. */
  start(where: { repository: string; env: NodeJS.ProcessEnv }): Promise<void>;
  /** After the flow: serves until Ctrl-C, then stops the dashboard and removes the repository (unless kept). */
  serveUntilInterrupted(result: { repository: string }, keep: boolean): Promise<never>;
}

/** `wo demo --dashboard`: the demo's flow, watched live in `wo dashboard`. */
export function demoDashboard(ctx: Context): DemoDashboard {
  let close: (() => Promise<void>) | null = null;
  let unregister: (() => void) | null = null;
  return {
    pauseMs: 2500,
    async start({ repository, env }) {
      const { startDashboard } = await import("@wo/dashboard");
      const served = await startDashboard({ cwd: repository, env });
      close = served.close;
      // A Ctrl-C during the flow stops the dashboard before the demo removes what it watches.
      unregister = onInterrupt(() => served.close());
      ctx.note(
        `\nwo dashboard: ${served.url}\n(open it to watch the flow; each step is slowed down for it)\n\n`,
      );
    },
    async serveUntilInterrupted(result, keep) {
      unregister?.();
      ctx.note(
        `\nThe dashboard keeps serving the demo repository; Ctrl-C stops it${keep ? "" : " and removes the repository"}.\n`,
      );
      onInterrupt(async () => {
        await close?.();
        // The demo's repository lives in its own temporary directory (wo-demo-…), with the scripted agent beside it.
        const root = path.dirname(result.repository);
        if (!keep && path.basename(root).startsWith("wo-demo-"))
          await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      });
      return new Promise<never>(() => undefined);
    },
  };
}
