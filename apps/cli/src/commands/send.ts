import { defineCommand } from "../command.js";
import { UsageError } from "../fail.js";
import { readAll } from "../io.js";

/** `wo send <feature>|--all <text…>` */
export const send = defineCommand(
  (parent) =>
    parent
      .command("send [feature] [text...]")
      .description("type text into a worker's agent and press Enter (--all: every running worker)")
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
    const sent = await wo.send(opts.all ? { all: true } : (feature as string), text);
    if (opts.json) {
      ctx.json({ sent });
      return 0;
    }
    ctx.out(sent.length === 0 ? "No running workers; nothing sent.\n" : `Sent to ${sent.join(", ")}\n`);
    return 0;
  },
);
