import { UsageError } from "./fail.js";

/**
 * The agent that `--agent <name>` or `--agent-cmd <command>` choose (spawn, setup, resume), as the options the
 * orchestrator takes; both at once is a usage error.
 */
export function agentChoice(opts: { agent?: string | undefined; agentCmd?: string | undefined }): {
  agent?: string;
  agentCmd?: string;
} {
  if (opts.agent && opts.agentCmd)
    throw new UsageError(
      "Pass either --agent or --agent-cmd, not both",
      '--agent names a preset (claude, codex, aider, gemini); --agent-cmd "cmd {prompt}" runs any other agent',
    );
  return {
    ...(opts.agent ? { agent: opts.agent } : {}),
    ...(opts.agentCmd ? { agentCmd: opts.agentCmd } : {}),
  };
}
