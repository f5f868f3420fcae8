import { closeSync, constants, fstatSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AgentAdapter, WaitingFor } from "./agents/adapter.js";
import { generic } from "./agents/generic.js";
import { AGENT_FILES, type AgentHookState } from "./agents/hooks.js";
import { ADAPTERS } from "./agents/index.js";
import { PROMPT_PATTERNS, trimFrame } from "./agents/pane-text.js";

/** An agent without hooks whose pane has not changed for this long is taken to wait for input. */
export const QUIET_MS = 90_000;
/** How far up the pane a dialog's question may be (its options and key hints are below it). */
const DIALOG_LINES = 12;
/** A pane change this long after a `clearsOnActivity` state's time means the agent works again. */
const ACTIVITY_GRACE_MS = 2000;

/**
 * What a worker's agent hooks last recorded (in its agent directory), or `null` when there is nothing readable:
 * a worker spawned before wo had hooks, or a file that is not wo's. Synchronous, like the protocol files: `wo status`
 * reads one per worker, and a file of a few hundred bytes is read faster than a round trip through the thread pool.
 */
export function readAgentState(agentDir: string): AgentHookState | null {
  let value: unknown;
  try {
    value = JSON.parse(readStateFile(path.join(agentDir, AGENT_FILES.state)));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const s = value as Partial<AgentHookState>;
  if (typeof s.run !== "string" || typeof s.agent !== "string" || typeof s.hooks !== "boolean") return null;
  const waitingFor = WAITING_FOR.includes(s.waitingFor as WaitingFor) ? (s.waitingFor as WaitingFor) : null;
  return {
    run: s.run,
    agent: s.agent,
    hooks: s.hooks,
    state: s.state === "waiting" && waitingFor ? "waiting" : "running",
    waitingFor,
    at: typeof s.at === "number" ? s.at : null,
    event: typeof s.event === "string" ? s.event : null,
    ...(s.clearsOnActivity === true ? { clearsOnActivity: true } : {}),
  };
}

const WAITING_FOR: readonly WaitingFor[] = ["permission", "input", "dialog", "turn-ended"];

/** A regular file's text; throws for anything else, and never waits on a FIFO put in its place (`O_NONBLOCK`). */
function readStateFile(file: string): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${file} is not a regular file`);
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

/** The adapter of a worker's agent: the one its state names, else the one of its recorded agent name. */
export function adapterNamed(name: string | null | undefined): AgentAdapter {
  return (name ? ADAPTERS[name] : undefined) ?? generic;
}

/** Everything {@link agentView} looks at, for one live agent. */
export interface AgentViewInput {
  adapter: AgentAdapter;
  state: AgentHookState | null;
  /** The pane's last lines, oldest first. */
  lines: readonly string[];
  /** When the pane last changed (ms since the epoch), if tmux said. */
  activityAt: number | null;
  now: number;
}

/** Whether a live agent waits for a person, and the line to show for it. */
export interface AgentView {
  waitingFor: WaitingFor | null;
  /** The last line that says something (chrome skipped); for a dialog or prompt, its question. */
  lastOutput: string;
}

/**
 * Whether a live agent waits for a person, in this order: a dialog or prompt its pane shows (the adapter's
 * patterns over the last lines, the shared command-line prompts on the last line); what its hooks recorded; for
 * an agent without hooks, no pane change for {@link QUIET_MS}. Pure.
 */
export function agentView(input: AgentViewInput): AgentView {
  const { adapter, state, activityAt, now } = input;
  const shown = input.lines
    .filter((line) => !adapter.isChrome(line))
    .map((line) => trimFrame(line).trimEnd());
  const last = shown.at(-1) ?? "";
  for (const line of shown.slice(-DIALOG_LINES).reverse()) {
    const match = adapter.waitingPatterns.find((p) => p.pattern.test(line));
    if (match) return { waitingFor: match.waitingFor, lastOutput: line };
  }
  const prompt = PROMPT_PATTERNS.find((p) => p.pattern.test(last));
  if (prompt) return { waitingFor: prompt.waitingFor, lastOutput: last };
  if (state?.hooks) {
    if (state.state !== "waiting" || !state.waitingFor) return { waitingFor: null, lastOutput: last };
    const resumed =
      state.clearsOnActivity &&
      state.at !== null &&
      activityAt !== null &&
      activityAt > state.at + ACTIVITY_GRACE_MS;
    return { waitingFor: resumed ? null : state.waitingFor, lastOutput: last };
  }
  const quiet = activityAt !== null && now - activityAt >= QUIET_MS;
  return { waitingFor: quiet ? "input" : null, lastOutput: last };
}
