import { type AgentAdapter, unchanged } from "./adapter.js";
import { codexHooks } from "./codex-hooks.js";
import { chromeTest, KEY_HINTS, SPINNER } from "./pane-text.js";

/** Codex CLI (`@openai/codex`): interactive, approvals and sandbox bypassed. */
export const codex: AgentAdapter = {
  name: "codex",
  program: "codex",
  template: "codex --dangerously-bypass-approvals-and-sandbox {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: codexHooks,
  submit: { pasteDelayMs: 0 },
  isChrome: chromeTest([SPINNER, KEY_HINTS, /^›\s*$|^▌\s*$/, /⏎ send|Ctrl\+J newline|\d+% context left/i]),
  waitingPatterns: [
    { pattern: /Do you trust the contents of this directory\?|trust this folder/i, waitingFor: "dialog" },
    {
      pattern: /Would you like to (run the following command|make the following edits)\?|Allow command\?/i,
      waitingFor: "permission",
    },
    { pattern: /Sign in with ChatGPT|Provide your own API key|Hooks need review/i, waitingFor: "dialog" },
  ],
};
