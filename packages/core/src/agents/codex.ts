import { type AgentAdapter, unchanged } from "./adapter.js";

/** Codex CLI (`@openai/codex`): interactive, approvals and sandbox bypassed. */
export const codex: AgentAdapter = {
  name: "codex",
  program: "codex",
  template: "codex --dangerously-bypass-approvals-and-sandbox {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  submit: { pasteDelayMs: 0 },
  isChrome: () => false,
  waitingPatterns: [],
};
