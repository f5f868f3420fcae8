import { type AgentAdapter, unchanged } from "./adapter.js";
import { withoutHooks } from "./hooks.js";
import { chromeTest } from "./pane-text.js";

/**
 * Aider (Python): an interactive chat with every confirmation answered yes. Aider has no flag that starts a chat
 * with a first message and stays interactive (`--message`/`--message-file` exit after one reply; `--load` runs only
 * /commands and skips chat ones), so wo starts it without the prompt and types the prompt as its first message.
 */
export const aider: AgentAdapter = {
  name: "aider",
  program: "aider",
  template: "aider --yes-always",
  promptDelivery: "typed",
  launch: (argv) => unchanged(argv),
  hooks: (argv, context) => ({ argv: [...argv], env: {}, files: withoutHooks("aider", context) }),
  // aider (prompt_toolkit) takes a bracketed paste as one edit and the next Enter as a submit: no pause needed.
  submit: { pasteDelayMs: 0 },
  isChrome: chromeTest([/^─+$/, /^>\s*$/]),
  waitingPatterns: [{ pattern: /\(Y\)es\/\(N\)o/, waitingFor: "permission" }],
};
