import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Command as CommandType } from "commander";
import type { Context, ExitCode } from "./context.js";
import { reportError, UsageError } from "./fail.js";
import { colorsFor, type Io, processIo } from "./io.js";

export { installInterruptHandlers } from "./interrupt.js";

declare const __WO_VERSION__: string;
/** The CLI's version (from package.json at build time). */
export const VERSION: string = typeof __WO_VERSION__ === "string" ? __WO_VERSION__ : "0.0.0-dev";

type Load<T> = () => Promise<T>;
const commands = {
  lifecycle: (() => import("./commands/lifecycle.js")) as Load<typeof import("./commands/lifecycle.js")>,
  worktree: (() => import("./commands/worktree.js")) as Load<typeof import("./commands/worktree.js")>,
  worker: (() => import("./commands/worker.js")) as Load<typeof import("./commands/worker.js")>,
  orchestrate: (() => import("./commands/orchestrate.js")) as Load<
    typeof import("./commands/orchestrate.js")
  >,
  plan: (() => import("./commands/plan.js")) as Load<typeof import("./commands/plan.js")>,
  integrate: (() => import("./commands/integrate.js")) as Load<typeof import("./commands/integrate.js")>,
  demo: (() => import("./commands/demo.js")) as Load<typeof import("./commands/demo.js")>,
};

