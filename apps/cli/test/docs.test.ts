import { readFile } from "node:fs/promises";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { describe, expect, test } from "vitest";
import { declaredProgram } from "../src/main.js";

const CLI_MD = new URL("../../../docs/cli.md", import.meta.url);
const DESIGN_MD = new URL("../../../docs/design.md", import.meta.url);

/** A command as docs/cli.md must show it: `wo worktree add`, with the flags its declaration has. */
interface Declared {
  path: string;
  /** Each option's spellings: `["--output", "-o"]`. */
  options: string[][];
}

/**
 * Every runnable command of the program as its help lists them (hidden ones, such as the shell completion's
 * callback, and `help` left out; a command with subcommands is only their parent), with its flags.
 */
function declaredCommands(command: CommandUnknownOpts, path: string[] = []): Declared[] {
  const visible = command.createHelp().visibleCommands(command as never);
  return visible
    .filter((sub) => sub.name() !== "help")
    .flatMap((sub) => {
      const subPath = [...path, sub.name()];
      if (sub.commands.length > 0) return declaredCommands(sub, subPath);
      const options = sub.options
        .map((o) => [o.long, o.short].filter((f): f is string => f !== undefined))
        .filter((spellings) => !spellings.includes("--help"));
      return [{ path: `wo ${subPath.join(" ")}`, options }];
    });
}

/**
 * The synopsis cells of docs/cli.md's command tables (`| \`wo x …\` | behaviour |`), keyed by the command's path: the
 * words after `wo` up to the first argument or option.
 */
function documentedSynopses(markdown: string): Map<string, string> {
  const synopses = new Map<string, string>();
  for (const line of markdown.split("\n")) {
    const cell = /^\| `(wo [^|]*?(?:\\\|[^|]*?)*)` \|/.exec(line)?.[1];
    if (cell === undefined) continue;
    const words = cell.split(" ");
    const end = words.findIndex((w, i) => i > 0 && !/^[a-z][a-z-]*$/.test(w));
    const path = words.slice(0, end === -1 ? undefined : end).join(" ");
    // The first row is the command's own; later tables (alerts) only show it in use.
    if (!synopses.has(path)) synopses.set(path, cell);
  }
  return synopses;
}

// Long flags (`--stat`) in a synopsis; short ones stand for options that have no long form.
function flagsIn(synopsis: string): string[] {
  return [...new Set(synopsis.match(/(?<![\w-])--?[a-zA-Z][\w-]*/g) ?? [])];
}

describe("docs/cli.md and the commands' own declarations", async () => {
  const program = await declaredProgram();
  const declared = declaredCommands(program);
  const synopses = documentedSynopses(await readFile(CLI_MD, "utf8"));

  test("the tables list some commands (the parser of docs/cli.md works)", () => {
    expect(synopses.size).toBeGreaterThan(20);
    expect(synopses.get("wo worktree add")).toBe("wo worktree add <feature> [--base <ref>]");
  });

  test.each(declared.map((d) => [d.path, d] as const))(
    "%s is in docs/cli.md with every option it has",
    (_path, command) => {
      const synopsis = synopses.get(command.path);
      expect(synopsis, `${command.path} has no row in docs/cli.md`).toBeDefined();
      const documented = flagsIn(synopsis ?? "");
      const missing = command.options
        .filter((spellings) => !spellings.some((flag) => documented.includes(flag)))
        .map((spellings) => spellings[0]);
      expect(missing, `${command.path}: options missing from its docs/cli.md synopsis`).toEqual([]);
    },
  );

  test("every command and option docs/cli.md shows exists in the program", () => {
    const byPath = new Map(declared.map((d) => [d.path, d]));
    const problems: string[] = [];
    for (const [path, synopsis] of synopses) {
      const command = byPath.get(path);
      if (!command) {
        problems.push(`${path}: no such command`);
        continue;
      }
      for (const flag of flagsIn(synopsis)) {
        if (!command.options.some((spellings) => spellings.includes(flag)))
          problems.push(`${path}: no option ${flag}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("every command that prints JSON has its shape in docs/design.md", async () => {
    const design = await readFile(DESIGN_MD, "utf8");
    const undocumented = declared
      .filter((d) => d.options.some((spellings) => spellings.includes("--json")))
      .map((d) => d.path)
      .filter((path) => !new RegExp(`\`${path}(?: [^\`]*)? --json[^\`]*\``).test(design));
    expect(undocumented).toEqual([]);
  });

  test("the global options are documented at the top", async () => {
    const first = (await readFile(CLI_MD, "utf8")).split("\n")[2] ?? "";
    for (const option of program.options) expect(first).toContain(option.long ?? option.short);
  });
});
