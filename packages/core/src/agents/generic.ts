import { type AgentAdapter, unchanged } from "./adapter.js";
import { withoutHooks } from "./hooks.js";
import { chromeTest } from "./pane-text.js";

/**
 * Any other agent (`--agent-cmd`, or a command in the config's `agents`): started as written, no hooks; waiting is
 * only seen from its pane (a question on its last line, or no change for a while).
 */
export const generic: AgentAdapter = {
  name: "generic",
  program: "",
  template: "",
  launch: (argv) => unchanged(argv),
  hooks: (argv, context) => ({ argv: [...argv], env: {}, files: withoutHooks("generic", context) }),
  // An unknown program gets a short pause; a dropped Enter is still caught and pressed once more (docs/cli.md).
  submit: { pasteDelayMs: 100 },
  isChrome: chromeTest([]),
  waitingPatterns: [],
};
