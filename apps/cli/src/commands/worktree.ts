import path from "node:path";
import { defineCommand, type WoCommand } from "../command.js";
import { formatTable, sanitize } from "../format.js";

/** `wo worktree add|list|remove`: a group whose subcommands are defined below. */
export const worktree: WoCommand = {
  register(parent, run) {
    const group = parent.command("worktree").description("manage worker worktrees (add, list, remove)");
    for (const command of [add, list, remove]) command.register(group, run);
  },
};

/** `wo worktree add <feature>` */
const add = defineCommand(
  (parent) =>
    parent
      .command("add <feature>")
      .description("create worktrees/<feature> on branch work/<feature>")
      .option("--base <ref>", "start the branch from <ref> (default: configured base branch, else HEAD)"),
  async (ctx, feature, opts) => {
    const wo = await ctx.open();
    const created = await wo.addWorktree(feature, opts.base ? { base: opts.base } : {});
    ctx.out(`Created worktree ${path.relative(ctx.cwd, created.path) || "."} on branch ${created.branch}\n`);
    return 0;
  },
);

/** `wo worktree list` */
const list = defineCommand(
  (parent) => parent.command("list").description("list worker worktrees").option("--json", "print JSON"),
  async (ctx, opts) => {
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
  },
);

/** `wo worktree remove <feature>` */
const remove = defineCommand(
  (parent) =>
    parent
      .command("remove <feature>")
      .description("remove a worker's worktree (its branch is kept)")
      .option("-f, --force", "remove even with uncommitted changes (they are lost)"),
  async (ctx, feature, opts) => {
    const wo = await ctx.open();
    const removed = await wo.removeWorktree(feature, { force: opts.force ?? false });
    ctx.out(
      `Removed worktree ${path.relative(ctx.cwd, removed.path)} (branch ${removed.branch ?? "-"} kept)\n`,
    );
    if (removed.archived) ctx.out(`  its result is archived: ${path.relative(ctx.cwd, removed.archived)}\n`);
    if (removed.dropped.length > 0) {
      ctx.out(`  uncommitted changes dropped: ${removed.dropped.map((file) => sanitize(file)).join(", ")}\n`);
    }
    return 0;
  },
);
