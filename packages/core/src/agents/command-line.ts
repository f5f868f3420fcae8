import { accessSync, constants } from "node:fs";
import path from "node:path";
import { WoError } from "../errors.js";

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
