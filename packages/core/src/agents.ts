import { accessSync, constants } from "node:fs";
import path from "node:path";
import { WoError } from "./errors.js";

/**
 * Built-in agent command templates. `{prompt}` is the prompt as one argv element, `{prompt_file}` a file holding it.
 * Each starts the agent interactively with permission prompts off, so it works unattended in its worktree
 * (`claude -p` would not execute tools).
 */
export const AGENT_PRESETS: Readonly<Record<string, string>> = {
  claude: "claude --dangerously-skip-permissions {prompt}",
  codex: "codex --dangerously-bypass-approvals-and-sandbox {prompt}",
  aider: "aider --yes-always --message {prompt}",
  gemini: "gemini --yolo --prompt-interactive {prompt}",
};

/**
 * Splits a command template into argv the way a POSIX shell splits words — whitespace separates, '…' is literal,
 * "…" and \ escape — but WITHOUT any expansion: no variables, globs, `~`, command substitution or operators.
 * Pure; throws `E_AGENT` for an unterminated quote or an empty command.
 */
export function splitCommandLine(template: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < template.length; i++) {
    const char = template[i] as string;
    if (quote === "'") {
      if (char === "'") quote = null;
      else word += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = null;
      else if (char === "\\" && i + 1 < template.length && '"\\$`'.includes(template[i + 1] as string)) {
        word += template[++i];
      } else word += char;
      continue;
    }
    if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === "\\") {
      if (i + 1 < template.length) word += template[++i];
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else {
      word += char;
      inWord = true;
    }
  }
  if (quote !== null) {
    throw new WoError(
      "E_AGENT",
      `Invalid agent command ${JSON.stringify(template)}: unterminated ${quote} quote`,
      {
        hint: `Close the quote, e.g. --agent-cmd "mycli --flag {prompt}"`,
      },
    );
  }
  if (inWord) words.push(word);
  if (words.length === 0) {
    throw new WoError("E_AGENT", "Invalid agent command: it is empty", {
      hint: `Give a command such as --agent-cmd "mycli --yes {prompt}"`,
    });
  }
  return words;
}

/** Which agent to run: a preset/config name, or an explicit command template. */
export interface AgentChoice {
  agent?: string | undefined;
  agentCmd?: string | undefined;
}

/** A resolved agent: its display name and its command template. */
export interface AgentSpec {
  name: string;
  template: string;
}

/** Resolves `--agent`/`--agent-cmd` (or config defaults) to a command template. Throws `E_AGENT` for unknown names. */
export function resolveAgent(choice: AgentChoice, custom: Readonly<Record<string, string>> = {}): AgentSpec {
  if (choice.agentCmd) {
    return { name: path.basename(splitCommandLine(choice.agentCmd)[0] as string), template: choice.agentCmd };
  }
  const name = choice.agent ?? "claude";
  const template = custom[name] ?? AGENT_PRESETS[name];
  if (!template) {
    const known = [...new Set([...Object.keys(AGENT_PRESETS), ...Object.keys(custom)])].join(", ");
    throw new WoError("E_AGENT", `Unknown agent ${JSON.stringify(name)}; known agents: ${known}`, {
      hint: `Use --agent ${Object.keys(AGENT_PRESETS).join("|")}, or --agent-cmd "mycli {prompt}" for any other agent`,
    });
  }
  return { name, template };
}

/**
 * The argv of an agent for one prompt. `{prompt}` and `{prompt_file}` are replaced inside argv elements (after
 * splitting, so prompt text is never re-split or interpreted); a template with neither gets the prompt appended as
 * the last argument. Pure.
 */
export function agentArgv(template: string, prompt: { text: string; file: string }): string[] {
  const words = splitCommandLine(template);
  const hasPlaceholder = words.some((word) => word.includes("{prompt}") || word.includes("{prompt_file}"));
  const argv = words.map((word) =>
    word.replace(/\{prompt_file\}|\{prompt\}/g, (match) =>
      match === "{prompt}" ? prompt.text : prompt.file,
    ),
  );
  return hasPlaceholder ? argv : [...argv, prompt.text];
}

/**
 * Finds an executable the way the shell would (a name with a `/` is a path, otherwise each `PATH` entry is tried).
 * Returns its path, or `null` when it is not there.
 */
export function findExecutable(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): string | null {
  const candidates = command.includes("/")
    ? [path.resolve(cwd, command)]
    : (env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; try the next PATH entry
    }
  }
  return null;
}
