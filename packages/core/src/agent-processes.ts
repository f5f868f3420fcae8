import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import type { Workspace } from "./workspace.js";

/**
 * Every process of a worker's agent carries `WO_RUN_ID=<repository owner id>/<feature>/<run>` in its environment
 * (the launcher starts the agent with it, and children inherit it), so wo finds them all on `kill`, `kill-all`,
 * `cleanup` and respawn — also the ones that left the pane's process group (a double fork, `setsid`, a background
 * daemon). Linux only: elsewhere there is no `/proc` to read, and only the tmux session is killed.
 */
export const RUN_ID_VARIABLE = "WO_RUN_ID";

/** A fresh run id for one start of `feature`'s agent. */
export function newRunId(ws: Workspace, feature: string): string {
  return `${runIdPrefix(ws, feature)}${randomBytes(8).toString("hex")}`;
}

/** How long agent processes get between SIGTERM and SIGKILL. */
export const AGENT_STOP_GRACE_MS = 1500;

/**
 * Stops every process left of `feature`'s agent, of any run: SIGTERM, then SIGKILL for what is still there after
 * {@link AGENT_STOP_GRACE_MS}. Returns the pids signalled. wo's own process is never signalled.
 */
export async function stopAgentProcesses(ws: Workspace, feature: string): Promise<number[]> {
  const prefix = `${RUN_ID_VARIABLE}=${runIdPrefix(ws, feature)}`;
  const pids = await processesWithEnvironment((entry) => entry.startsWith(prefix));
  if (pids.length === 0) return [];
  signalAll(pids, "SIGTERM");
  const deadline = Date.now() + AGENT_STOP_GRACE_MS;
  let alive = pids.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    alive = alive.filter(isAlive);
  }
  signalAll(alive, "SIGKILL");
  return pids;
}

/** The run-id prefix shared by all runs of one worker (feature names never hold `/`). */
function runIdPrefix(ws: Workspace, feature: string): string {
  return `${ws.owner.id}/${feature}/`;
}

/**
 * Pids (other than this process) whose environment has an entry matching `match`. Processes that cannot be read
 * (another user's, or ones that ended meanwhile) are skipped; without `/proc` the list is empty.
 */
export async function processesWithEnvironment(match: (entry: string) => boolean): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir("/proc");
  } catch {
    return [];
  }
  const pids = names.filter((name) => /^\d+$/.test(name)).map(Number);
  const found = await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return null;
      try {
        const environ = await readFile(`/proc/${pid}/environ`, "latin1");
        return environ.split("\0").some(match) && !(await isZombie(pid)) ? pid : null;
      } catch {
        return null;
      }
    }),
  );
  return found.filter((pid): pid is number => pid !== null);
}

/** A zombie has ended already; only its parent can reap it. */
async function isZombie(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // it ended meanwhile
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie still answers signal 0; /proc tells it apart.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}
