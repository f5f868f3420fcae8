import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { paneTarget, serverArgs } from "@wo/tmux";
import { archiveWorkerResult, PROTOCOL_FILES, validateFeatureName, writeWorkerStatus } from "@wo/worktree";
import { newRunId, RUN_ID_VARIABLE, stopAgentProcesses } from "./agent-processes.js";
import type { ConsentProblem } from "./agents/adapter.js";
import { AGENT_PRESETS, type AgentChoice, findExecutable, resolveWorkerAgent } from "./agents/index.js";
import { planLaunch } from "./agents/launch.js";
import { WoError } from "./errors.js";
import { LAUNCHER_SOURCE } from "./launcher.js";
import { workerPrompt } from "./prompts.js";
import { shellQuote } from "./scripts.js";
import { decodeWorkerMeta, validateTaskText, writeWorkerMeta } from "./worker-meta.js";
import { killSessionIfAny, ownSessions, readAllPanes, readRecords, type WorkerRecord } from "./workers.js";
import type { Workspace } from "./workspace.js";

/** Options of `Orchestrator.spawn`. */
export interface SpawnOptions extends AgentChoice {
  /** Extra environment for the agent (over the environment of the spawning command). */
  env?: Record<string, string>;
  /**
   * The complete prompt, used as is (a kickoff or continuation prompt that already carries the protocol). Default:
   * the task followed by the result-collection and commit protocols.
   */
  prompt?: string;
}

/** What `Orchestrator.spawn` started. */
export interface SpawnResult {
  feature: string;
  session: string;
  worktree: string;
  branch: string | null;
  agent: string;
  /** The agent's argv (prompt included). */
  argv: string[];
  port: number;
  startedAt: string;
}

/**
 * Starts an agent on `task` in the worktree of `feature`, in tmux session `wt-<feature>`. Refused without a
 * worktree, while the worker's session is alive, and when the agent's program is not installed.
 */
