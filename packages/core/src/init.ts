import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ensureExcludes, openRepository, PROTOCOL_EXCLUDES } from "@wo/worktree";
import { execa } from "execa";
import { AGENT_PRESETS, findExecutable } from "./agents/index.js";
import { CONFIG_FILE, DEFAULT_CONFIG, type WoConfigInput } from "./config.js";
import { WoError } from "./errors.js";

/** Options of `Orchestrator.init`. */
export interface InitOptions {
  /** Directory inside the repository. Default `process.cwd()`. */
  cwd?: string;
  /** Where agents and tools are looked up (`PATH`). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Replace an existing `wo.config.json`. Default false: an existing one is refused with `E_EXISTS`. */
  force?: boolean;
  /** The default agent to write; default: the first of claude, codex, gemini, aider found on `PATH`. */
  agent?: string;
}

/** A program wo runs, as found on `PATH`. */
export interface ToolCheck {
  name: string;
  /** Absolute path, or `null` when it is not on `PATH`. */
  path: string | null;
  /** The first line its `--version` printed, or `null` (not found, or no answer within 5 s). */
  version: string | null;
  /** `git` and `tmux` are required; agents are optional (one is enough). */
  required: boolean;
}

/** What `wo init` did: the file it wrote, the configuration in it, the excludes it added and the tools it found. */
export interface InitResult {
  /** Absolute path of the written `wo.config.json`. */
  file: string;
  /** An existing file was replaced (`force`). */
  replaced: boolean;
  /** The configuration written. */
  config: WoConfigInput;
  /** The agent written as default, and whether it was found on `PATH`. */
  agent: { name: string; found: boolean };
  /** Patterns added to `.git/info/exclude` (the worktree root and the worker files); empty when all were there. */
  excludes: string[];
  tools: ToolCheck[];
}

/** Agents in the order `init` prefers them when several are installed. */
const AGENT_ORDER = ["claude", "codex", "gemini", "aider"] as const;

/**
 * Writes a starting `wo.config.json` at the repository root: the detected (or given) agent, the worktree root, and
 * `.env` in `setup.copyFiles` when there is one; keeps the worktree root and the worker files out of git with
 * `info/exclude`; checks git, tmux and the agents. Refused (`E_EXISTS`) when the file exists, unless `force`.
 */
export async function initRepository(options: InitOptions = {}): Promise<InitResult> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const repo = await openRepository(cwd);
  const file = path.join(repo.root, CONFIG_FILE);
  const replaced = existsSync(file);
  if (replaced && !options.force) {
    throw new WoError("E_EXISTS", `${CONFIG_FILE} already exists in ${repo.root}; it was left as it is`, {
      hint: "Edit it (see docs/configuration.md), or replace it with wo init --force",
    });
  }
  const tools = await checkTools(env, cwd);
  const installed = AGENT_ORDER.find((name) => tools.some((t) => t.name === name && t.path !== null));
  const name = options.agent ?? installed ?? DEFAULT_CONFIG.agent;
  if (!(name in AGENT_PRESETS)) {
    throw new WoError(
      "E_AGENT",
      `Unknown agent ${JSON.stringify(name)}; known agents: ${AGENT_ORDER.join(", ")}`,
      {
        hint: 'Pick one of them, or set "agentCmd" in wo.config.json afterwards for any other agent',
      },
    );
  }
  const config: WoConfigInput = {
    agent: name,
    worktreeRoot: DEFAULT_CONFIG.worktreeRoot,
    branchPrefix: DEFAULT_CONFIG.branchPrefix,
    setup: { copyFiles: existsSync(path.join(repo.root, ".env")) ? [".env"] : [] },
    monitor: { stallMinutes: DEFAULT_CONFIG.monitor.stallMinutes },
  };
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`);
  const excludes = await ensureExcludes(repo, [`/${DEFAULT_CONFIG.worktreeRoot}/`, ...PROTOCOL_EXCLUDES]);
  const found = tools.some((t) => t.name === name && t.path !== null);
  return { file, replaced, config, agent: { name, found }, excludes, tools };
}

/**
 * git and tmux (unless `tools` is false) and the agent programs `agents` (default: every preset): where each is and
 * what `--version` says (all asked at once).
 */
export async function checkTools(
  env: NodeJS.ProcessEnv,
  cwd: string,
  { agents = AGENT_ORDER, tools = true }: { agents?: readonly string[]; tools?: boolean } = {},
): Promise<ToolCheck[]> {
  const programs: Array<{ name: string; flag: string; required: boolean }> = [
    ...(tools
      ? [
          { name: "git", flag: "--version", required: true },
          { name: "tmux", flag: "-V", required: true },
        ]
      : []),
    ...agents.map((name) => ({ name, flag: "--version", required: false })),
  ];
  return Promise.all(
    programs.map(async ({ name, flag, required }) => {
      const where = findExecutable(name, env, cwd);
      if (where === null) return { name, path: null, version: null, required };
      const answer = await execa(where, [flag], { env, cwd, reject: false, timeout: 5000, stdin: "ignore" });
      const first = `${answer.stdout}`.split("\n").find((line) => line.trim() !== "");
      return { name, path: where, version: answer.exitCode === 0 && first ? first.trim() : null, required };
    }),
  );
}
