import { type AgentAdapter, unchanged } from "./adapter.js";

/** Claude Code (`@anthropic-ai/claude-code`): interactive, permission prompts bypassed. */
export const claude: AgentAdapter = {
  name: "claude",
  program: "claude",
  template: "claude --dangerously-skip-permissions {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  // Claude Code drops an Enter that arrives with the paste; ~300 ms after it, Enter submits (docs/cli.md, `send`).
  submit: { pasteDelayMs: 300 },
  isChrome: () => false,
  waitingPatterns: [],
};
