import { type AgentAdapter, unchanged } from "./adapter.js";

/** Codex CLI (`@openai/codex`): interactive, approvals and sandbox bypassed. */
export const codex: AgentAdapter = {
  name: "codex",
  program: "codex",
  template: "codex --dangerously-bypass-approvals-and-sandbox {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  // Codex treats an Enter within ~120 ms of fast input as part of a paste (a newline, not a submit): wait past it.
  submit: { pasteDelayMs: 150 },
  isChrome: () => false,
  waitingPatterns: [],
};
