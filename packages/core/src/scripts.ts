import path from "node:path";
import type { WoStatePaths } from "@wo/worktree";
import { splitCommandLine } from "./agents/command-line.js";

/**
 * The launch script of a worker and its kickoff prompt: in wo's state directory beside the launch spec, so setup
 * never writes over a file of the user's, nothing lands in `git status`, and cleanup removes them with the worker.
 */
export function launchFiles(paths: WoStatePaths, feature: string): { script: string; prompt: string } {
  const dir = path.dirname(paths.launch(feature));
  return { script: path.join(dir, `${feature}.sh`), prompt: path.join(dir, `${feature}.prompt.md`) };
}

/** Quotes one word for a POSIX shell: single quotes, with embedded single quotes closed and escaped. Pure. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * One word of a command wo prints for the user to paste (`git branch -m <branch> …`, `wo kill <feature>`): bare
 * when it is made only of characters no shell treats specially, so ordinary names read as typed, else
 * {@link shellQuote}d, so an agent-chosen name such as `work/x$(rm -rf ~)` pastes as data. Pure.
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : shellQuote(word);
}

/**
 * The agent command of a launch script: the template split into argv (no expansion), each literal part
 * single-quoted, `{prompt}`/`{prompt_file}` turned into the double-quoted variables `"$prompt"`/`"$prompt_file"`.
 * The prompt is data read at run time, never shell code. Pure.
 */
export function scriptCommand(template: string): string {
  const words = splitCommandLine(template);
  const hasPlaceholder = words.some((word) => /\{prompt(_file)?\}/.test(word));
  const quoted = words.map((word) =>
    word
      .split(/(\{prompt_file\}|\{prompt\})/)
      .filter((part) => part !== "")
      .map((part) =>
        part === "{prompt}" ? '"$prompt"' : part === "{prompt_file}" ? '"$prompt_file"' : shellQuote(part),
      )
      .join(""),
  );
  return [...quoted, ...(hasPlaceholder ? [] : ['"$prompt"'])].join(" ");
}

/** What a launch script needs to know. */
export interface LaunchScriptInput {
  /** Worker number (1 for task-1). */
  number: string;
  /** Feature name of the worker. */
  name: string;
  /** The worktree, relative to the script's directory (e.g. `../../../worktrees/task-1-auth`). */
  worktreeFromScripts: string;
  /** File name of the prompt, next to the script. */
  promptFile: string;
  /** Agent command template. */
  agentTemplate: string;
}

/**
 * The launch script (`<git common dir>/wo/launch/<feature>.sh`): start one worker by hand in any terminal. Paths
 * are relative to the script; the prompt lives next to it. Pure.
 */
export function launchScript(input: LaunchScriptInput): string {
  return `#!/usr/bin/env bash
# Worker ${input.number}: ${input.name}. Written by \`wo setup\`: run it in a new terminal to start this worker by hand
# (\`wo setup --spawn\` starts every worker in tmux instead). The prompt is in ${input.promptFile}, next to this script.
set -euo pipefail
here="$(cd "$(dirname "\${BASH_SOURCE[0]}")" && pwd)"
prompt_file="$here/"${shellQuote(input.promptFile)}
prompt="$(cat "$prompt_file")"
cd "$here/"${shellQuote(input.worktreeFromScripts)}
exec ${scriptCommand(input.agentTemplate)}
`;
}
