import { writeFile } from "node:fs/promises";
import path from "node:path";
import { defineCommand } from "../command.js";
import { UsageError } from "../fail.js";
import { formatTable, sanitize } from "../format.js";
import { parseWorkerList } from "../worker-list.js";

/** `wo integrate <name>` */
export const integrate = defineCommand(
  (parent) =>
    parent
      .command("integrate <name>")
      .description("merge finished workers into integration/<name> (--dry-run forecasts conflicts)")
      .option("--dry-run", "simulate every merge with git merge-tree; change nothing")
      .option("--only <workers>", "only these workers, merged in this order (comma-separated)")
      .option("--skip <workers>", "leave these workers out (comma-separated)")
      .option("--include-incomplete", "also merge workers that have not finished")
      .option("--test <command>", "run your test command on the integrated result")
      .option(
        "--test-timeout <duration>",
        "stop the test after this long (90s, 10m, 1h; a number is seconds)",
      )
      .option("--into <branch>", "after all checks pass, merge the integration branch into <branch>")
      .option("--stop-on-conflict", "leave a conflicting merge open for manual resolution")
      .option("--abort", "roll back an interrupted or open integration")
      .option("--strict-scope", "refuse when a worker changed files outside its scope")
      .option("--base <ref>", "the branch workers started from")
      .option("--report <file>", "also write the integration report (markdown) to <file>")
      .option("--markdown", "print the integration report as markdown instead of the summary (a PR body)")
      .option("--json", "print JSON"),
  async (ctx, name, opts) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._/-]{0,100}$/.test(name) || name.includes("..")) {
      throw new UsageError(
        `Invalid integration name ${JSON.stringify(name)}`,
        "Use letters, digits, dashes and dots, e.g. wo integrate auth",
      );
    }
    if (opts.dryRun && (opts.into || opts.test || opts.abort || opts.stopOnConflict || opts.markdown)) {
      throw new UsageError(
        "--dry-run only forecasts; it cannot be combined with --into, --test, --abort, --stop-on-conflict or --markdown",
        "Run wo integrate <name> --dry-run alone first, then without --dry-run",
      );
    }
    if (opts.testTimeout !== undefined && !opts.test) {
      throw new UsageError(
        "--test-timeout limits the --test command; pass --test too",
        'e.g. --test "pnpm test" --test-timeout 10m',
      );
    }
    const testTimeoutMs =
      opts.testTimeout === undefined ? undefined : parseDuration(opts.testTimeout, "--test-timeout");
    const selection = {
      ...(opts.base ? { base: opts.base } : {}),
      ...(parseWorkerList(opts.only) ? { only: parseWorkerList(opts.only) } : {}),
      ...(parseWorkerList(opts.skip) ? { skip: parseWorkerList(opts.skip) } : {}),
      ...(opts.includeIncomplete ? { includeIncomplete: true } : {}),
    };
    const wo = await ctx.open();
    const c = ctx.colors;
    if (opts.dryRun) {
      const f = await wo.forecast(name, selection);
      if (opts.json) {
        ctx.json({ dryRun: true, ...f });
        return 0;
      }
      ctx.out(
        `Conflict forecast for ${f.branch} (base ${f.selection.base}, ${f.selection.workers.length} worker(s); nothing was changed)\n\n`,
      );
      ctx.out(
        formatTable(f.forecast.ordered, [
          { header: "ORDER", value: (s) => String(f.forecast.ordered.indexOf(s) + 1) },
          { header: "WORKER", value: (s) => s.feature },
          {
            header: "RESULT",
            value: (s) => s.outcome,
            color: (cell, s) => (s.outcome === "conflict" ? c.red(cell) : c.green(cell)),
          },
          { header: "FILES", value: (s) => s.files.join(", ") },
        ]),
      );
      const conflicts = f.forecast.pairs.filter((p) => !p.clean);
      ctx.out(
        `\nPairwise: ${conflicts.length === 0 ? "no two workers conflict with each other" : `${conflicts.length} conflicting pair(s)`}\n`,
      );
      for (const p of conflicts) ctx.out(sanitize(`  ${p.a} × ${p.b}: ${p.files.join(", ")}\n`));
      const s = f.forecast.suggestion;
      ctx.out(
        `Suggested order: ${s.order.join(", ")} (${s.clean.length} of ${s.order.length} merge cleanly)\n`,
      );
      for (const l of f.selection.left) ctx.out(sanitize(`Left out: ${l.feature} (${l.reason})\n`));
      const { shellWord } = await import("@wo/core/internal");
      ctx.out(
        sanitize(`Next: ${rerunCommand(name, opts, shellWord)}   (the real run, with the same choices)\n`),
      );
      return 0;
    }
    const { shellWord } = await import("@wo/core/internal");
    const result = await wo.integrate(name, {
      ...selection,
      rerunCommand: rerunCommand(name, opts, shellWord),
      ...(opts.test ? { test: opts.test } : {}),
      ...(testTimeoutMs !== undefined ? { testTimeoutMs } : {}),
      ...(opts.into ? { into: opts.into } : {}),
      ...(opts.stopOnConflict ? { stopOnConflict: true } : {}),
      ...(opts.abort ? { abort: true } : {}),
      ...(opts.strictScope ? { strictScope: true } : {}),
    });
    if (opts.report) await writeFile(path.resolve(ctx.cwd, opts.report), result.report);
    const failed =
      result.conflicts.length > 0 ||
      result.open ||
      (result.test !== null && !result.test.passed) ||
      (result.into !== null && !["merged", "up-to-date"].includes(result.into.status));
    if (opts.json) {
      const { report: _report, ...rest } = result;
      ctx.json(rest);
      return failed ? 1 : 0;
    }
    if (opts.markdown) {
      const { markdownPrinter } = await import("../markdown.js");
      ctx.out((await markdownPrinter(ctx, opts))(result.report));
      return failed ? 1 : 0;
    }
    if (result.recovered) {
      ctx.out(
        c.yellow(
          `Recovered an ${result.recovered.reason === "open-merge" ? "open merge" : "interrupted integration"} (${result.recovered.mode}):\n`,
        ),
      );
      for (const a of result.recovered.actions) ctx.out(sanitize(`  ${a}\n`));
    }
    ctx.out(
      `Integration branch ${result.branch} (base ${result.base.ref})${result.created ? ", created" : ""}\n`,
    );
    for (const f of result.merged) ctx.out(`  ${c.green("merged")}          ${f}\n`);
    for (const f of result.alreadyMerged) ctx.out(`  ${c.dim("already merged")}  ${f}\n`);
    for (const x of result.conflicts) {
      ctx.out(
        sanitize(
          `  ${c.red("conflict")}        ${x.feature}: ${x.files.join(", ")}${result.open ? " (left open for you)" : " (merge aborted; earlier merges kept)"}\n`,
        ),
      );
    }
    for (const f of result.skipped) {
      const why =
        result.selection.left.find((l) => l.feature === f)?.reason ?? "not attempted after the conflict";
      ctx.out(sanitize(`  ${c.dim("skipped")}         ${f} (${why})\n`));
    }
    for (const v of result.scopeViolations) {
      ctx.out(
        sanitize(
          `${c.yellow("scope:")} ${v.feature} changed ${v.files.length} file(s) outside its scope: ${v.files.join(", ")}\n`,
        ),
      );
    }
    if (result.test) {
      const command = opts.test ?? result.test.command.join(" ");
      ctx.out(
        sanitize(
          `${result.test.passed ? c.green("test passed") : c.red("test failed")}: ${command} (${result.test.timedOut ? `timed out after ${opts.testTimeout}, stopped` : `exit ${result.test.exitCode ?? result.test.signal}`})\n`,
        ),
      );
      if (!result.test.passed && result.test.outputTail) ctx.out(sanitize(`${result.test.outputTail}\n`));
      const blame = result.test.blame;
      if (blame) {
        const { shellWord } = await import("@wo/core/internal");
        ctx.out(
          sanitize(
            `It first fails after merging ${blame.feature} (${blame.merge.slice(0, 7)}). Give it the failing check: wo resume ${shellWord(blame.feature)}\n`,
          ),
        );
      } else if (blame === null) {
        ctx.out("It fails before this run's merges too: no worker of this run made it fail.\n");
      }
    }
    if (result.into)
      ctx.out(
        sanitize(
          `into ${result.into.branch}: ${result.into.status}${result.into.reason ? ` (${result.into.reason})` : ""}\n`,
        ),
      );
    ctx.out(
      `Report: ${path.relative(ctx.cwd, result.reportFile)}${opts.report ? ` and ${opts.report}` : ""}\n`,
    );
    if (result.nextCommands.length > 0) {
      ctx.out("Next:\n");
      for (const command of result.nextCommands) ctx.out(sanitize(`  ${command}\n`));
    }
    return failed ? 1 : 0;
  },
);

