import { type AgentAdapter, unchanged } from "./adapter.js";

/** Claude Code (`@anthropic-ai/claude-code`): interactive, permission prompts bypassed. */
export const claude: AgentAdapter = {
  name: "claude",
  program: "claude",
  template: "claude --dangerously-skip-permissions {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  submit: { pasteDelayMs: 0 },
  isChrome: () => false,
  waitingPatterns: [],
};
