import type {
  IntegrationForecast,
  KillResult,
  MonitorReport,
  SpawnResult,
  WorkerDiff,
  WorkerLog,
  WorkerStatusEntry,
} from "@wo/core";

/**
 * The messages the dashboard's server and its page exchange. The server sends the documented `--json` shapes
 * (docs/design.md, "JSON shapes") inside these envelopes; the page imports this module as types only.
 */

/** A `wo status --json` row; `waitingFor` is present when core reports a waiting worker (status `waiting`). */
export type DashboardWorker = WorkerStatusEntry & { waitingFor?: unknown };

/** One node of the plan graph: a plan worker (or a worker without a plan) or a plan item it owns. */
export interface GraphNode {
  id: string;
  kind: "worker" | "item";
  label: string;
  /** A worker's effective status (`running`, `done`, …); `null` for an item. */
  status: string | null;
  /** The worker's `[BLOCKED]` reason, when its newest prefixed commit says it is blocked. */
  blocked: string | null;
}

/** An edge of the plan graph: `from` must happen before `to`. */
export interface GraphEdge {
  from: string;
  to: string;
  /** `owns`: worker → item; `depends`: the plan's dependency; `needs`: an open `[NEEDS]` commit. */
  kind: "owns" | "depends" | "needs";
  /** A `needs` edge whose worker is waiting on it, or a `depends` edge into a blocked worker. */
  highlighted: boolean;
}

/** The plan as a graph: nodes and edges only; the page lays it out. */
export interface PlanGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Everything the live views show, sent whole on each change (event `state`). */
export interface DashboardState {
  /** The repository's root directory. */
  repository: string;
  /** ISO 8601 time the state was read. */
  generatedAt: string;
  /** `wo status --json`. */
  workers: DashboardWorker[];
  /** `wo monitor --forecast --json` (its `forecast` holds the conflicting pairs). */
  monitor: MonitorReport | null;
  /** The plan graph built from the workers' `.worktree.json` and the monitor's `[NEEDS]`. */
  graph: PlanGraph;
  /** What each worker's `.worktree.json` says beyond the status row: its plan id, scope and port. */
  workerInfo: Record<string, WorkerInfo>;
  /** Set when reading the state failed; the rest is the last good state. */
  error: string | null;
}

/** A worker's plan id, file scope (`[]`: unrestricted) and `WO_PORT`, from its `.worktree.json`. */
export interface WorkerInfo {
  workerId: string | null;
  scope: string[];
  port: number | null;
}

/** The detail of one worker (`GET /api/workers/:feature`). */
export interface WorkerDetail {
  feature: string;
  /** The worker's task, or its plan tasks joined. */
  task: string | null;
  /** `.worker-result.md` of a finished worker (`wo collect`), else `null`. */
  result: string | null;
  /** `wo log --json`, or `null` when the worker has no branch yet. */
  log: WorkerLog | null;
  /** `wo diff --json`, or `null` when the worker has no branch yet. */
  diff: WorkerDiff | null;
  /** The last lines of the worker's pane, as plain text. */
  output: string[];
  /** What could not be read, one line each. */
  problems: string[];
}

/** `POST /api/workers/:feature/send`. */
export interface SendRequest {
  text: string;
}

/** `POST /api/workers/:feature/kill`: `force` is the confirmation a running worker needs. */
export interface KillRequest {
  force: boolean;
}

/** `POST /api/integrate/dry-run`. */
export interface DryRunRequest {
  name: string;
}

/** `wo integrate --dry-run --json`. */
export type DryRunResult = { dryRun: true } & IntegrationForecast;

/** The answer to an action: the documented `--json` shape of the same command, or an error. */
export type ActionResponse =
  | { ok: true; send: { sent: string[] } }
  | { ok: true; kill: KillResult }
  | { ok: true; resume: SpawnResult }
  | { ok: true; dryRun: DryRunResult }
  | { ok: false; error: { code: string; message: string; hint: string | null } };

/** The newest integration report (`.git/wo/reports/<name>.md`), for the integration view. */
export interface IntegrationReportFile {
  name: string;
  markdown: string;
}

/** Server-sent event names. */
export const EVENTS = { state: "state" } as const;

/** The header (or `token` query parameter) every request carries. */
export const TOKEN_HEADER = "x-wo-token";
