export {
  type CleanupItem,
  type CleanupOptions,
  type CleanupReport,
  type CleanupWorker,
  cleanupWorkers,
} from "./cleanup.js";
export { IntegrateError, type IntegrateErrorCode, type IntegrateErrorDetails } from "./errors.js";
export {
  type Forecast,
  type ForecastOptions,
  type ForecastStep,
  forecastConflicts,
  type MergeOrderSuggestion,
  type MergeOutcome,
  type PairForecast,
} from "./forecast.js";
export { type GitVersion, gitVersion } from "./git-version.js";
export { integrateBranches } from "./integrate.js";
export type {
  IntegrateOptions,
  IntegrationResult,
  IntoOutcome,
  Recovery,
  TestBlame,
  TestCommand,
  TestOutcome,
} from "./integration-types.js";
export type { WorkerBranch } from "./names.js";
export { type FindOrphansOptions, findOrphans, type Orphan } from "./orphans.js";
export { type IntegrationReportInput, type ReportWorker, renderIntegrationReport } from "./report.js";
export { type CheckScopesOptions, checkScopes, matchesScope, type ScopeViolation } from "./scope.js";
