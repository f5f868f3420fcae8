import { defineCommand } from "../command.js";
import { UsageError } from "../fail.js";
import { sanitize } from "../format.js";
import { readAll } from "../io.js";

/** `wo send <feature>|--all <text…>` */
export const send = defineCommand(
  (parent) =>
    parent
      .command("send [feature] [text...]")
      .description("type text into a worker's agent and submit it (--all: every running worker)")
      .option("--all", "send to every running worker")
      .option("--json", "print JSON"),
  async (ctx, feature, words, opts) => {
    // With --all the first positional word is part of the text.
    const parts = opts.all ? [feature, ...words].filter((w): w is string => w !== undefined) : words;
    if (!opts.all && feature === undefined)
      throw new UsageError("Missing the worker", 'wo send <feature> "<text>" or wo send --all "<text>"');
    const text = parts.length === 1 && parts[0] === "-" ? await readAll(ctx.io.stdin) : parts.join(" ");
    if (text === "") throw new UsageError("Missing the text to send", 'wo send <feature> "<text>"');
    const wo = await ctx.open();
    const result = await wo.send(opts.all ? { all: true } : (feature as string), text);
    const code = result.failed.length > 0 ? 1 : 0;
    if (opts.json) {
      ctx.json(result);
      return code;
    }
    if (result.sent.length > 0) ctx.out(`Sent to ${result.sent.join(", ")}\n`);
    else if (result.failed.length === 0) ctx.out("No running workers; nothing sent.\n");
    for (const failure of result.failed) {
      ctx.note(`Not submitted to ${failure.feature}: ${sanitize(failure.error, { singleLine: true })}\n`);
      if (failure.hint) ctx.note(`hint: ${sanitize(failure.hint, { singleLine: true })}\n`);
    }
    return code;
  },
);
