export type { CommitStatus } from "@wo/commits";
export {
  FEATURE_NAME_PATTERN,
  featureNameProblem,
  isValidFeatureName,
  validateFeatureName,
} from "@wo/worktree/names";
export {
  AGENT_PRESETS,
  type AgentChoice,
  type AgentSpec,
  splitCommandLine,
  type WaitingFor,
} from "./agents/index.js";
export type {
  ChangesOptions,
  DiffOptions,
  WorkerDiff,
  WorkerLog,
  WorkerLogEntry,
  WorkerRange,
} from "./changes.js";
export { type CheckpointResult, checkpointWorker } from "./checkpoint.js";
export type { CleanupOptions, CleanupResult } from "./cleanup.js";
export {
  CONFIG_FILE,
  DEFAULT_CONFIG,
  loadConfig,
  parseConfig,
  type WoConfig,
  type WoConfigInput,
} from "./config.js";
export type { AgentDiagnosis, DoctorOptions, DoctorReport } from "./doctor.js";
export { isWoError, WoError, type WoErrorCode, type WoErrorLike } from "./errors.js";
export type { InitOptions, InitResult, ToolCheck } from "./init.js";
export type {
  IntegrationForecast,
  IntegrationOptions,
  IntegrationReport,
  IntegrationSelection,
  SelectionOptions,
} from "./integration.js";
export type { KillResult } from "./kill.js";
export { acquireRepositoryLock, type HeldLock, type LockOptions, type LockOwner } from "./lock.js";
export type {
  FindingKind,
  MonitorAudience,
  MonitorFinding,
  MonitorReport,
  MonitorWorker,
} from "./monitor.js";
export type { MonitorOptions } from "./monitor-input.js";
export { renderMonitorReport } from "./monitor-render.js";
export type { Notification } from "./notify.js";
export { Orchestrator, type OrchestratorOptions, selectForIntegration } from "./orchestrator.js";
export { type Plan, type PlanItem, type PlanWorker, readPlanFile } from "./plan.js";
export { type PlanningOptions, type PlanningResult, planFromFiles } from "./planning.js";
export { reportWorker } from "./report.js";
export type { SendFailure, SendResult } from "./send.js";
export type { SetupOptions, SetupResult, SetupState, SetupWorker } from "./setup.js";
export type { WorkerSnapshot } from "./snapshot.js";
export type { SpawnOptions, SpawnResult } from "./spawn.js";
export type { EffectiveStatus, PaneState } from "./status.js";
export type { Watcher, WatchOptions } from "./watch.js";
export type { CollectEntry, WorkerStatusEntry } from "./worker-status.js";
export type { WorkerWorktree } from "./workers.js";
export type { RemovedWorktree } from "./worktrees.js";
