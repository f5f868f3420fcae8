import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { WoError } from "@wo/core";

/** What `.git/wo/dashboard.json` records about the running dashboard of a repository. */
export interface DashboardInstance {
  pid: number;
  url: string;
  startedAt: string;
}

/** Where a repository's running dashboard is recorded: in wo's state directory, never in a working tree. */
export function instanceFile(stateDir: string): string {
  return path.join(stateDir, "dashboard.json");
}

/**
 * Refuses (`E_ALREADY_RUNNING`, naming its URL) when another live process serves this repository's dashboard. A
 * record whose process is gone is stale and ignored; an unreadable one too.
 */
export async function assertNoOtherInstance(stateDir: string): Promise<void> {
  const other = await readInstance(stateDir);
  if (other && processIsAlive(other.pid)) {
    throw new WoError(
      "E_ALREADY_RUNNING",
      `A dashboard for this repository is already running at ${other.url} (pid ${other.pid})`,
      { hint: "Open that URL, or stop that dashboard (Ctrl-C in its terminal) before starting another" },
    );
  }
}

/** Records this process as the repository's dashboard. */
export async function writeInstance(stateDir: string, instance: DashboardInstance): Promise<void> {
  const file = instanceFile(stateDir);
  await mkdir(stateDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(instance, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, file);
}

/** Removes the record if it is still this process's. */
export async function removeInstance(stateDir: string): Promise<void> {
  const current = await readInstance(stateDir);
  if (current?.pid === process.pid) await rm(instanceFile(stateDir), { force: true });
}

// The record, or null when it is missing or not what this module writes.
async function readInstance(stateDir: string): Promise<DashboardInstance | null> {
  try {
    const value = JSON.parse(await readFile(instanceFile(stateDir), "utf8")) as Partial<DashboardInstance>;
    return typeof value.pid === "number" && typeof value.url === "string"
      ? { pid: value.pid, url: value.url, startedAt: String(value.startedAt ?? "") }
      : null;
  } catch {
    return null;
  }
}

// Signal 0 checks existence; EPERM means it exists but belongs to someone else.
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
