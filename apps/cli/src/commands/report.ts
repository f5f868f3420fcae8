import { lstat, readFile } from "node:fs/promises";
import path from "node:path";
import { defineCommand } from "../command.js";
import { UsageError } from "../fail.js";
import { readAll } from "../io.js";

/** `wo report done|failed [--message TEXT | --file F]` (worker side). */
export const report = defineCommand(
  (parent) =>
    parent
      .command("report <status>")
      .description("worker side: set .worker-status to done|failed and write .worker-result.md")
      .option("-m, --message <text>", "the result (or error) text")
      .option("-F, --file <file>", "read the result from a file ('-' for stdin)"),
  async (ctx, status, opts) => {
    if (status !== "done" && status !== "failed") {
      throw new UsageError(
        `Unknown status ${JSON.stringify(status)}`,
        "wo report done|failed [--message TEXT | --file F]",
      );
    }
    if (opts.message !== undefined && opts.file !== undefined)
      throw new UsageError(
        "Pass either --message or --file, not both",
        "wo report done --message TEXT, or wo report done --file .worker-result.md",
      );
    let result: string | null = opts.message ?? null;
    if (opts.file === "-") result = await readAll(ctx.io.stdin);
    else if (opts.file !== undefined) {
      const file = path.resolve(ctx.cwd, opts.file);
      // The worker prompt suggests `--file .worker-result.md`: a link there (committed by the repository) must not
      // copy a file from outside the worktree into the result. Other files may be links (`--file <(cmd)`).
      if (
        path.basename(file) === ".worker-result.md" &&
        (await lstat(file).catch(() => null))?.isSymbolicLink()
      )
        throw new UsageError(
          `Cannot read ${opts.file}: it is a symbolic link, and wo never reads a result through one`,
          "Write the result into the file itself, or pass it with --message",
        );
      result = await readFile(file, "utf8").catch((error: Error) => {
        throw new UsageError(
          `Cannot read ${opts.file}: ${error.message}`,
          "Pass a readable file, - for stdin, or the result with --message",
        );
      });
    }
    const { reportWorker } = await import("@wo/core");
    const reported = await reportWorker(ctx.cwd, status, result);
    ctx.out(`Reported ${reported.status} for ${reported.worktree}\n`);
    return 0;
  },
);