/**
 * Runs the `wo` CLI with `argv` (without `node` and the script) and returns the exit code: 0 ok, 1 failure or
 * refusal, 2 usage error. Nothing calls `process.exit`, so tests run it in-process.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  // The most frequent tiny call answers without loading the argument parser.
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { Command, CommanderError, Option } = await import("commander");
  const errColors = colorsFor(io.stderr, io.env, argv.includes("--no-color"));
  let exitCode: number = 0;
  let orchestrator: Promise<import("@wo/core").Orchestrator> | undefined;

  const program: CommandType = new Command("wo");
  const context = (): Context => {
    const opts = program.opts<{ C?: string[]; color?: boolean }>();
    const cwd = (opts.C ?? []).reduce((dir, next) => path.resolve(dir, next), io.cwd);
    if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
      throw new UsageError(`Cannot change to ${cwd}: no such directory`, "Pass an existing directory to -C");
    }
    const colors = colorsFor(io.stdout, io.env, opts.color === false);
    return {
      io,
      colors,
      cwd,
      open: async () => {
        orchestrator ??= import("@wo/core").then(({ Orchestrator }) =>
          Orchestrator.open({ cwd, env: io.env }),
        );
        return orchestrator;
      },
      out: (text) => io.stdout.write(text),
      json: (value) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
      note: (text) => io.stderr.write(text),
    };
  };
  const run =
    <A extends unknown[]>(action: (ctx: Context, ...args: A) => Promise<ExitCode>) =>
    async (...args: A) => {
      exitCode = await action(context(), ...args);
    };

  program
    .description(
      "wo — the worker orchestrator: parallel AI coding agents, each in its own git worktree and tmux session",
    )
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .option(
      "-C <dir>",
      "run as if wo was started in <dir> (like git -C; repeatable)",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option("--no-color", "disable colours (also NO_COLOR=1)")
    .showHelpAfterError("(run wo --help for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(errColors.red(text)),
    })
    .exitOverride();

  program
    .command("demo")
    .description("run the whole flow in a throw-away repository with a scripted agent (no AI agent needed)")
    .option("--keep", "keep the demo repository to explore it")
    .option("--json", "print the result as JSON (progress goes to stderr)")
    .action(run(async (ctx, opts) => (await commands.demo()).demo(ctx, opts)));
  const worktree = program.command("worktree").description("manage worker worktrees (add, list, remove)");
  worktree
    .command("add <feature>")
    .description("create worktrees/<feature> on branch work/<feature>")
    .option("--base <ref>", "start the branch from <ref> (default: configured base branch, else HEAD)")
    .action(
      run(async (ctx, feature: string, opts: { base?: string }) =>
        (await commands.worktree()).add(ctx, feature, opts),
      ),
    );
  worktree
    .command("list")
    .description("list worker worktrees")
    .option("--json", "print JSON")
    .action(run(async (ctx, opts: { json?: boolean }) => (await commands.worktree()).list(ctx, opts)));
  worktree
    .command("remove <feature>")
    .description("remove a worker's worktree (its branch is kept)")
    .option("-f, --force", "remove even with uncommitted changes (they are lost)")
    .action(
      run(async (ctx, feature: string, opts: { force?: boolean }) =>
        (await commands.worktree()).remove(ctx, feature, opts),
      ),
    );

  program
    .command("spawn <feature> [task...]")
    .description("start an agent on <task> in the worktree of <feature> (task '-' reads stdin)")
    .addOption(
      new Option("--agent <name>", "agent preset: claude, codex, aider, gemini, or one from wo.config.json"),
    )
    .option(
      "--agent-cmd <command>",
      'any agent: "cmd --flag {prompt}" ({prompt_file} for a file); no shell is used',
    )
    .option("--task-file <file>", "read the task from a file")
    .option("--json", "print JSON")
    .action(
      run(async (ctx, feature: string, task: string[], opts) =>
        (await commands.lifecycle()).spawn(ctx, feature, task, opts),
      ),
    );
  program
    .command("status [feature]")
    .description("show workers: WORKER | STATUS | DURATION | LAST OUTPUT")
    .option("--json", "print JSON")
    .action(
      run(async (ctx, feature: string | undefined, opts) =>
        (await commands.lifecycle()).status(ctx, feature, opts),
      ),
    );
  program
    .command("collect [feature]")
    .description("print the results of finished (done/failed) workers")
    .option("--json", "print JSON")
    .action(
      run(async (ctx, feature: string | undefined, opts) =>
        (await commands.lifecycle()).collect(ctx, feature, opts),
      ),
    );
  program
    .command("kill <feature>")
    .description("stop a worker; a running one needs --force or a repeated kill (results are kept)")
    .option("-f, --force", "kill even while it is running")
    .option("--json", "print JSON")
    .action(run(async (ctx, feature: string, opts) => (await commands.lifecycle()).kill(ctx, feature, opts)));
  program
    .command("list")
    .description("list workers that have a tmux session")
    .option("--json", "print JSON")
    .action(run(async (ctx, opts) => (await commands.lifecycle()).list(ctx, opts)));
  program
    .command("kill-all")
    .description("stop every worker; refused while any is running unless --force")
    .option("-f, --force", "kill running workers too")
    .option("--json", "print JSON")
    .action(run(async (ctx, opts) => (await commands.lifecycle()).killAll(ctx, opts)));
  program
    .command("attach <feature>")
    .description("attach to a worker's tmux session (switches client inside tmux)")
    .action(run(async (ctx, feature: string) => (await commands.lifecycle()).attach(ctx, feature)));
  program
    .command("send [feature] [text...]")
    .description("type text into a worker's agent and press Enter (--all: every running worker)")
    .option("--all", "send to every running worker")
    .option("--json", "print JSON")
    .action(
      run(async (ctx, feature: string | undefined, text: string[], opts) =>
        (await commands.lifecycle()).send(ctx, feature, text, opts),
      ),
    );
  program
    .command("report <status>")
    .description("worker side: set .worker-status to done|failed and write .worker-result.md")
    .option("-m, --message <text>", "the result (or error) text")
    .option("-F, --file <file>", "read the result from a file ('-' for stdin)")
    .action(run(async (ctx, status: string, opts) => (await commands.worker()).report(ctx, status, opts)));

  program
    .command("plan <documents...>")
    .description("Phase 0/1: turn work-item documents into a reviewable plan of parallel workers")
    .option("--json", "print the plan as JSON")
    .option("--format <format>", "markdown (the Work Item Manifest), json or mermaid", "markdown")
    .option("--workers <n>", "aim for n workers (default 2-4)")
    .option("-o, --output <file>", "also write the plan JSON to <file>")
    .option("-y, --yes", "accept the plan without asking (wo setup then uses it)")
    .action(run(async (ctx, docs: string[], opts) => (await commands.plan()).plan(ctx, docs, opts)));
  program
    .command("setup [inputs...]")
    .description(
      "Phase 2: worktrees, branches, kickoff prompts and launch scripts for a plan (plan.json or documents)",
    )
    .option("--spawn", "start every worker's agent in tmux")
    .option("--guard", "install a pre-commit hook rejecting changes outside each worker's scope")
    .option("--base <ref>", "start worker branches from <ref>")
    .addOption(new Option("--agent <name>", "agent preset for --spawn and the launch scripts"))
    .option("--agent-cmd <command>", 'any agent: "cmd --flag {prompt}"')
    .option("--workers <n>", "when planning from documents: aim for n workers")
    .option("--json", "print JSON")
    .action(
      run(async (ctx, inputs: string[], opts) => (await commands.orchestrate()).setup(ctx, inputs, opts)),
    );
  program
    .command("monitor")
    .description("Phase 3: Worker Status Report, alerts and recommended actions from commits, files and tmux")
    .option("--watch", "refresh on commits and status changes")
    .option("--notify", "send the Resume Work prompt to workers whose [NEEDS] is satisfied")
    .option("--base <ref>", "the branch workers started from")
    .option("--forecast", "also forecast merge conflicts between worker branches (nothing is changed)")
    .option("--json", "print JSON (with --watch: one JSON document per line)")
    .action(run(async (ctx, opts) => (await commands.orchestrate()).monitor(ctx, opts)));
  program
    .command("resume [feature]")
    .description("restart a dead or stalled worker with a continuation prompt from its checkpoints")
    .option("--all", "every dead worker")
    .option("-f, --force", "restart even if its agent is still running")
    .addOption(new Option("--agent <name>", "agent preset"))
    .option("--agent-cmd <command>", 'any agent: "cmd --flag {prompt}"')
    .option("--json", "print JSON")
    .action(
      run(async (ctx, feature: string | undefined, opts) =>
        (await commands.orchestrate()).resume(ctx, feature, opts),
      ),
    );
  program
    .command("integrate <name>")
    .description("Phase 4: merge finished workers into integration/<name> (--dry-run forecasts conflicts)")
    .option("--dry-run", "simulate every merge with git merge-tree; change nothing")
    .option("--only <workers>", "only these workers, merged in this order (comma-separated)")
    .option("--skip <workers>", "leave these workers out (comma-separated)")
    .option("--include-incomplete", "also merge workers that have not finished")
    .option("--test <command>", "run your test command on the integrated result")
    .option("--test-timeout <duration>", "stop the test after this long (90s, 10m, 1h; a number is seconds)")
    .option("--into <branch>", "after all checks pass, merge the integration branch into <branch>")
    .option("--stop-on-conflict", "leave a conflicting merge open for manual resolution")
    .option("--abort", "roll back an interrupted or open integration")
    .option("--strict-scope", "refuse when a worker changed files outside its scope")
    .option("--base <ref>", "the branch workers started from")
    .option("--report <file>", "also write the integration report (markdown) to <file>")
    .option("--json", "print JSON")
    .action(run(async (ctx, name: string, opts) => (await commands.integrate()).integrate(ctx, name, opts)));
  program
    .command("cleanup")
    .description("remove finished workers' sessions, worktrees and merged branches; report orphans")
    .option("--integration <name>", "branches count as merged when integration/<name> contains them")
    .option("-f, --force", "also running workers, dirty worktrees and unmerged branches (work is lost)")
    .option("--only <workers>", "only these workers (comma-separated)")
    .option("--delete-remote", "also delete the worker branches on the remote")
    .option("--remote <name>", "the remote for --delete-remote", "origin")
    .option("--json", "print JSON")
    .action(run(async (ctx, opts) => (await commands.integrate()).cleanup(ctx, opts)));
  program
    .command("checkpoint [message...]")
    .description(
      "worker side: commit staged work as [CHECKPOINT] <message> (or --complete, --blocked, --needs)",
    )
    .option("-a, --all", "commit all tracked changes, not only staged ones")
    .option("--complete", "commit as [COMPLETE]")
    .option("--blocked <reason>", "commit as [BLOCKED:<reason>]")
    .option("--needs <worker/item>", "commit as [NEEDS:<worker>/<item>]")
    .action(
      run(async (ctx, words: string[], opts) => (await commands.worker()).checkpoint(ctx, words, opts)),
    );

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version" ||
        error.code === "commander.help"
      ) {
        return 0;
      }
      return 2;
    }
    return reportError(error, io, errColors);
  }
  return exitCode;
}
