import { agentSuite } from "./suite.js";

agentSuite({
  agent: "codex",
  // Approval for every command that is not known to be read-only; no sandbox, so nothing but the question stops it.
  askingCmd: "codex --no-daemon --ask-for-approval on-request --sandbox read-only {prompt}",
  askPattern: /Would you like to run the following command\?/,
});
