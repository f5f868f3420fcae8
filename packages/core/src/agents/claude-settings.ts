import { readFileSync } from "node:fs";
import path from "node:path";
import { WoError } from "../errors.js";

/**
 * `argv` with `additions` merged into its Claude Code `--settings` (Claude Code reads one `--settings`; a second one
 * replaces the first): an inline JSON value or a settings file already in the template is read and merged, the
 * additions win key by key at the top level (`hooks` are merged per event), and the result is passed inline as one
 * `--settings` right after the program. Every adapter function that adds Claude Code settings goes through this.
 */
export function withClaudeSettings(
  argv: readonly string[],
  additions: Record<string, unknown>,
  cwd: string,
): string[] {
  const rest: string[] = [];
  let current: Record<string, unknown> = {};
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--settings" && i + 1 < argv.length) {
      current = { ...current, ...settingsValue(argv[++i] as string, cwd) };
    } else if (arg.startsWith("--settings=")) {
      current = { ...current, ...settingsValue(arg.slice("--settings=".length), cwd) };
    } else rest.push(arg);
  }
  const merged: Record<string, unknown> = { ...current, ...additions };
  if (isRecord(current.hooks) && isRecord(additions.hooks)) {
    const hooks: Record<string, unknown> = { ...current.hooks };
    for (const [event, list] of Object.entries(additions.hooks)) {
      const before = hooks[event];
      hooks[event] = Array.isArray(before) && Array.isArray(list) ? [...before, ...list] : list;
    }
    merged.hooks = hooks;
  }
  return [argv[0] as string, "--settings", JSON.stringify(merged), ...rest];
}

/** A `--settings` value: inline JSON (starts with `{`) or a file path relative to the agent's working directory. */
function settingsValue(value: string, cwd: string): Record<string, unknown> {
  const inline = value.trimStart().startsWith("{");
  const where = inline ? "the --settings value of the agent command" : path.resolve(cwd, value);
  let text = value;
  try {
    if (!inline) text = readFileSync(where, "utf8");
    const parsed = JSON.parse(text) as unknown;
    if (isRecord(parsed)) return parsed;
  } catch (error) {
    throw new WoError(
      "E_AGENT",
      `Cannot read Claude Code settings from ${where}: ${(error as Error).message}`,
      {
        hint: "Pass --settings a JSON object or a readable JSON file in the agent command",
        cause: error,
      },
    );
  }
  throw new WoError("E_AGENT", `Claude Code settings in ${where} are not a JSON object`, {
    hint: "Pass --settings a JSON object or a readable JSON file in the agent command",
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}
