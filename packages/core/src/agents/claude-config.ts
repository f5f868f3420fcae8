import { existsSync, readFileSync, realpathSync } from "node:fs";
import { chmod, copyFile, rename, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { WoError } from "../errors.js";
import type { ConsentProblem, LaunchContext } from "./adapter.js";

/**
 * Claude Code's one-time answers, read from its global state file before a worker is spawned (see
 * docs/agents/claude.md). Read-only here; only {@link acceptClaudeConsent} (`wo doctor --fix`) writes, and
 * only the consent entries, after a backup.
 */
export function claudeConsentProblems(argv: readonly string[], context: LaunchContext): ConsentProblem[] {
  const problems: ConsentProblem[] = [];
  const root = rootProblem(argv, context.env);
  if (root) problems.push(root);
  const file = claudeConfigFile(context.env);
  const config = readClaudeConfig(file);
  const apiKey = context.env.ANTHROPIC_API_KEY;
  if (config.hasCompletedOnboarding !== true) {
    problems.push({
      kind: "onboarding",
      message: `Claude Code has not finished its first-run screens (${file} has no hasCompletedOnboarding)`,
      hint: apiKey
        ? "Run claude once in a terminal and finish its first screens, or let wo record it: wo doctor --fix"
        : "Run claude once in a terminal, log in and finish its first screens",
      fixable: Boolean(apiKey),
    });
  }
  if (!isTrusted(config, context)) {
    problems.push({
      kind: "trust",
      message: `Claude Code does not trust ${context.repoRoot} yet (its "Do you trust this folder?" dialog would block the worker)`,
      hint: `Run claude once in ${context.repoRoot} and answer yes, or let wo record the answer: wo doctor --fix`,
      fixable: true,
    });
  }
  if (apiKey) {
    const responses = record(config.customApiKeyResponses);
    const suffix = apiKeySuffix(apiKey);
    if (strings(responses.rejected).includes(suffix)) {
      problems.push({
        kind: "api-key",
        message:
          "Claude Code was told not to use this ANTHROPIC_API_KEY (it is in customApiKeyResponses.rejected)",
        hint: "Approve it: wo doctor --fix (or run claude once and pick Yes), or unset ANTHROPIC_API_KEY",
        fixable: true,
      });
    } else if (!strings(responses.approved).includes(suffix)) {
      problems.push({
        kind: "api-key",
        message:
          'Claude Code has not approved this ANTHROPIC_API_KEY yet (its "use this API key?" dialog defaults to No)',
        hint: "Approve it: wo doctor --fix (or run claude once in a terminal and pick Yes)",
        fixable: true,
      });
    }
  }
  return problems;
}

/** What {@link acceptClaudeConsent} changed. */
export interface ClaudeConsentFix {
  file: string;
  /** The copy of the file before the change (`null` when there was no file). */
  backup: string | null;
  /** The entries written, e.g. `projects["/repo"].hasTrustDialogAccepted`. */
  changed: string[];
}

/**
 * Records the user's consent for the fixable problems (trust of the repository, onboarding done, approval of the
 * current API key) in Claude Code's state file: a backup first, every other key kept, written atomically with the
 * file's mode (0600 for a new file). Does nothing when nothing is missing.
 */
export async function acceptClaudeConsent(context: LaunchContext, now: Date): Promise<ClaudeConsentFix> {
  const file = claudeConfigFile(context.env);
  const problems = claudeConsentProblems([], context).filter((p) => p.fixable);
  if (problems.length === 0) return { file, backup: null, changed: [] };
  const config = readClaudeConfig(file);
  const changed: string[] = [];
  for (const problem of problems) {
    if (problem.kind === "onboarding") {
      config.hasCompletedOnboarding = true;
      changed.push("hasCompletedOnboarding");
    } else if (problem.kind === "trust") {
      const projects = record(config.projects);
      projects[context.repoRoot] = { ...record(projects[context.repoRoot]), hasTrustDialogAccepted: true };
      config.projects = projects;
      changed.push(`projects[${JSON.stringify(context.repoRoot)}].hasTrustDialogAccepted`);
    } else if (problem.kind === "api-key") {
      const suffix = apiKeySuffix(context.env.ANTHROPIC_API_KEY ?? "");
      const responses = record(config.customApiKeyResponses);
      config.customApiKeyResponses = {
        ...responses,
        approved: [...strings(responses.approved).filter((s) => s !== suffix), suffix],
        rejected: strings(responses.rejected).filter((s) => s !== suffix),
      };
      changed.push("customApiKeyResponses.approved");
    }
  }
  const exists = existsSync(file);
  const backup = exists ? `${file}.wo-backup-${now.toISOString().replace(/[:.]/g, "-")}` : null;
  if (backup) await copyFile(file, backup);
  const temporary = `${file}.wo-${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  if (exists) await copyMode(file, temporary);
  await rename(temporary, file);
  return { file, backup, changed };
}

/** Claude Code's global state file: `.claude.json` in `CLAUDE_CONFIG_DIR` when set, else in `HOME`. */
export function claudeConfigFile(env: NodeJS.ProcessEnv): string {
  if (env.CLAUDE_CONFIG_DIR) {
    // Older versions kept it as `.config.json` inside the directory; Claude Code still reads that file when present.
    const legacy = path.join(env.CLAUDE_CONFIG_DIR, ".config.json");
    return existsSync(legacy) ? legacy : path.join(env.CLAUDE_CONFIG_DIR, ".claude.json");
  }
  return path.join(env.HOME || os.homedir(), ".claude.json");
}

/** Claude Code keeps the last 20 characters of an approved or rejected key, never the key. */
export function apiKeySuffix(key: string): string {
  return key.slice(-20);
}

/**
 * Claude Code shows its trust dialog unless the project it saves answers under (a linked worktree's main checkout)
 * or the working directory or any directory above it has `hasTrustDialogAccepted: true`.
 */
function isTrusted(config: Record<string, unknown>, context: LaunchContext): boolean {
  const projects = record(config.projects);
  const candidates = new Set<string>();
  for (const start of [context.repoRoot, context.worktree]) {
    for (const dir of [start, realpath(start)]) {
      for (let current = path.resolve(dir); ; current = path.dirname(current)) {
        candidates.add(current);
        if (path.dirname(current) === current) break;
      }
    }
  }
  return [...candidates].some((dir) => record(projects[dir]).hasTrustDialogAccepted === true);
}

/** As root, Claude Code refuses `--dangerously-skip-permissions` unless it is told it runs in a sandbox. */
function rootProblem(argv: readonly string[], env: NodeJS.ProcessEnv): ConsentProblem | null {
  if (process.getuid?.() !== 0 || env.IS_SANDBOX === "1") return null;
  const bypass = argv.some(
    (arg, i) =>
      arg === "--dangerously-skip-permissions" ||
      arg === "--permission-mode=bypassPermissions" ||
      (arg === "--permission-mode" && argv[i + 1] === "bypassPermissions"),
  );
  if (!bypass) return null;
  return {
    kind: "root",
    message:
      "Claude Code refuses --dangerously-skip-permissions when run as root, so the worker would die at once",
    hint: "In a container or sandbox, export IS_SANDBOX=1 before wo spawn; otherwise run wo as a normal user",
    fixable: false,
  };
}

/** The parsed state file; `{}` when it is missing. An unreadable or non-object file is an error naming it. */
function readClaudeConfig(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new WoError("E_AGENT_CONFIG", `Cannot read Claude Code's state file ${file}`, {
      hint: "Check its permissions",
      cause: error,
    });
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below with the same message as a non-object
  }
  throw new WoError("E_AGENT_CONFIG", `Claude Code's state file ${file} is not a JSON object`, {
    hint: "Repair it (or move it away and run claude once to recreate it)",
  });
}

/** Keeps a replaced file's permission bits on its replacement. */
async function copyMode(from: string, to: string): Promise<void> {
  const { statSync } = await import("node:fs");
  await chmod(to, statSync(from).mode & 0o777);
}

function realpath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
