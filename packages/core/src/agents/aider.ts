import { type AgentAdapter, unchanged } from "./adapter.js";

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
  hooks: (argv) => unchanged(argv),
  // aider (prompt_toolkit) takes a bracketed paste as one edit and the next Enter as a submit: no pause needed.
  submit: { pasteDelayMs: 0 },
  isChrome: () => false,
  waitingPatterns: [],
};
