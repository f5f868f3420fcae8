import { type AgentAdapter, unchanged } from "./adapter.js";

/** Aider (Python): every confirmation answered yes. */
export const aider: AgentAdapter = {
  name: "aider",
  program: "aider",
  template: "aider --yes-always --message {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  // aider (prompt_toolkit) takes a bracketed paste as one edit and the next Enter as a submit: no pause needed.
  submit: { pasteDelayMs: 0 },
  isChrome: () => false,
  waitingPatterns: [],
};
