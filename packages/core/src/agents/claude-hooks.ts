import { readFileSync } from "node:fs";
import path from "node:path";
import type { AgentFile, AgentLaunch, LaunchContext } from "./adapter.js";
import { hookWiring, mergeHookSettings, parseObject, withoutHooks } from "./hooks.js";

/** The Claude Code events wo listens to (docs/agents.md): each moves the worker between running and waiting. */
export const CLAUDE_HOOK_EVENTS = [
  "SessionStart",
  "UserPromptSubmit",
  "PostToolUse",
  "Stop",
  "StopFailure",
  "Notification",
] as const;

/**
 * Claude Code's hooks, through its one `--settings`: added as wo's own settings file, or merged into the one the
 * launch already passes (see the rule on `AgentAdapter.hooks`). A user's settings file wo cannot read is left as it
 * is, without hooks: the worker's state is then read from its pane.
 */
export function claudeHooks(
  argv: readonly string[],
  context: LaunchContext,
  planned: readonly AgentFile[] = [],
): AgentLaunch {
  const wiring = hookWiring("claude", context);
  const own = path.join(context.stateDir, "claude-settings.json");
  const at = argv.findIndex((arg, i) => i > 0 && (arg === "--settings" || arg.startsWith("--settings=")));
  const merge = (base: Record<string, unknown>) =>
    `${JSON.stringify(mergeHookSettings(base, CLAUDE_HOOK_EVENTS, wiring.shell), null, 2)}\n`;
  if (at === -1) {
    const [program = "", ...rest] = argv;
    return {
      argv: [program, "--settings", own, ...rest],
      env: {},
      files: [...wiring.files, { path: own, content: merge({}) }],
    };
  }
  const inline = argv[at]?.startsWith("--settings=");
  const value = inline ? (argv[at] as string).slice("--settings=".length) : (argv[at + 1] ?? "");
  const replaced = (file: string) => {
    const next = [...argv];
    if (inline) next[at] = `--settings=${file}`;
    else next[at + 1] = file;
    return next;
  };
  const asJson = parseObject(value);
  if (asJson) {
    return { argv: replaced(own), env: {}, files: [...wiring.files, { path: own, content: merge(asJson) }] };
  }
  const plannedFile = planned.findLast((file) => file.path === value);
  const text = plannedFile?.content ?? readOrNull(path.resolve(context.worktree, value));
  const base = text === null ? null : parseObject(text);
  if (!base) return { argv: [...argv], env: {}, files: withoutHooks("claude", context) };
  if (plannedFile) {
    return { argv: [...argv], env: {}, files: [...wiring.files, { path: value, content: merge(base) }] };
  }
  return { argv: replaced(own), env: {}, files: [...wiring.files, { path: own, content: merge(base) }] };
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}
