import { type WorktreeMeta, writeWorktreeMeta } from "@wo/worktree";
import { WoError } from "./errors.js";

/**
 * The most task text wo stores for one task in `.worktree.json` (256 KiB, UTF-8): well under the file's 1 MiB read
 * limit, so a stored task never makes the file unreadable. Longer instructions belong in a file the task names.
 */
export const TASK_MAX_BYTES = 256 * 1024;

/** Why `task` cannot be stored, or `null`. Pure. */
export function taskTextProblem(task: string): string | null {
  const bytes = Buffer.byteLength(task);
  return bytes > TASK_MAX_BYTES
    ? `the task is ${bytes} bytes, over the ${TASK_MAX_BYTES}-byte (256 KiB) limit of task text`
    : null;
}

/** Throws `E_INPUT` naming the feature and the limit when `task` is too long to store. */
export function validateTaskText(feature: string, task: string): void {
  const problem = taskTextProblem(task);
  if (problem) {
    throw new WoError("E_INPUT", `Cannot store the task of ${feature}: ${problem}`, {
      hint: "Put the details in a file in the repository and name that file in the task",
    });
  }
}

/**
 * What wo knows about a worker from its `.worktree.json` (the worker file protocol, docs/design.md): written by
 * `wo worktree add`, `wo setup` and `wo spawn`, read by status, monitor, resume and integration. Decoded values are
 * typed; a missing or ill-typed value decodes to its fallback, never to an error, because the file is the
 * worker's as much as wo's.
 */
export interface WorkerMetadata {
  /** The feature name recorded for the worktree (`null`: absent or not a non-empty string). */
  feature: string | null;
  /** Plan worker id (`task-2`), when the worker came from a plan. */
  workerId: string | null;
  /** Paths the worker may change (`/`-terminated entries are directories); `[]` means unrestricted. */
  scope: string[];
  /** Plan item ids the worker owns. */
  items: string[];
  /** The worker's task descriptions, in plan order. */
  tasks: string[];
  /** Plan worker ids this worker waits for. */
  dependsOn: string[];
  /** The agent command template chosen at setup, kept for later runs. */
  agentTemplate: string | null;
  /** `false` while a created worktree still needs its bootstrap (copied files, post-create command). */
  bootstrapped: boolean | null;
  /** The worker's `WO_PORT`. */
  port: number | null;
  /** What the last spawn recorded. */
  spawn: {
    session: string | null;
    task: string | null;
    agent: string | null;
    /** ISO 8601 time the agent was started. */
    startedAt: string | null;
  };
}

/** Keys to set in `.worktree.json`; absent keys keep their stored value, and keys wo does not know survive. */
export interface WorkerMetadataUpdate {
  feature: string;
  branch?: string;
  workerId?: string;
  scope?: string[];
  items?: string[];
  tasks?: string[];
  dependsOn?: string[];
  agentTemplate?: string;
  bootstrapped?: boolean;
  port?: number;
  spawn?: { session: string; task: string; agent: string; startedAt: string };
}

/**
 * Decodes `.worktree.json` (as read by `readWorktreeMeta`) into typed values. Pure. A plain decoder rather than a
 * schema library: status and monitor read every worker's file on each call, and the CLI starts without loading the
 * schema library (it loads only to validate configuration and plans).
 */
export function decodeWorkerMeta(meta: WorktreeMeta | null | undefined): WorkerMetadata {
  const worker = meta?.worker;
  return {
    feature: meta?.feature && typeof meta.feature === "string" ? meta.feature : null,
    workerId: text(meta?.workerId),
    // Scope entries are used as stored (the scope guard and the monitor compare them as paths).
    scope: Array.isArray(meta?.scope) ? (meta.scope as string[]) : [],
    items: strings(meta?.items),
    tasks: strings(meta?.tasks),
    dependsOn: strings(meta?.dependsOn),
    agentTemplate: text(meta?.agentTemplate),
    bootstrapped: typeof meta?.bootstrapped === "boolean" ? meta.bootstrapped : null,
    port: typeof meta?.port === "number" ? meta.port : null,
    spawn: {
      session: text(worker?.session),
      task: text(worker?.task),
      agent: text(worker?.agent),
      startedAt: text(worker?.started_at),
    },
  };
}

/**
 * Writes `update` into the worktree's `.worktree.json`, in the order of its keys, over what is stored: keys it does
 * not name (including keys wo does not know) are kept, and so are the stored `worker` block's other keys.
 */
export async function writeWorkerMeta(dir: string, update: WorkerMetadataUpdate): Promise<WorktreeMeta> {
  for (const task of [...(update.tasks ?? []), ...(update.spawn ? [update.spawn.task] : [])])
    validateTaskText(update.feature, task);
  const meta: WorktreeMeta = { feature: update.feature };
  for (const [key, value] of Object.entries(update)) {
    if (value === undefined || key === "feature") continue;
    if (key === "spawn") {
      const { session, task, agent, startedAt } = value as NonNullable<WorkerMetadataUpdate["spawn"]>;
      meta.worker = { session, task, agent, started_at: startedAt };
    } else meta[key] = value;
  }
  return writeWorktreeMeta(dir, meta);
}

/** A string value, or `null` for anything else. */
function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** A list as strings (`String` of each element, as every reader did), or `[]` when it is not a list. */
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
