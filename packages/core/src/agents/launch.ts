import type { AgentLaunch, LaunchContext } from "./adapter.js";
import { agentArgv } from "./command-line.js";
import type { AgentSpec } from "./index.js";

/**
 * The complete launch of one worker's agent: the template's argv for this prompt, then the adapter's dialog
 * avoidance, then its hook wiring. Pure; the caller writes the files and starts the process.
 */
export function planLaunch(
  spec: AgentSpec,
  prompt: { text: string; file: string },
  context: LaunchContext,
): AgentLaunch {
  const launched = spec.adapter.launch(agentArgv(spec.template, prompt), context);
  const hooked = spec.adapter.hooks(launched.argv, context);
  return {
    argv: hooked.argv,
    env: { ...launched.env, ...hooked.env },
    files: [...launched.files, ...hooked.files],
  };
}
