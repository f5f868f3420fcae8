import { readFileSync } from "node:fs";
import path from "node:path";
import type { AgentLaunch, LaunchContext } from "./adapter.js";
import { hookWiring, mergeHookSettings, parseObject } from "./hooks.js";

/** The Gemini CLI events wo listens to (docs/agents.md). */
export const GEMINI_HOOK_EVENTS = ["BeforeAgent", "AfterTool", "AfterAgent", "Notification"] as const;

/** Where Gemini CLI reads the machine's system defaults when `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` is not set (Linux). */
const SYSTEM_DEFAULTS = "/etc/gemini-cli/system-defaults.json";

/**
 * Gemini CLI's hooks, without touching `~/.gemini` or the worktree: `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` points at wo's
 * copy of the system defaults (the machine's own, when it has any) with wo's hooks added and hooks enabled. The
 * defaults are Gemini's lowest settings layer and it joins `hooks` across layers, so the user's settings still win
 * and the user's own hooks still run.
 */
export function geminiHooks(argv: readonly string[], context: LaunchContext): AgentLaunch {
  const wiring = hookWiring("gemini", context);
  const file = path.join(context.stateDir, "gemini-system-defaults.json");
  const source = context.env.GEMINI_CLI_SYSTEM_DEFAULTS_PATH || SYSTEM_DEFAULTS;
  let base: Record<string, unknown> = {};
  try {
    base = parseObject(readFileSync(source, "utf8")) ?? {};
  } catch {
    // no system defaults on this machine
  }
  const hooksConfig = { ...(asObject(base.hooksConfig) ?? {}), enabled: true };
  const settings = mergeHookSettings({ ...base, hooksConfig }, GEMINI_HOOK_EVENTS, wiring.shell);
  return {
    argv: [...argv],
    env: { GEMINI_CLI_SYSTEM_DEFAULTS_PATH: file },
    files: [...wiring.files, { path: file, content: `${JSON.stringify(settings, null, 2)}\n` }],
  };
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}
