import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PROTOCOL_FILES, readWorkerStatus } from "@wo/worktree";
import { stopAgentProcesses } from "./agent-processes.js";
import { WoError } from "./errors.js";
import type { EffectiveStatus } from "./status.js";
import {
  findRecord,
  killSessionIfAny,
  readRecords,
  readSessions,
  statusOfRecords,
  type WorkerRecord,
} from "./workers.js";
import type { Workspace } from "./workspace.js";

/** What `Orchestrator.kill` did. */
export interface KillResult {
  feature: string;
  /** A tmux session was killed. */
  killed: boolean;
  /** Status before the kill. */
  previous: EffectiveStatus;
  /** The worker's `.worker-result.md` (kept by the kill), or null when it wrote none. */
  resultFile: string | null;
}

/** How long a first `wo kill` of a running worker counts as the warning that a repeated kill confirms. */
export const KILL_CONFIRM_WINDOW_MS = 10 * 60 * 1000;

/**
 * Stops the worker of `feature` (kills its tmux session and every process of its agent, detached ones included). A running worker is only warned about — `E_RUNNING`,
 * nothing killed — unless `force` or the same kill is repeated within ten minutes. `.worker-result.md` is never
 * touched; a `running` status file is removed so the worktree shows as idle.
 */
export async function killWorker(
  ws: Workspace,
  feature: string,
  options: { force?: boolean } = {},
): Promise<KillResult> {
  const record = await findRecord(ws, feature);
  const [previous = "idle"] = await statusOfRecords(ws, [record]);
  const requestFile = ws.paths.killRequest(feature);
  if (previous === "running" && !options.force && !(await killConfirmed(ws, feature))) {
    await mkdir(path.dirname(requestFile), { recursive: true });
    await writeFile(requestFile, ws.now().toISOString());
    throw new WoError("E_RUNNING", `Worker ${feature} is still running; nothing was killed`, {
      hint: `Run the same command again to kill it anyway, or pass --force`,
    });
  }
  const killed = await killSessionIfAny(ws, record.session);
  // Processes of the agent that left the session (detached, daemons) go too.
  await stopAgentProcesses(ws, feature);
  await clearRunningStatus(record);
  await rm(requestFile, { force: true });
  return { feature, killed, previous, resultFile: resultFileOf(record) };
}

/** Stops every worker. Refused (`E_RUNNING`, nothing killed) while any is running, unless `force`. */
export async function killAllWorkers(
  ws: Workspace,
  options: { force?: boolean } = {},
): Promise<KillResult[]> {
  const records = await readRecords(ws);
  const statuses = await statusOfRecords(ws, records);
  const running = records.filter((_, i) => statuses[i] === "running").map((r) => r.feature);
  if (running.length > 0 && !options.force) {
    throw new WoError(
      "E_RUNNING",
      `${running.length} worker(s) still running (${running.join(", ")}); nothing was killed`,
      {
        hint: "Pass --force to kill them all, or kill them one by one with wo kill <feature>",
      },
    );
  }
  const results: KillResult[] = [];
  // Only this repository's sessions, listed once: a same-named session of another repository or of the user stays.
  const sessions = await readSessions(ws);
  for (const [i, record] of records.entries()) {
    const killed = await killSessionIfAny(ws, record.session, sessions);
    await stopAgentProcesses(ws, record.feature);
    await clearRunningStatus(record);
    await rm(ws.paths.killRequest(record.feature), { force: true });
    // Every worker, killed or not: the JSON does not depend on which of them happened to have a session.
    results.push({
      feature: record.feature,
      killed,
      previous: statuses[i] ?? "idle",
      resultFile: resultFileOf(record),
    });
  }
  return results;
}

/** The result file a kill keeps, when the worker wrote one. */
function resultFileOf(record: WorkerRecord): string | null {
  const file = path.join(record.path, PROTOCOL_FILES.result);
  return existsSync(file) ? file : null;
}

/** A killed worker shows as idle, not as a running worker whose agent died. */
async function clearRunningStatus(record: WorkerRecord): Promise<void> {
  const file = await readWorkerStatus(record.path).catch(() => null);
  if (file === "running") await rm(path.join(record.path, PROTOCOL_FILES.status), { force: true });
}

/** Whether a warned kill of `feature` happened within {@link KILL_CONFIRM_WINDOW_MS}. */
async function killConfirmed(ws: Workspace, feature: string): Promise<boolean> {
  try {
    const requested = Date.parse((await readFile(ws.paths.killRequest(feature), "utf8")).trim());
    return ws.now().getTime() - requested <= KILL_CONFIRM_WINDOW_MS;
  } catch {
    return false;
  }
}
