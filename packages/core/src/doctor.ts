import path from "node:path";
import { openRepository } from "@wo/worktree";
import { execa } from "execa";
import type { ConsentProblem, LaunchContext } from "./agents/adapter.js";
import { acceptClaudeConsent, type ClaudeConsentFix } from "./agents/claude-config.js";
import { ADAPTERS, type AgentSpec, resolveAgent } from "./agents/index.js";
import { launchArgvWithoutPrompt } from "./agents/launch.js";
import { loadConfig } from "./config.js";
import { checkTools, type ToolCheck } from "./init.js";

/** Options of `Orchestrator.doctor`. */
export interface DoctorOptions {
  /** Directory inside the repository (outside one, the checks use this directory). Default `process.cwd()`. */
  cwd?: string;
  /** The environment of the command: `PATH`, `HOME`, `CLAUDE_CONFIG_DIR`, `ANTHROPIC_API_KEY`, `IS_SANDBOX`, … */
  env?: NodeJS.ProcessEnv;
  /** Record the user's consent the agents still need (Claude Code's trust, onboarding, key approval), with a backup. */
  fix?: boolean;
  now?: () => Date;
}

/** What `wo doctor` found about one agent. */
export interface AgentDiagnosis {
  /** Preset name, or the configured agent's name. */
  name: string;
  /** The program it runs. */
  program: string;
  /** Where the program is, or `null` when it is not installed. */
  path: string | null;
  /** The first line of its `--version`, or `null`. */
  version: string | null;
  /** The flags wo starts it with, and whether each appears in its `--help` (`[]` when it is not installed). */
  flags: Array<{ flag: string; inHelp: boolean }>;
  /** What the user must settle once in this repository before it can run unattended. */
  consent: ConsentProblem[];
  /** This is the agent `wo spawn` starts by default (the configured one). */
  configured: boolean;
}

/** `wo doctor`: what wo needs, found or missing. */
export interface DoctorReport {
  /** Everything the configured agent needs is fine (installed, flags known, no consent missing, git and tmux there). */
  ok: boolean;
  /** The repository checked (its main checkout), or `null` outside one. */
  repository: string | null;
  /** The configured default agent's name. */
  agent: string;
  agents: AgentDiagnosis[];
  /** git and tmux. */
  tools: ToolCheck[];
  /** wo runs as root (uid 0); `sandbox` is `IS_SANDBOX=1`. */
  root: { isRoot: boolean; sandbox: boolean };
  /** What `--fix` wrote, or `null` when it was not asked for or had nothing to write. */
  fixed: ClaudeConsentFix | null;
}

/**
 * Checks every known agent (installed, version, preset flags in its `--help`, consent missing for this repository),
 * git and tmux, and the root case. With `fix`, first records the consent Claude Code still needs (only those entries,
 * after a backup). Never starts an agent session.
 */
export async function diagnose(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const now = options.now ?? (() => new Date());
  const repo = await openRepository(cwd).catch(() => null);
  const config = repo ? await loadConfig(repo.root).catch(() => null) : null;
  const root = repo?.root ?? path.resolve(cwd);
  const configured = resolveAgent({ agent: config?.agent, agentCmd: config?.agentCmd }, config?.agents ?? {});
  const context: LaunchContext = { feature: "", worktree: root, repoRoot: root, stateDir: "", env };
  let fixed: ClaudeConsentFix | null = null;
  if (options.fix) {
    const result = await acceptClaudeConsent(context, now());
    fixed = result.changed.length > 0 ? result : null;
  }
  const specs: AgentSpec[] = Object.values(ADAPTERS).map((adapter) => ({
    name: adapter.name,
    template: adapter.template,
    adapter,
  }));
  if (!specs.some((s) => s.template === configured.template)) specs.push(configured);
  const [agents, tools] = await Promise.all([
    Promise.all(specs.map((spec) => diagnoseAgent(spec, context, spec.template === configured.template))),
    checkTools(env, root, { agents: [] }),
  ]);
  const mine = agents.find((a) => a.configured);
  const ok =
    tools.every((t) => t.path !== null) &&
    mine !== undefined &&
    mine.path !== null &&
    mine.flags.every((f) => f.inHelp) &&
    mine.consent.length === 0;
  return {
    ok,
    repository: repo?.root ?? null,
    agent: configured.name,
    agents,
    tools,
    root: { isRoot: process.getuid?.() === 0, sandbox: env.IS_SANDBOX === "1" },
    fixed,
  };
}

/** One agent: found, version, flags in `--help`, consent. */
async function diagnoseAgent(
  spec: AgentSpec,
  context: LaunchContext,
  configured: boolean,
): Promise<AgentDiagnosis> {
  const argv = launchArgvWithoutPrompt(spec, context);
  const program = argv[0] as string;
  const [check] = await checkTools(context.env, context.repoRoot, { agents: [program], tools: false });
  const where = check?.path ?? null;
  const base = { name: spec.name, program, path: where, version: check?.version ?? null, configured };
  if (where === null) return { ...base, flags: [], consent: [] };
  const help = await execa(where, ["--help"], {
    env: context.env,
    cwd: context.repoRoot,
    reject: false,
    timeout: 10_000,
    stdin: "ignore",
  });
  const text = `${help.stdout}\n${help.stderr}`;
  return {
    ...base,
    flags: presetFlags(argv).map((flag) => ({ flag, inHelp: mentions(text, flag) })),
    consent: spec.adapter.consent?.(argv, context) ?? [],
  };
}

/** The flags of a launch argv (`--name` or `-x`, without `=value`), each once. Pure. */
export function presetFlags(argv: readonly string[]): string[] {
  const flags = argv
    .slice(1)
    .filter((word) => /^--?[A-Za-z]/.test(word))
    .map((word) => word.replace(/=.*$/s, ""));
  return [...new Set(flags)];
}

/** Whether a `--help` text lists `flag` as a word (not as part of a longer flag). */
function mentions(help: string, flag: string): boolean {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[\\s,\\[(|])${escaped}(?=$|[\\s,=\\])|<])`, "m").test(help);
}
