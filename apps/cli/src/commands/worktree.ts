import path from "node:path";
import type { Context, ExitCode } from "../context.js";
import { formatTable } from "../format.js";

/** `wo worktree add <feature>` */
export async function add(ctx: Context, feature: string, opts: { base?: string }): Promise<ExitCode> {
  const wo = await ctx.open();
  const created = await wo.addWorktree(feature, opts.base ? { base: opts.base } : {});
  ctx.out(`Created worktree ${path.relative(ctx.cwd, created.path) || "."} on branch ${created.branch}\n`);
  return 0;
}

/** `wo worktree list` */
export async function list(ctx: Context, opts: { json?: boolean }): Promise<ExitCode> {
  const wo = await ctx.open();
  const worktrees = await wo.listWorktrees();
  if (opts.json) {
    ctx.json(worktrees);
    return 0;
  }
  if (worktrees.length === 0) {
    ctx.out("No worker worktrees. Create one with: wo worktree add <feature>\n");
    return 0;
  }
  ctx.out(
    formatTable(worktrees, [
      { header: "FEATURE", value: (w) => w.feature },
      { header: "BRANCH", value: (w) => w.branch ?? "(detached)" },
      { header: "PATH", value: (w) => path.relative(ctx.cwd, w.path) || "." },
    ]),
  );
  return 0;
}

/** `wo worktree remove <feature>` */
export async function remove(ctx: Context, feature: string, opts: { force?: boolean }): Promise<ExitCode> {
  const wo = await ctx.open();
  const removed = await wo.removeWorktree(feature, { force: opts.force ?? false });
  ctx.out(
    `Removed worktree ${path.relative(ctx.cwd, removed.path)} (branch ${removed.branch ?? "-"} kept)\n`,
  );
  return 0;
}
