import { type AgentAdapter, unchanged } from "./adapter.js";
import { geminiHooks } from "./gemini-hooks.js";
import { chromeTest, KEY_HINTS, SPINNER } from "./pane-text.js";

/**
 * Gemini CLI (`@google/gemini-cli`): interactive with the prompt as its first message, tool calls auto-approved.
 * Per run wo trusts the worktree with `GEMINI_CLI_TRUST_WORKSPACE=true`: without it Gemini CLI asks "Do you trust
 * the files in this folder?" in every new worktree and silently drops `--yolo` in an untrusted one.
 */
export const gemini: AgentAdapter = {
  name: "gemini",
  program: "gemini",
  template: "gemini --yolo --prompt-interactive {prompt}",
  launch: (argv) => ({ ...unchanged(argv), env: { GEMINI_CLI_TRUST_WORKSPACE: "true" } }),
  hooks: geminiHooks,
  // Gemini CLI (0.61), like Claude Code, drops an Enter that arrives with the paste; 300 ms after it, Enter submits.
  submit: { pasteDelayMs: 300 },
  isChrome: chromeTest([
    SPINNER,
    KEY_HINTS,
    /^>\s+Type your message/i,
    /^Using:? \d+ .*files?/i,
    /YOLO mode \(ctrl \+ y to toggle\)/i,
    /\bno sandbox\b|\(\d+% context left\)/i,
  ]),
  waitingPatterns: [
    { pattern: /Do you trust (the files in )?this folder\?/i, waitingFor: "dialog" },
    {
      pattern: /Allow execution|Apply this change\?|Waiting for user confirmation/i,
      waitingFor: "permission",
    },
    { pattern: /How would you like to authenticate|Get started/i, waitingFor: "dialog" },
  ],
};
