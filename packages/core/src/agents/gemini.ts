import { type AgentAdapter, unchanged } from "./adapter.js";

/** Gemini CLI (`@google/gemini-cli`): interactive with the prompt as its first message, tool calls auto-approved. */
export const gemini: AgentAdapter = {
  name: "gemini",
  program: "gemini",
  template: "gemini --yolo --prompt-interactive {prompt}",
  launch: (argv) => unchanged(argv),
  hooks: (argv) => unchanged(argv),
  submit: { pasteDelayMs: 0 },
  isChrome: () => false,
  waitingPatterns: [],
};