export async function spawnWorker(
  ws: Workspace,
  feature: string,
  task: string,
  options: SpawnOptions = {},
): Promise<SpawnResult> {
  validateFeatureName(feature);
  refuseUnspawnableText(feature, task, options.prompt);
  if (task.trim() === "") {
    throw new WoError("E_INPUT", `Cannot spawn ${feature}: the task is empty`, {
      hint: `Describe the work: wo spawn ${feature} "<task>"`,
    });
  }
  validateTaskText(feature, task);
  const records = await readRecords(ws);
  const record = records.find((r) => r.feature === feature);
  if (!record) {
    throw new WoError("E_NO_WORKTREE", `Cannot spawn ${feature}: it has no worktree`, {
      hint: `Create it first: wo worktree add ${feature}`,
    });
  }
  if (record.metaProblem) {
    throw new WoError("E_INPUT", `Cannot spawn ${feature}: ${record.metaProblem}`, {
      hint: `Fix or delete ${path.join(record.path, PROTOCOL_FILES.meta)}`,
    });
  }
  const allPanes = await readAllPanes(ws);
  const sessions = ownSessions(ws, allPanes);
  const pane = sessions.get(record.session)?.pane ?? null;
  if (!pane && allPanes.some((p) => p.session === record.session)) {
    throw await foreignSessionError(ws, feature, record.session);
  }
  if (pane?.alive) {
    throw new WoError(
      "E_ALREADY_RUNNING",
      `Worker ${feature} is already running (tmux session ${record.session})`,
      {
        hint: `Stop it first (wo kill ${feature}), or talk to it: wo send ${feature} "<text>"`,
      },
    );
  }

  // An agent chosen for this spawn wins, then the worker's recorded agent, then the configured default.
  const meta = decodeWorkerMeta(record.meta);
  const agent = resolveWorkerAgent(
    options,
    { name: meta.spawn.agent, template: meta.agentTemplate },
    { agent: ws.config.agent, agentCmd: ws.config.agentCmd },
    ws.config.agents,
  );
  const promptText = options.prompt ?? workerPrompt(task);
  const promptFile = ws.paths.prompt(feature);
  // The agent runs with the environment of this command (so keys exported in the user's shell reach it).
  const env = { ...definedOnly(ws.env), ...options.env };
  const context = {
    feature,
    worktree: record.path,
    repoRoot: ws.repo.root,
    stateDir: ws.paths.agent(feature),
    env,
  };
  const launch = planLaunch(agent, { text: promptText, file: promptFile }, context);
  const argv = launch.argv;
  refuseOversizedArguments(feature, argv);
  const program = argv[0] as string;
  if (!findExecutable(program, env, record.path)) {
    throw new WoError(
      "E_AGENT_NOT_FOUND",
      `Cannot spawn ${feature}: the agent program "${program}" is not installed or not on PATH`,
      {
        hint: `Install it, or pick another agent: --agent ${Object.keys(AGENT_PRESETS).join("|")} or --agent-cmd "mycli {prompt}"`,
      },
    );
  }
  refuseMissingConsent(feature, agent.adapter.consent?.(argv, context) ?? []);

  // A dead pane from a previous run still holds the session name.
  if (pane) await killSessionIfAny(ws, record.session, sessions);
  const startedAt = ws.now().toISOString();
  const port = allocatePort(ws, records, record);
  await mkdir(path.dirname(promptFile), { recursive: true });
  await writeFile(promptFile, promptText);
  await archiveResult(ws, record);
  await writeWorkerMeta(record.path, {
    feature,
    ...(record.branch ? { branch: record.branch } : {}),
    port,
    agentTemplate: agent.template,
    spawn: { session: record.session, task, agent: agent.name, startedAt },
  });
  await writeWorkerStatus(record.path, "running");
  await rm(ws.paths.killRequest(feature), { force: true });
  for (const file of launch.files) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.content, { mode: 0o600 });
  }
  // Processes a previous run left behind (detached ones survive their pane) go before the new run starts.
  await stopAgentProcesses(ws, feature);
  const workerEnv = {
    WO_FEATURE: feature,
    WO_WORKTREE: record.path,
    WO_PORT: String(port),
    [RUN_ID_VARIABLE]: newRunId(ws, feature),
  };
  // The spec holds the whole environment (keys included): 0600, and the launcher deletes it once read.
  const specFile = ws.paths.launch(feature);
  await mkdir(path.dirname(specFile), { recursive: true });
  await rm(specFile, { force: true });
  await writeFile(
    specFile,
    `${JSON.stringify({ argv, env: { ...env, ...launch.env, ...options.env, ...workerEnv } }, null, 2)}\n`,
    { mode: 0o600 },
  );
  await ws.tmux.newSession({
    name: record.session,
    owner: ws.owner,
    cwd: record.path,
    command: [process.execPath, "-e", LAUNCHER_SOURCE, specFile],
    // Only wo's own variables go on tmux's command line; the launcher and the forwarder carry them too, so every
    // process of the worker has its run id.
    env: workerEnv,
  });
  if (launch.firstMessage !== null)
    await typeFirstMessage(ws, record.session, launch.firstMessage, agent.adapter);
  return {
    feature,
    session: record.session,
    worktree: record.path,
    branch: record.branch,
    agent: agent.name,
    argv,
    port,
    startedAt,
  };
}

/**
 * What the user must settle once (see `AgentAdapter.consent`) refuses the spawn in one line, before anything changed:
 * a worker never sits behind a dialog nobody sees. The first problem is named; `wo doctor` lists them all.
 */
function refuseMissingConsent(feature: string, problems: ConsentProblem[]): void {
  const [first] = problems;
  if (!first) return;
  const more = problems.length > 1 ? ` (${problems.length - 1} more: wo doctor lists them)` : "";
  throw new WoError("E_AGENT_CONSENT", `Cannot spawn ${feature}: ${first.message}${more}`, {
    hint: first.hint,
  });
}

/** How long wo waits for an agent that takes its prompt as a typed first message to show its input. */
const FIRST_MESSAGE_WAIT_MS = 20_000;

/**
 * Types the prompt as the agent's first message (`promptDelivery: "typed"`), once its pane has shown output that
 * stopped changing — typed earlier, the text would reach the terminal before the agent reads it as one paste.
 */
