import { defineCommand } from "../command.js";
import { UsageError } from "../fail.js";
import { sanitize } from "../format.js";
import { onInterrupt } from "../interrupt.js";
import { markdownPrinter } from "../markdown.js";

/** `wo demo` */
export const demo = defineCommand(
  (parent) =>
    parent
      .command("demo")
      .description("run the whole flow in a throw-away repository with a scripted agent (no AI agent needed)")
      .option("--keep", "keep the demo repository to explore it")
      .option("--dashboard", "watch the flow in wo dashboard (slower steps; serves until Ctrl-C)")
      .option("--json", "print the result as JSON (progress goes to stderr)"),
  async (ctx, opts) => {
    if (opts.dashboard && opts.json)
      throw new UsageError(
        "--dashboard serves until Ctrl-C; it cannot be combined with --json",
        "wo demo --dashboard",
      );
    const { runDemo } = await import("@wo/core/internal");
    const c = ctx.colors;
    // Progress goes to stdout as the demo's main output; with --json it goes to stderr and stdout gets the result.
    const write = opts.json ? ctx.note : ctx.out;
    if (!opts.json)
      write(
        `${c.bold("wo demo")}: the whole flow in a throw-away repository, with wo's scripted agent (no AI agent needed)\n\n`,
      );
    const printer = await markdownPrinter(ctx, opts);
    const controller = new AbortController();
    const watching = opts.dashboard ? await import("../demo-dashboard.js") : null;
    let running: Promise<unknown> = Promise.resolve();
    const served = watching?.demoDashboard(ctx, { keep: opts.keep ?? false, running: () => running });
    const demoRun = runDemo({
      signal: controller.signal,
      // The dashboard keeps showing the repository after the flow; it is removed when the dashboard stops.
      keep: (opts.keep ?? false) || served !== undefined,
      env: ctx.io.env,
      ...(served ? { pauseMs: served.pauseMs, onRepository: served.start } : {}),
      onEvent: (event) => {
        if (event.kind === "step") {
          write(
            `${c.cyan(`${event.index}/${event.total}`)} ${c.bold(event.title.padEnd(10))} ${sanitize(event.detail)}\n`,
          );
        } else if (event.kind === "line") {
          write(`           ${c.dim(sanitize(event.text))}\n`);
        } else if (!opts.json) {
          // The report as a reader sees it: rendered in a terminal, markdown when piped (it is in --json's result).
          write(`\n${printer(event.markdown)}\n`);
        }
      },
    });
    running = demoRun;
    // Ctrl-C stops the demo, which then removes its repository and tmux server before wo exits.
    const unregister = onInterrupt(async () => {
      controller.abort();
      await demoRun.catch(() => undefined);
    });
    const result = await demoRun.finally(unregister).catch(async (error: unknown) => {
      // A failed demo with a dashboard: nothing is left to watch, and nothing may be left behind.
      await served?.stop();
      throw error;
    });
    if (opts.json) {
      ctx.json(result);
      return result.testPassed ? 0 : 1;
    }
    write(
      `\nDone in ${(result.durationMs / 1000).toFixed(1)} s. ${
        result.kept
          ? `The repository is kept at ${result.repository} (explore it: cd ${result.repository} && git log --graph --oneline --all)`
          : "The demo repository and its tmux server were removed (--keep keeps them)."
      }\n`,
    );
    write(
      "Try it on your own repository: wo plan <review.md> → wo setup --spawn → wo monitor --watch → wo integrate <name>\n",
    );
    if (served) return served.serveUntilInterrupted();
    return result.testPassed ? 0 : 1;
  },
);
