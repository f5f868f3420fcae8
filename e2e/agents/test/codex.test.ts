import { agentSuite } from "./suite.js";

agentSuite({
  agent: "codex",
  // Approval for every command that is not known to be read-only; no sandbox, so nothing but the question stops it.
  askingCmd: "codex --no-daemon --ask-for-approval untrusted --sandbox danger-full-access {prompt}",
  askPattern: /Would you like to run the following command\?/,
});
