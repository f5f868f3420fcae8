import type { CommitStatus } from "@wo/core";
import { defineCommand } from "../command.js";
import { UsageError } from "../fail.js";

/** `wo checkpoint <msg…>` (worker side): commit staged work with a status prefix. */
export const checkpoint = defineCommand(
  (parent) =>
    parent
      .command("checkpoint [message...]")
      .description(
        "worker side: commit staged work as [CHECKPOINT] <message> (or --complete, --blocked, --needs)",
      )
      .option("-a, --all", "commit all tracked changes, not only staged ones")
      .option("--complete", "commit as [COMPLETE]")
      .option("--blocked <reason>", "commit as [BLOCKED:<reason>]")
      .option("--needs <worker/item>", "commit as [NEEDS:<worker>/<item>]"),
  async (ctx, words, opts) => {
    const message = words.join(" ").trim();
    const kinds = [opts.complete, opts.blocked !== undefined, opts.needs !== undefined].filter(
      Boolean,
    ).length;
    if (kinds > 1)
      throw new UsageError(
        "Pass at most one of --complete, --blocked and --needs",
        'e.g. wo checkpoint --complete "<what you finished>"',
      );
    let status: CommitStatus;
    if (opts.blocked !== undefined) status = { kind: "blocked", reason: opts.blocked, message };
    else if (opts.needs !== undefined) {
      const slash = opts.needs.indexOf("/");
      if (slash <= 0 || slash === opts.needs.length - 1) {
        throw new UsageError(
          `--needs takes <worker>/<item>, got ${JSON.stringify(opts.needs)}`,
          "e.g. --needs task-2/UserModel",
        );
      }
      status = {
        kind: "needs",
        worker: opts.needs.slice(0, slash),
        item: opts.needs.slice(slash + 1),
        message,
      };
    } else if (opts.complete) status = { kind: "complete", message };
    else {
      if (message === "")
        throw new UsageError("Missing the checkpoint message", 'wo checkpoint "<what you finished>"');
      status = { kind: "checkpoint", message };
    }
    const { checkpointWorker } = await import("@wo/core");
    const result = await checkpointWorker(ctx.cwd, status, { all: opts.all ?? false });
    ctx.out(`[${result.branch} ${result.sha.slice(0, 7)}] ${result.message}\n`);
    return 0;
  },
);
