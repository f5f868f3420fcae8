import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import {
  createGitRepo,
  createIsolatedTmux,
  type GitRepo,
  type IsolatedTmux,
  tempDir,
  waitFor,
} from "@wo/test-utils";
import { AGENTS_BIN, type AgentName, agentEnv, prepareAgentHome } from "../src/agent-home.js";
import { type ModelServer, startModelServer, type Turn } from "../src/model-server.js";
import { type ProcessInfo, processesWith, workerProcesses } from "../src/processes.js";

/** The real, built `wo` binary. */
export const WO_BIN = path.resolve(import.meta.dirname, "../../../apps/cli/bin/wo.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One worker's row of `wo status --json`, with the fields the suite reads. */
export interface StatusRow {
  feature: string;
  status: string;
  waitingFor?: string | null;
  lastOutput?: string;
}

/** A repository, its own tmux server, a temporary HOME prepared for one agent, and the scripted model. */
export interface AgentWorld {
  agent: AgentName;
  repo: GitRepo;
  tmux: IsolatedTmux;
  model: ModelServer;
  home: string;
  /** The environment every `wo` (and so every agent) runs with. */
  env: NodeJS.ProcessEnv;
  /** Runs the real `bin/wo.js` in the repository (or `cwd`), with the world's environment plus `env`. */
  wo(args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult>;
  worktree(feature: string): string;
  status(feature: string): Promise<StatusRow>;
  /** The pid of the process in the worker's pane (the agent wo started). */
  panePid(feature: string): Promise<number>;
  /** The pane's visible text, for failure messages. */
  screen(feature: string): Promise<string>;
  processes(feature: string, rootPid?: number): ProcessInfo[];
  cleanup(): Promise<void>;
}

/** Whether the pinned agents are installed (`pnpm test:agents` installs them). */
export function agentsInstalled(): boolean {
  return ["claude", "codex", "gemini"].every((name) => existsSync(path.join(AGENTS_BIN, name)));
}

/** Variables of the developer's own shell that would point an agent elsewhere. */
const SCRUB = /^(ANTHROPIC_|CLAUDE|OPENAI_|CODEX_|GEMINI_|GOOGLE_|TMUX|WO_|XDG_)/;

/** Builds the world for `agent` with the model's `script`. Call in `beforeAll`; `cleanup()` in `afterAll`. */
export async function createAgentWorld(agent: AgentName, script: readonly Turn[]): Promise<AgentWorld> {
  const repo = await createGitRepo();
  const tmux = createIsolatedTmux();
  const model = await startModelServer(script);
  const home = await tempDir(`wo-e2e-${agent}-home-`);
  await prepareAgentHome(agent, home, model.url, repo.dir);
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !SCRUB.test(key)));
  const env: NodeJS.ProcessEnv = {
    ...base,
    HOME: home,
    PATH: `${AGENTS_BIN}${path.delimiter}${process.env.PATH ?? ""}`,
    TERM: "xterm-256color",
    ...agentEnv(agent, model.url),
    ...tmux.env,
  };
  const wo = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
    runWo(args, options.cwd ?? repo.dir, { ...env, ...options.env });
  const worktree = (feature: string) => path.join(repo.dir, "worktrees", feature);
  return {
    agent,
    repo,
    tmux,
    model,
    home,
    env,
    wo,
    worktree,
    async status(feature) {
      const result = await wo(["status", feature, "--json"]);
      if (result.code !== 0) throw new Error(`wo status failed: ${result.stderr}`);
      const rows = JSON.parse(result.stdout) as StatusRow[];
      const row = rows.find((r) => r.feature === feature);
      if (!row) throw new Error(`wo status --json has no row for ${feature}: ${result.stdout}`);
      return row;
    },
    async panePid(feature) {
      const out = await tmux.tmux(["list-panes", "-a", "-F", "#{session_name} #{pane_pid}"]);
      const line = out.split("\n").find((l) => l.split(" ")[0] === `wt-${feature}`);
      if (!line) throw new Error(`no tmux pane for ${feature}: ${out}`);
      return Number(line.split(" ")[1]);
    },
    async screen(feature) {
      const out = await tmux.tmux(["list-panes", "-a", "-F", "#{session_name} #{pane_id}"]);
      const pane = out
        .split("\n")
        .find((l) => l.split(" ")[0] === `wt-${feature}`)
        ?.split(" ")[1];
      return pane ? tmux.tmux(["capture-pane", "-p", "-t", pane]) : "(no pane)";
    },
    processes: (feature, rootPid) => workerProcesses(worktree(feature), rootPid),
    async cleanup() {
      await tmux.cleanup();
      // Whatever a failed test left running (a detached agent daemon) has this world's HOME: stop it.
      for (const p of processesWith(`HOME=${home}`)) {
        try {
          process.kill(p.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      await model.close();
      await Promise.all([repo.cleanup(), rm(home, { recursive: true, force: true })]);
    },
  };
}

function runWo(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WO_BIN, ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout: stdout.trim(), stderr: stderr.trim() }));
  });
}

/** Waits for `probe`, and on timeout names what the pane shows, so a failure says where the agent stopped. */
export async function waitForAgent<T>(
  world: AgentWorld,
  feature: string,
  what: string,
  probe: () => T | Promise<T>,
  timeout = 120_000,
): Promise<NonNullable<T>> {
  try {
    return (await waitFor(probe, { timeout, interval: 250, message: what })) as NonNullable<T>;
  } catch (error) {
    const screen = await world.screen(feature).catch(() => "(no pane)");
    const requests = world.model.requests
      .map((r) => `${r.method} ${r.path} ${r.kind} ${r.answered}`)
      .join("\n");
    throw new Error(`${what}: timed out.\n--- pane ---\n${screen}\n--- model requests ---\n${requests}`, {
      cause: error,
    });
  }
}

export async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}
