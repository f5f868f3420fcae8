import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { Command, CommanderError, CommandUnknownOpts } from "@commander-js/extra-typings";
import type { Orchestrator } from "@wo/core";
import type { Run } from "./command.js";
import type { Context } from "./context.js";
import { reportError, UsageError } from "./fail.js";
import { type Colors, colorsFor, type Io, processIo } from "./io.js";

export { installInterruptHandlers } from "./interrupt.js";

declare const __WO_VERSION__: string;
/** The CLI's version (from package.json at build time). */
export const VERSION: string = typeof __WO_VERSION__ === "string" ? __WO_VERSION__ : "0.0.0-dev";

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
  // The parser and the command declarations load together; a command loads @wo/core only when it runs.
  const [{ Command, CommanderError }, { commands }, { addHelpExamples }] = await Promise.all([
    import("@commander-js/extra-typings"),
    import("./commands/index.js"),
    import("./help-examples.js"),
  ]);
  const errColors = colorsFor(io.stderr, io.env, argv.includes("--no-color"));
  const program = declareProgram(new Command("wo"), io);
  const context = contextFor(program, io);
  let exitCode = 0;
  const run: Run = async (action) => {
    exitCode = await action(context());
  };
  for (const command of commands) command.register(program, run);
  addHelpExamples(program);
  addUsageHints(program, errColors);

  if (argv.length === 0) {
    io.stderr.write(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return parseExitCode(error);
    return reportError(error, io, errColors);
  }
  return exitCode;
}

/**
 * The `wo` program as declared, global options and every command, with actions that do nothing: for what reads the
 * declarations (the test that keeps docs/cli.md in step with them).
 */
export async function declaredProgram(io: Io = processIo()): Promise<CommandUnknownOpts> {
  const [{ Command }, { commands }] = await Promise.all([
    import("@commander-js/extra-typings"),
    import("./commands/index.js"),
  ]);
  const program = declareProgram(new Command("wo"), io);
  for (const command of commands) command.register(program, async () => undefined);
  return program as unknown as CommandUnknownOpts;
}

/** The `wo` program with its global options (`-C`, `--no-color`); its output goes to `io`. */
type WoProgram = ReturnType<typeof declareProgram>;

// Global options, help and version, and output through `io`; commander throws instead of exiting.
function declareProgram(program: Command, io: Io) {
  return program
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
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .exitOverride();
}

// The Context is built when an action runs, after the global options are parsed; the orchestrator opens on demand.
function contextFor(program: WoProgram, io: Io): () => Context {
  let orchestrator: Promise<Orchestrator> | undefined;
  return () => {
    const opts = program.opts();
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
}

/**
 * Every parse error (unknown command or option, missing argument) ends with a `hint:` line naming the help of the
 * command that was being parsed, like every other error of wo.
 */
function addUsageHints(command: CommandUnknownOpts, colors: Colors, path: string[] = []): void {
  const name = ["wo", ...path].join(" ");
  command.configureOutput({
    outputError: (text, write) =>
      write(`${colors.red(text.trimEnd())}\n${colors.dim("hint:")} run ${name} --help for its usage\n`),
  });
  for (const sub of command.commands) addUsageHints(sub, colors, [...path, sub.name()]);
}

// Help and version are answers (exit 0); every other parse error is a usage error (exit 2).
function parseExitCode(error: CommanderError): number {
  return error.code === "commander.helpDisplayed" ||
    error.code === "commander.version" ||
    error.code === "commander.help"
    ? 0
    : 2;
}