/**
 * `wo integrate <name>` with the choices the user gave (workers, base, test, target, report), quoted for a shell:
 * what every "Next:" command that runs this integration again starts with. `--abort`, `--dry-run` and the output
 * flags are left out.
 */
function rerunCommand(
  name: string,
  opts: Record<string, string | boolean | undefined>,
  quote: (word: string) => string,
): string {
  const words = ["wo", "integrate", quote(name)];
  const valued: [string, string][] = [
    ["only", "--only"],
    ["skip", "--skip"],
    ["base", "--base"],
    ["test", "--test"],
    ["testTimeout", "--test-timeout"],
    ["into", "--into"],
    ["report", "--report"],
  ];
  for (const [key, flag] of valued) {
    const value = opts[key];
    if (typeof value === "string") words.push(flag, quote(value));
  }
  if (opts.includeIncomplete) words.push("--include-incomplete");
  if (opts.stopOnConflict) words.push("--stop-on-conflict");
  if (opts.strictScope) words.push("--strict-scope");
  return words.join(" ");
}

// `90`, `90s`, `10m`, `1h`, `500ms` → milliseconds; a plain number is seconds.
function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  const ms = match ? Math.round(Number(match[1]) * unit[(match[2] ?? "s") as keyof typeof unit]) : Number.NaN;
  if (!(ms > 0 && ms <= 2_147_483_647)) {
    throw new UsageError(
      `Invalid ${flag} ${JSON.stringify(value)}: expected a duration such as 90s, 10m or 1h`,
      `A plain number is seconds; the longest is 24 days, e.g. ${flag} 15m`,
    );
  }
  return ms;
}
