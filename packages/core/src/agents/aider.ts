import { type AgentAdapter, unchanged } from "./adapter.js";
import { withoutHooks } from "./hooks.js";
import { chromeTest } from "./pane-text.js";

/** Aider (Python): every confirmation answered yes. */
export const aider: AgentAdapter = {
  name: "aider",
  program: "aider",
  template: "aider --yes-always --message {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv, context) => ({ argv: [...argv], env: {}, files: withoutHooks("aider", context) }),
  submit: { pasteDelayMs: 0 },
  isChrome: chromeTest([/^─+$/, /^>\s*$/]),
  waitingPatterns: [{ pattern: /\(Y\)es\/\(N\)o/, waitingFor: "permission" }],
};
