import { randomBytes } from "node:crypto";
import path from "node:path";
import type { AgentFile, LaunchContext, WaitingFor } from "./adapter.js";
import { HOOK_SCRIPT_SOURCE } from "./hook-script.js";

/** The state a worker's agent hooks record, in its agent directory (docs/design.md, "Waiting"). */
export interface AgentHookState {
  /** The run this state belongs to: a fresh id for every spawn; hooks of another run are ignored. */
  run: string;
  /** The adapter that launched the agent (`claude`, `codex`, `gemini`, `aider`, `generic`). */
  agent: string;
  /** Whether the agent's own hooks report its state; without them wo reads its pane. */
  hooks: boolean;
  state: "running" | "waiting";
  waitingFor: WaitingFor | null;
  /** When the last hook reported (ms since the epoch); `null` until one has. */
  at: number | null;
  /** The agent's name for that event (`Stop`, `agent-turn-complete`, …). */
  event: string | null;
  /**
   * The agent reports its turn's end but not the start of the next (Codex's `notify`): its `waiting` ends when its
   * pane changes after it.
   */
  clearsOnActivity?: boolean;
}

/** The file names in a worker's agent directory. */
export const AGENT_FILES = { state: "hook-state.json", program: "hook.cjs" } as const;

/** How one agent's hooks call back into wo: the command (argv and as one shell-quoted line) and the files. */
export interface HookWiring {
  argv: string[];
  shell: string;
  files: AgentFile[];
}

/**
 * The hook command of a worker's agent and the files it needs: the hook program, and the run's initial state
 * (`running`, nothing reported), which replaces whatever an earlier run left. Each call makes a new run id.
 */
export function hookWiring(
  agent: string,
  context: LaunchContext,
  extra: Partial<AgentHookState> = {},
): HookWiring {
  const program = path.join(context.stateDir, AGENT_FILES.program);
  const stateFile = path.join(context.stateDir, AGENT_FILES.state);
  const run = randomBytes(8).toString("hex");
  const argv = [process.execPath, program, stateFile, run, agent];
  return {
    argv,
    shell: argv.map(quote).join(" "),
    files: [
      { path: program, content: HOOK_SCRIPT_SOURCE },
      { path: stateFile, content: initialState({ run, agent, hooks: true, ...extra }) },
    ],
  };
}

/** For an agent without hooks: a state that says so (and replaces an earlier run's), so wo reads its pane. */
export function withoutHooks(agent: string, context: LaunchContext): AgentFile[] {
  const run = randomBytes(8).toString("hex");
  return [
    {
      path: path.join(context.stateDir, AGENT_FILES.state),
      content: initialState({ run, agent, hooks: false }),
    },
  ];
}

function initialState(
  state: Partial<AgentHookState> & { run: string; agent: string; hooks: boolean },
): string {
  const full: AgentHookState = { state: "running", waitingFor: null, at: null, event: null, ...state };
  return `${JSON.stringify(full)}\n`;
}

/** A shell word for a hook command line (Claude Code and Gemini CLI run hook commands through a shell). */
function quote(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Settings `hooks` in the shape Claude Code and Gemini CLI share: `{ Event: [{ hooks: [{ type, command }] }] }`,
 * merged after whatever `base` has for the same events (nothing of `base` is dropped).
 */
export function mergeHookSettings(
  base: Record<string, unknown>,
  events: readonly string[],
  command: string,
): Record<string, unknown> {
  const hooks = { ...(isObject(base.hooks) ? base.hooks : {}) } as Record<string, unknown>;
  for (const event of events) {
    const existing = Array.isArray(hooks[event]) ? (hooks[event] as unknown[]) : [];
    hooks[event] = [...existing, { hooks: [{ type: "command", command }] }];
  }
  return { ...base, hooks };
}

/** Parses a JSON object, or `null` for anything else. */
export function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
