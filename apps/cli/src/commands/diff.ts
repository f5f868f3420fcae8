import { defineCommand } from "../command.js";

/** `wo diff <feature> [--stat]` */
export const diff = defineCommand(
  (parent) =>
    parent
      .command("diff <feature>")
      .description("show a worker's change against where its branch left the base branch (git diff)")
      .option("--stat", "only the summary: files changed, lines added and removed")
      .option("--base <ref>", "the branch the worker started from (default: the configured base branch)")
      .option("--json", "print JSON"),
  async (ctx, feature, opts) => {
    const wo = await ctx.open();
    // git colours the patch itself, when stdout is a terminal and colours are on (NO_COLOR, --no-color).
    const result = await wo.diff(feature, {
      stat: opts.stat ?? false,
      color: !opts.json && ctx.colors.isColorSupported,
      ...(opts.base ? { base: opts.base } : {}),
    });
    if (opts.json) {
      ctx.json(result);
      return 0;
    }
    if (result.text === "") {
      ctx.note(
        `${feature} has no change against ${result.base} (merge base ${result.mergeBase.slice(0, 12)})\n`,
      );
      return 0;
    }
    ctx.out(result.text.endsWith("\n") ? result.text : `${result.text}\n`);
    return 0;
  },
);
