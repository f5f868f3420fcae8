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
  /** After the flow: serves until Ctrl-C. */
  serveUntilInterrupted(): Promise<never>;
  /** Stops the dashboard and removes the repository (unless kept) at once: the demo failed. */
  stop(): Promise<void>;
}

/**
 * `wo demo --dashboard`: the demo's flow, watched live in `wo dashboard`. The demo keeps its repository for the
 * dashboard; Ctrl-C (during the flow or after it) waits for the demo to stop, stops the dashboard, then removes the
 * repository unless `keep`.
 */
export function demoDashboard(
  ctx: Context,
  demo: { keep: boolean; running: () => Promise<unknown> },
): DemoDashboard {
  // Set once the dashboard runs: what Ctrl-C and a failed demo do.
  let cleanup: () => Promise<void> = async () => undefined;
  return {
    pauseMs: 2500,
    async start({ repository, env }) {
      const { startDashboard } = await import("@wo/dashboard");
      const served = await startDashboard({ cwd: repository, env });
      cleanup = async () => {
        await demo.running().catch(() => undefined);
        await served.close();
        // The demo's repository lives in its own temporary directory (wo-demo-…), with the scripted agent beside it.
        const root = path.dirname(repository);
        if (!demo.keep && path.basename(root).startsWith("wo-demo-"))
          await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      };
      onInterrupt(() => cleanup());
      ctx.note(
        `\nwo dashboard: ${served.url}\n(open it to watch the flow; each step is slowed down for it)\n\n`,
      );
    },
    serveUntilInterrupted() {
      ctx.note(
        `\nThe dashboard keeps serving the demo repository; Ctrl-C stops it${demo.keep ? "" : " and removes the repository"}.\n`,
      );
      return new Promise<never>(() => undefined);
    },
    stop: () => cleanup(),
  };
}
