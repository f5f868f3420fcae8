export type { CommitStatus } from "@wo/commits";
export { FEATURE_NAME_PATTERN, featureNameProblem } from "@wo/worktree/names";
export {
  AGENT_PRESETS,
  type AgentChoice,
  type AgentSpec,
  agentArgv,
  findExecutable,
  resolveAgent,
  splitCommandLine,
} from "./agents.js";
export { type CheckpointResult, checkpointWorker } from "./checkpoint.js";
export {
  CONFIG_FILE,
  DEFAULT_CONFIG,
  loadConfig,
  parseConfig,
  type WoConfig,
  type WoConfigInput,
} from "./config.js";
export { type DemoEvent, type DemoOptions, type DemoResult, runDemo } from "./demo.js";
export { DEMO_AGENT_SOURCE } from "./demo-agent.js";
export { isWoError, WoError, type WoErrorCode, type WoErrorLike } from "./errors.js";
export { installScopeGuard } from "./guard.js";
export type {
  CleanupOptions,
  CleanupResult,
  IntegrationForecast,
  IntegrationOptions,
  IntegrationReport,
  IntegrationSelection,
  SelectionOptions,
} from "./integration.js";
export { selectForIntegration } from "./integration-api.js";
export { acquireRepositoryLock, type HeldLock, type LockOptions, type LockOwner } from "./lock.js";
export {
  buildMonitorReport,
  type FindingKind,
  type MonitorAudience,
  type MonitorFinding,
  type MonitorInput,
  type MonitorReport,
  type MonitorReportInput,
  type MonitorWorker,
  renderMonitorReport,
  resolveWorker,
} from "./monitor.js";
export {
  type CollectEntry,
  KILL_CONFIRM_WINDOW_MS,
  type KillResult,
  type MonitorOptions,
  type Notification,
  Orchestrator,
  type OrchestratorOptions,
  reportWorker,
  type SpawnOptions,
  type SpawnResult,
  type WorkerSnapshot,
  type WorkerStatusEntry,
  type WorkerWorktree,
} from "./orchestrator.js";
export { type Plan, type PlanItem, type PlanWorker, readPlanFile } from "./plan.js";
export { type PlanningOptions, type PlanningResult, planFromFiles } from "./planning.js";
export {
  COMMIT_PROTOCOL,
  continuationPrompt,
  kickoffPrompt,
  type PromptPlace,
  type PromptWorker,
  RESULT_PROTOCOL,
  resumeWorkPrompt,
  workerPrompt,
} from "./prompts.js";
export { type LaunchScriptInput, launchScript, scriptCommand, shellQuote } from "./scripts.js";
export {
  promptWorkerOf,
  type SetupOptions,
  type SetupResult,
  type SetupState,
  type SetupWorker,
  setupWorkers,
} from "./setup.js";
export { type EffectiveStatus, effectiveStatus, type PaneState } from "./status.js";
export { type Watcher, type WatchOptions, watchWorkers } from "./watch.js";
