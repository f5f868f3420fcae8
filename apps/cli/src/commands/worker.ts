import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Context, ExitCode } from "../context.js";
import { UsageError } from "../fail.js";
import { readAll } from "../io.js";

/** `wo report done|failed [--message TEXT | --file F]` (worker side). */
export async function report(
  ctx: Context,
  status: string,
  opts: { message?: string; file?: string },
): Promise<ExitCode> {
  if (status !== "done" && status !== "failed") {
    throw new UsageError(
      `Unknown status ${JSON.stringify(status)}`,
      "wo report done|failed [--message TEXT | --file F]",
    );
  }
  if (opts.message !== undefined && opts.file !== undefined)
    throw new UsageError("Pass either --message or --file, not both");
  let result: string | null = opts.message ?? null;
  if (opts.file === "-") result = await readAll(ctx.io.stdin);
  else if (opts.file !== undefined) {
    const file = path.resolve(ctx.cwd, opts.file);
    result = await readFile(file, "utf8").catch((error: Error) => {
      throw new UsageError(`Cannot read ${opts.file}: ${error.message}`);
    });
  }
  const { reportWorker } = await import("@wo/core");
  const reported = await reportWorker(ctx.cwd, status, result);
  ctx.out(`Reported ${reported.status} for ${reported.worktree}\n`);
  return 0;
}

/** `wo checkpoint <msg…>` (worker side): commit staged work with a status prefix. */
export async function checkpoint(
  ctx: Context,
  words: string[],
  opts: { all?: boolean; complete?: boolean; blocked?: string; needs?: string },
): Promise<ExitCode> {
  const message = words.join(" ").trim();
  const kinds = [opts.complete, opts.blocked !== undefined, opts.needs !== undefined].filter(Boolean).length;
  if (kinds > 1) throw new UsageError("Pass at most one of --complete, --blocked and --needs");
  let status: import("@wo/core").CommitStatus;
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
}
