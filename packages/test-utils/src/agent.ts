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
