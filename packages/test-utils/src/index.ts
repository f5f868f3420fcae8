export {
  type FixtureAgentMode,
  fixtureAgentCmd,
  fixtureAgentPath,
  type TuiAgentMode,
  tuiAgentCmd,
  tuiAgentPath,
} from "./agent.ts";
export { createGitRepo, type GitRepo, gitTestEnv, useGitRepo } from "./git.ts";
export { type HookAgentKind, hookAgent, hookAgentPath } from "./hook-agent.ts";
export { tempDir } from "./temp.ts";
export { assertTmuxInstalled, createIsolatedTmux, type IsolatedTmux, useIsolatedTmux } from "./tmux.ts";
export { waitFor } from "./wait.ts";
