import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
import type { Context, ExitCode } from "./context.js";

/**
 * One `wo` command as its module declares it: `register` adds it (arguments, options, action) to its parent.
 * `main()` registers every command in `commands/index.ts` in help order.
 */
export interface WoCommand {
  register(parent: CommandUnknownOpts, run: Run): void;
}

/**
 * How `main()` runs an action: it builds the {@link Context} only then (so `-C` is parsed and checked first) and
 * keeps the exit code the action returns.
 */
export type Run = (action: (ctx: Context) => Promise<ExitCode>) => Promise<void>;

/**
 * Defines a command from its commander declaration and its action. The action's argument and option types are
 * inferred from the declaration (by `@commander-js/extra-typings`), so a flag is written once.
 */
export function defineCommand<C extends CommandUnknownOpts>(
  declare: (parent: CommandUnknownOpts) => C,
  action: (ctx: Context, ...args: ActionArgs<C>) => Promise<ExitCode>,
): WoCommand {
  return {
    register(parent, run) {
      // Commander passes the arguments, the options, then the command itself, which actions do not use.
      declare(parent).action((...args: unknown[]) =>
        run((ctx) => action(ctx, ...(args.slice(0, -1) as ActionArgs<C>))),
      );
    },
  };
}

/** A declared command's action arguments: its positional arguments, then its options. */
type ActionArgs<C> = C extends Command<infer Args, infer Opts, infer _Globals> ? [...Args, Opts] : never;
