import { agentSuite } from "./suite.js";

agentSuite({
  agent: "claude",
  // The preset without --dangerously-skip-permissions: Claude Code asks before running Bash.
  askingCmd: "claude {prompt}",
  askPattern: /Do you want to proceed\?/,
});
