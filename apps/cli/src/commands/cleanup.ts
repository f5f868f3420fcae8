import path from "node:path";
import { defineCommand } from "../command.js";
import { formatTable, sanitize } from "../format.js";
import { parseWorkerList } from "../worker-list.js";

/** `wo cleanup` */
export const cleanup = defineCommand(
  (parent) =>
    parent
      .command("cleanup")
      .description("remove finished workers' sessions, worktrees and merged branches; report orphans")
      .option("--integration <name>", "branches count as merged when integration/<name> contains them")
      .option("-f, --force", "also running workers, dirty worktrees and unmerged branches (work is lost)")
      .option("--only <workers>", "only these workers (comma-separated)")
      .option(
        "--prune",
        "also delete every other worker branch whose work is merged (pushed from CI, or of an earlier plan)",
      )
      .option("--delete-remote", "also delete the worker branches on the remote")
      .option("--remote <name>", "the remote for --delete-remote", "origin")
      .option("--json", "print JSON"),
  async (ctx, opts) => {
    const wo = await ctx.open();
    const only = parseWorkerList(opts.only);
    const result = await wo.cleanup({
      ...(opts.integration ? { integration: opts.integration } : {}),
      force: opts.force ?? false,
      ...(opts.deleteRemote ? { deleteRemote: true, remote: opts.remote ?? "origin" } : {}),
      ...(only ? { only } : {}),
      ...(opts.prune ? { prune: true } : {}),
    });
    if (opts.json) {
      ctx.json(result);
      return 0;
    }
    const c = ctx.colors;
    const { shellWord } = await import("@wo/core/internal");
    if (result.sessions.length > 0)
      ctx.out(`Killed ${result.sessions.length} tmux session(s): ${result.sessions.join(", ")}\n`);
    for (const r of result.running)
      ctx.out(
        sanitize(
          `${c.yellow("kept")} ${r}: still running (wo kill ${shellWord(r)}, or wo cleanup --force)\n`,
        ),
      );
    const items = result.items.filter((i) => i.action !== "absent");
    if (items.length > 0) {
      ctx.out(
        formatTable(items, [
          {
            header: "ACTION",
            value: (i) => i.action,
            color: (cell, i) => (i.action === "removed" ? c.green(cell) : c.yellow(cell)),
          },
          { header: "KIND", value: (i) => i.kind },
          {
            header: "TARGET",
            value: (i) => (i.kind === "worktree" ? path.relative(ctx.cwd, i.target) : i.target),
          },
          { header: "WHY", value: (i) => i.reason ?? "" },
        ]),
      );
    } else if (result.running.length === 0) ctx.out("Nothing to clean up.\n");
    if (result.orphans.length > 0) {
      const total = result.orphans.reduce((sum, o) => sum + o.sizeBytes, 0);
      ctx.out(`\nOrphans (${size(total)}):\n`);
      for (const o of result.orphans) {
        ctx.out(
          sanitize(
            `  ${o.kind.padEnd(16)} ${path.relative(ctx.cwd, o.path) || o.path}  ${size(o.sizeBytes)}  ${o.reason}${o.pruned ? " (pruned)" : ""}\n`,
          ),
        );
      }
    }
    return 0;
  },
);

// Orphans' sizes in human units: bytes, then KB, MB, GB or TB with one decimal.
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
