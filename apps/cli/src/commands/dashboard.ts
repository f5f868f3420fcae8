import { defineCommand } from "../command.js";
import { UsageError } from "../fail.js";
import { onInterrupt } from "../interrupt.js";

/** `wo dashboard [--port N] [--open]` */
export const dashboard = defineCommand(
  (parent) =>
    parent
      .command("dashboard")
      .description("serve a live web view of the workers, plan graph and conflict forecast on 127.0.0.1")
      .option("--port <n>", "port to listen on (default: a free one)")
      .option("--open", "open the page in the default browser"),
  async (ctx, opts) => {
    const port = parsePort(opts.port);
    const wo = await ctx.open();
    const { startDashboard } = await import("@wo/dashboard");
    const served = await startDashboard({ orchestrator: wo, port });
    ctx.out(`wo dashboard: ${served.url}\n`);
    ctx.note("Only this URL (with its token) opens the dashboard. Ctrl-C stops it.\n");
    if (opts.open) await openInBrowser(served.url, ctx.io.env, ctx.note);
    // Ctrl-C ends the page's event streams, frees the port and removes the record in .git/wo.
    onInterrupt(() => served.close());
    return new Promise<never>(() => undefined);
  },
);

// A port is 1–65535; leaving it out takes a free one.
function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new UsageError(
      `--port must be a number from 1 to 65535, not ${JSON.stringify(value)}`,
      "wo dashboard --port 4800",
    );
  return port;
}

// The platform's opener, argv only; without one the printed URL stands.
async function openInBrowser(
  url: string,
  env: NodeJS.ProcessEnv,
  note: (text: string) => void,
): Promise<void> {
  const { execa } = await import("execa");
  const [command, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["explorer.exe", [url]]
        : ["xdg-open", [url]];
  const child = execa(command, args, { env, detached: true, stdio: "ignore" });
  child.unref();
  // Not awaited: a browser that stays open must not hold wo; a missing opener is one note.
  void child.catch(() => note(`Could not open a browser with ${command}; open the URL above.\n`));
}
