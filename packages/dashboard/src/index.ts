export { type Dashboard, type DashboardOptions, startDashboard } from "./server/start.js";
export type {
  ActionResponse,
  DashboardState,
  DashboardWorker,
  GraphEdge,
  GraphNode,
  PlanGraph,
  WorkerDetail,
} from "./shared/messages.js";
