import { fileURLToPath } from "node:url";

/**
 * Modes of the fixture agent (fixtures/agent.mjs), a stand-in for an AI agent that follows the worker protocol.
 * - `complete`: records its prompt, writes a result, sets status `done`, exits 0.
 * - `complete-stay`: like `complete`, then stays alive like an interactive agent.
 * - `fail`: writes an error result, sets status `failed`, exits 0.
 * - `crash`: prints a last line and exits 3 without touching the status file.
 * - `echo`: prints "ready", then appends every line it reads from the terminal to `.agent-input.txt`.
 * - `hang`: stays alive doing nothing.
 */
export type FixtureAgentMode = "complete" | "complete-stay" | "fail" | "crash" | "echo" | "hang";

export const fixtureAgentPath: string = fileURLToPath(new URL("../fixtures/agent.mjs", import.meta.url));

/** An `--agent-cmd` template that runs the fixture agent in `mode` with the prompt in a file. */
export function fixtureAgentCmd(mode: FixtureAgentMode): string {
  return `${process.execPath} ${fixtureAgentPath} ${mode} {prompt_file}`;
}

/**
 * Modes of the fixture full-screen agent (fixtures/tui-agent.mjs): raw terminal, bracketed paste on, an input line,
 * Enter submits (each submission appended to `.agent-input.txt` as one JSON string per line).
 * - `submit`: every Enter submits.
 * - `drop-early`: an Enter within 200 ms of a paste's end is dropped (noted in `.agent-events.txt`), as Claude Code
 *   and Gemini CLI do.
 * - `drop-first`: the first Enter after each paste is dropped, whenever it comes.
 * - `drop-all`: every Enter is dropped; the text stays in the input line.
 * - `busy`: like `drop-all`, with a spinner redrawn on the top row every 30 ms.
 * - `chatter`: like `submit`, while printing a line every 20 ms (the whole screen scrolls).
 * - `ignore`: reads the terminal, shows and submits nothing.
 */
export type TuiAgentMode =
  | "submit"
  | "drop-early"
  | "drop-first"
  | "drop-all"
  | "busy"
  | "chatter"
  | "ignore";

export const tuiAgentPath: string = fileURLToPath(new URL("../fixtures/tui-agent.mjs", import.meta.url));

/** An `--agent-cmd` template that runs the fixture full-screen agent in `mode`. */
export function tuiAgentCmd(mode: TuiAgentMode): string {
  return `${process.execPath} ${tuiAgentPath} ${mode} {prompt_file}`;
}
