import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import type { WoCommand } from "../command.js";

const SHELLS = ["bash", "zsh", "fish"] as const;

/**
 * `wo completion bash|zsh|fish` prints the shell's completion script, and the hidden `wo complete -- <words>` answers
 * it at each Tab. Both come from @bomb.sh/tab, fed with wo's own commander declarations (commands, options,
 * choices), so completion never drifts from the commands; a `<feature>` argument completes the worker worktrees.
 * The library loads only when one of the two runs.
 */
export const completion: WoCommand = {
  register(parent, run) {
    parent
      .command("completion")
      .description("print the shell completion script for bash, zsh or fish")
      .addArgument(parent.createArgument("<shell>", "the shell").choices(SHELLS))
      .action((shell: string) =>
        run(async (ctx) => {
          const root = await completionTree(parent, ctx.cwd);
          root.setup("wo", "wo", shell);
          return 0;
        }),
      );
    parent
      .command("complete", { hidden: true })
      .description("answer a completion request of the shell script: wo complete -- <words>")
      .argument("[words...]")
      .allowUnknownOption()
      .helpOption(false)
      .action((words: string[] = []) =>
        run(async (ctx) => {
          const root = await completionTree(parent, ctx.cwd);
          root.parse(words);
          return 0;
        }),
      );
  },
};

/** The completion tree of @bomb.sh/tab built from the program's commander declarations. */
async function completionTree(program: CommandUnknownOpts, cwd: string) {
  const { RootCommand } = await import("@bomb.sh/tab");
  const root = new RootCommand();
  // Options are looked up on the command being completed, then on the program (commander's default).
  root.optionLookupMode = "parent-first";
  const features = featureCompleter(cwd);
  addOptions(root, program);
  for (const command of program.commands) {
    if ((command as unknown as { _hidden?: boolean })._hidden) continue;
    const node = root.command(command.name(), command.description());
    addOptions(node, command);
    for (const argument of command.registeredArguments) {
      const choices = argument.argChoices;
      const name = argument.name();
      if (choices?.length)
        node.argument(
          name,
          (complete) => {
            for (const c of choices) complete(c, "");
          },
          argument.variadic,
        );
      else if (name === "feature") node.argument(name, features, argument.variadic);
      else node.argument(name, undefined, argument.variadic);
    }
  }
  return root;
}

type Node = import("@bomb.sh/tab").Command;

// Every visible long option, with its choices when it has some; an option taking a value is not boolean.
function addOptions(node: Node, command: CommandUnknownOpts): void {
  for (const option of command.createHelp().visibleOptions(command as never)) {
    const long = option.long?.replace(/^--/, "");
    if (!long) continue;
    const short = option.short?.replace(/^-/, "");
    const takesValue = option.required || option.optional;
    const choices = option.argChoices ?? [];
    if (takesValue) {
      const handler = (complete: (value: string, description: string) => void) => {
        for (const choice of choices) complete(choice, "");
      };
      if (short && short.length === 1) node.option(long, option.description, handler, short);
      else node.option(long, option.description, handler);
    } else if (short && short.length === 1) node.option(long, option.description, short);
    else node.option(long, option.description);
  }
}

/**
 * Feature names for `<feature>` arguments: the directories under the worktree root (`worktrees/`, or
 * `worktreeRoot` of wo.config.json), read from the file system at Tab time — no git, no tmux, no orchestrator.
 */
function featureCompleter(cwd: string) {
  return (complete: (value: string, description: string) => void) => {
    for (const name of worktreeNames(cwd)) complete(name, "worker");
  };
}

function worktreeNames(cwd: string): string[] {
  let dir = path.resolve(cwd);
  while (!existsSync(path.join(dir, ".git"))) {
    const up = path.dirname(dir);
    if (up === dir) return [];
    dir = up;
  }
  // Inside a worker's worktree `.git` is a file naming `<main>/.git/worktrees/<name>`: complete from the main one.
  const gitFile = path.join(dir, ".git");
  const linked = /^gitdir: (.+)[\\/]\.git[\\/]worktrees[\\/][^\\/]+\s*$/.exec(readIfFile(gitFile));
  if (linked?.[1]) dir = path.resolve(dir, linked[1]);
  let root = "worktrees";
  try {
    const config = JSON.parse(readFileSync(path.join(dir, "wo.config.json"), "utf8")) as {
      worktreeRoot?: unknown;
    };
    if (typeof config.worktreeRoot === "string") root = config.worktreeRoot;
  } catch {
    // no or unreadable config: the default root
  }
  try {
    return readdirSync(path.resolve(dir, root), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

function readIfFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
