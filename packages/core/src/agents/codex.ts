import { type AgentAdapter, unchanged } from "./adapter.js";

/** Codex CLI (`@openai/codex`): interactive, approvals and sandbox bypassed. */
export const codex: AgentAdapter = {
  name: "codex",
  program: "codex",
  template: "codex --dangerously-bypass-approvals-and-sandbox {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  // Codex took an Enter sent with a bracketed paste (codex-cli 0.171), but an Enter within ~120 ms of a fast burst of
  // keys (a paste the terminal did not bracket) is taken as a newline: wait past that window.
  submit: { pasteDelayMs: 150 },
  isChrome: () => false,
  waitingPatterns: [],
};
