import { type AgentAdapter, unchanged } from "./adapter.js";

/** Aider (Python): every confirmation answered yes. */
export const aider: AgentAdapter = {
  name: "aider",
  program: "aider",
  template: "aider --yes-always --message {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  submit: { pasteDelayMs: 0 },
  isChrome: () => false,
  waitingPatterns: [],
};