async function typeFirstMessage(
  ws: Workspace,
  session: string,
  text: string,
  adapter: { submit: { pasteDelayMs: number } },
): Promise<void> {
  const target = paneTarget(session);
  const deadline = Date.now() + FIRST_MESSAGE_WAIT_MS;
  let previous = "";
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const screen = (await ws.tmux.capturePane(target).catch(() => [])).join("\n");
    if (screen.trim() !== "" && screen === previous) break;
    previous = screen;
  }
  await ws.tmux.sendText(target, text, { enterDelayMs: Math.max(adapter.submit.pasteDelayMs, 300) });
}

/** The environment without unset entries (a launch spec holds strings only). */
function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/**
 * Text no process can receive is refused before anything changes: a NUL byte ends a C string, so the agent would
 * die at once (`ERR_INVALID_ARG_VALUE`) after wo had said "Spawned".
 */
function refuseUnspawnableText(feature: string, task: string, prompt: string | undefined): void {
  for (const [what, text] of [
    ["task", task],
    ["prompt", prompt ?? ""],
  ] as const) {
    if (text.includes("\0")) {
      throw new WoError("E_INPUT", `Cannot spawn ${feature}: the ${what} contains a NUL byte`, {
        hint: "Remove the NUL (\\0) bytes: an agent cannot receive them (is the task file binary?)",
      });
    }
  }
}

/** Linux refuses any single argument longer than this (`MAX_ARG_STRLEN`, 32 pages, with its terminating NUL). */
const MAX_ARGUMENT_BYTES = 128 * 1024;

/**
 * An agent gets `{prompt}` as one argument; one over the kernel's limit would make its start fail with `E2BIG` in
 * the pane. Refused up front, naming the limit and the way around it (`{prompt_file}`).
 */
function refuseOversizedArguments(feature: string, argv: readonly string[]): void {
  const largest = Math.max(...argv.map((arg) => Buffer.byteLength(arg)));
  if (largest < MAX_ARGUMENT_BYTES) return;
  throw new WoError(
    "E_INPUT",
    `Cannot spawn ${feature}: the prompt is ${Math.ceil(largest / 1024)} KiB, and an agent gets it as one argument, which Linux limits to 128 KiB`,
    {
      hint: 'Shorten the task, or use an agent that reads the prompt from a file: --agent-cmd "mycli --prompt-file {prompt_file}"',
    },
  );
}

/**
 * The refusal to start a worker whose session name is held by a session that is not this repository's worker:
 * another repository's (named when it recorded where it is), a user's own, or one an older wo started without an
 * owner. wo never kills or reuses it.
 */
async function foreignSessionError(ws: Workspace, feature: string, session: string): Promise<WoError> {
  const label = await ws.tmux.sessionOwnerLabel(session).catch(() => null);
  const whose = label
    ? `belongs to another repository (${/[\0-\x1f]/.test(label) ? JSON.stringify(label) : label})`
    : "was not started by wo for this repository (a session of your own, or one an older wo started)";
  const rename = [
    "tmux",
    ...serverArgs(ws.tmux.server),
    "rename-session",
    "-t",
    `=${session}`,
    `${session}-old`,
  ]
    .map((word) => (/^[\w=./:@%+,-]+$/.test(word) ? word : shellQuote(word)))
    .join(" ");
  return new WoError("E_SESSION_TAKEN", `Cannot spawn ${feature}: tmux session ${session} ${whose}`, {
    hint: `Rename or end that session (${rename}), or give this repository its own session names or tmux server: set sessionPrefix or tmux.socket in wo.config.json`,
  });
}

/** The worker's recorded port when no other worker holds it, else the lowest free one from `ports.base`. */
function allocatePort(ws: Workspace, records: WorkerRecord[], self: WorkerRecord): number {
  const own = decodeWorkerMeta(self.meta).port;
  const taken = new Set(
    records
      .filter((r) => r !== self)
      .map((r) => decodeWorkerMeta(r.meta).port)
      .filter((p): p is number => p !== null),
  );
  if (own !== null && !taken.has(own)) return own;
  let port = ws.config.ports.base;
  while (taken.has(port)) port += 1;
  return port;
}

/** A result from an earlier run is moved to the state directory (with its status) rather than overwritten or deleted. */
async function archiveResult(ws: Workspace, record: WorkerRecord): Promise<void> {
  await archiveWorkerResult(record.path, ws.paths.results(record.feature), {
    feature: record.feature,
    reason: "respawn",
    move: true,
    now: ws.now(),
  });
}
