import { type AgentAdapter, unchanged } from "./adapter.js";

/**
 * Any other agent (`--agent-cmd`, or a command in the config's `agents`): started as written, no hooks; waiting is
 * only seen from its pane.
 */
export const generic: AgentAdapter = {
  name: "generic",
  program: "",
  template: "",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  // An unknown program gets a short pause; a dropped Enter is still caught and pressed once more (docs/cli.md).
  submit: { pasteDelayMs: 100 },
  isChrome: () => false,
  waitingPatterns: [],
};
