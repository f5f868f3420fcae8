import {
  createGitRepo,
  createIsolatedTmux,
  type FixtureAgentMode,
  fixtureAgentCmd,
  type GitRepo,
  type IsolatedTmux,
} from "@wo/test-utils";
import { afterEach } from "vitest";
import { Orchestrator, type OrchestratorOptions } from "../src/index.js";

export interface World {
  repo: GitRepo;
  server: IsolatedTmux;
  wo: Orchestrator;
  env: NodeJS.ProcessEnv;
  agent(mode: FixtureAgentMode): { agentCmd: string };
}

/** A real git repository + an isolated tmux server + an Orchestrator on them, all removed after each test. */
export function useWorld(): (options?: OrchestratorOptions) => Promise<World> {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async (options = {}) => {
    const repo = await createGitRepo();
    const server = createIsolatedTmux();
    cleanups.push(repo.cleanup, server.cleanup);
    const env = { ...process.env, ...server.env };
    const wo = await Orchestrator.open({ cwd: repo.dir, env, ...options });
    return { repo, server, wo, env, agent: (mode) => ({ agentCmd: fixtureAgentCmd(mode) }) };
  };
}
