import { agentSuite } from "./suite.js";

agentSuite({
  agent: "gemini",
  // The preset without --yolo: Gemini CLI asks before running a shell command.
  askingCmd: "gemini --prompt-interactive {prompt}",
  askPattern: /Allow execution/,
});
