export {
  AGENT_PRESETS,
  type AgentChoice,
  type AgentSpec,
  agentArgv,
  findExecutable,
  resolveAgent,
  splitCommandLine,
} from "./agents.js";
export {
  CONFIG_FILE,
  DEFAULT_CONFIG,
  loadConfig,
  parseConfig,
  type WoConfig,
  type WoConfigInput,
} from "./config.js";
export { isWoError, WoError, type WoErrorCode, type WoErrorLike } from "./errors.js";
export {
  type CollectEntry,
  KILL_CONFIRM_WINDOW_MS,
  type KillResult,
  Orchestrator,
  type OrchestratorOptions,
  reportWorker,
  type SpawnOptions,
  type SpawnResult,
  type WorkerStatusEntry,
  type WorkerWorktree,
} from "./orchestrator.js";
export { RESULT_PROTOCOL, workerPrompt } from "./prompt.js";
export { type EffectiveStatus, effectiveStatus, type PaneState } from "./status.js";
