import type { AgentLaunch, LaunchContext } from "./adapter.js";
import { hookWiring } from "./hooks.js";

/**
 * Codex's `notify` program, set per run with `-c notify=[…]` (a TOML array of strings): Codex runs it with an
 * `agent-turn-complete` JSON as the last argument. It says when a turn ends but not when the next starts, so the
 * state records that a change in the pane after it ends the wait (`clearsOnActivity`). A `notify` of the user's
 * own config is replaced for wo's workers.
 */
export function codexHooks(argv: readonly string[], context: LaunchContext): AgentLaunch {
  const wiring = hookWiring("codex", context, { clearsOnActivity: true });
  // JSON's string escapes are valid in TOML's basic strings.
  const notify = `notify=[${wiring.argv.map((word) => JSON.stringify(word)).join(",")}]`;
  const [program = "", ...rest] = argv;
  return { argv: [program, "-c", notify, ...rest], env: {}, files: wiring.files };
}
