import { type AgentAdapter, unchanged } from "./adapter.js";

/** Gemini CLI (`@google/gemini-cli`): interactive with the prompt as its first message, tool calls auto-approved. */
export const gemini: AgentAdapter = {
  name: "gemini",
  program: "gemini",
  template: "gemini --yolo --prompt-interactive {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  // Gemini CLI (0.61), like Claude Code, drops an Enter that arrives with the paste; 300 ms after it, Enter submits.
  submit: { pasteDelayMs: 300 },
  isChrome: () => false,
  waitingPatterns: [],
};
