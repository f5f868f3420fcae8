import path from "node:path";
import { WoError } from "../errors.js";
import type { AgentAdapter } from "./adapter.js";
import { aider } from "./aider.js";
import { claude } from "./claude.js";
import { codex } from "./codex.js";
import { splitCommandLine } from "./command-line.js";
import { gemini } from "./gemini.js";
import { generic } from "./generic.js";

export type {
  AgentAdapter,
  AgentFile,
  AgentLaunch,
  ConsentProblem,
  LaunchContext,
  SubmitStyle,
  WaitingFor,
  WaitingPattern,
} from "./adapter.js";
export { agentArgv, findExecutable, splitCommandLine } from "./command-line.js";

/** The built-in adapters, by preset name. */
export const ADAPTERS: Readonly<Record<string, AgentAdapter>> = { claude, codex, aider, gemini };

/**
 * Built-in agent command templates. `{prompt}` is the prompt as one argv element, `{prompt_file}` a file holding it.
 * Each starts the agent interactively with permission prompts off, so it works unattended in its worktree.
 */
export const AGENT_PRESETS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ADAPTERS).map(([name, adapter]) => [name, adapter.template]),
);

/** Which agent to run: a preset/config name, or an explicit command template. */
export interface AgentChoice {
  agent?: string | undefined;
  agentCmd?: string | undefined;
}

/** A resolved agent: its display name, its command template and the adapter that knows how to run it. */
export interface AgentSpec {
  name: string;
  template: string;
  adapter: AgentAdapter;
}

/** Resolves `--agent`/`--agent-cmd` (or config defaults) to a command template. Throws `E_AGENT` for unknown names. */
export function resolveAgent(choice: AgentChoice, custom: Readonly<Record<string, string>> = {}): AgentSpec {
  if (choice.agentCmd) {
    return {
      name: path.basename(splitCommandLine(choice.agentCmd)[0] as string),
      template: choice.agentCmd,
      adapter: adapterFor(choice.agentCmd),
    };
  }
  const name = choice.agent ?? "claude";
  const template = custom[name] ?? AGENT_PRESETS[name];
  if (!template) {
    const known = [...new Set([...Object.keys(AGENT_PRESETS), ...Object.keys(custom)])].join(", ");
    throw new WoError("E_AGENT", `Unknown agent ${JSON.stringify(name)}; known agents: ${known}`, {
      hint: `Use --agent ${Object.keys(AGENT_PRESETS).join("|")}, or --agent-cmd "mycli {prompt}" for any other agent`,
    });
  }
  return { name, template, adapter: custom[name] ? adapterFor(template) : (ADAPTERS[name] ?? generic) };
}

/**
 * The agent of one run of a worker: the agent chosen for this command (`--agent`/`--agent-cmd`) wins, then the
 * command template recorded for the worker at its last setup or spawn (so resume, respawns and `setup --spawn` keep
 * the worker's agent), then the configured default.
 */
export function resolveWorkerAgent(
  chosen: AgentChoice,
  recorded: { name: string | null; template: string | null },
  defaults: AgentChoice,
  custom: Readonly<Record<string, string>> = {},
): AgentSpec {
  if (chosen.agent || chosen.agentCmd) return resolveAgent(chosen, custom);
  if (recorded.template) {
    const spec = resolveAgent({ agentCmd: recorded.template }, custom);
    // The recorded name is kept when it still names this template (a preset or a configured agent).
    const named =
      recorded.name && (custom[recorded.name] ?? AGENT_PRESETS[recorded.name]) === recorded.template;
    return named ? { ...spec, name: recorded.name as string } : spec;
  }
  return resolveAgent(defaults, custom);
}

/** The adapter of a command template: the built-in one whose program it runs, else the generic one. */
export function adapterFor(template: string): AgentAdapter {
  const program = path.basename(splitCommandLine(template)[0] as string);
  return Object.values(ADAPTERS).find((adapter) => adapter.program === program) ?? generic;
}
