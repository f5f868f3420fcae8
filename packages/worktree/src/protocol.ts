import { closeSync, constants, fstatSync, openSync, readFileSync, readSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { WorktreeError } from "./errors.js";

/** Names of the worker protocol files inside a worktree. */
export const PROTOCOL_FILES = {
  meta: ".worktree.json",
  status: ".worker-status",
  result: ".worker-result.md",
} as const;

/**
 * Patterns wo adds to `info/exclude`: the protocol files and the temp files of their atomic writes, at any depth, so
 * no worker ever commits them.
 */
export const PROTOCOL_EXCLUDES: readonly string[] = Object.values(PROTOCOL_FILES).flatMap((name) => [
  name,
  `${name}.*`,
]);

/** What a worker writes to `.worker-status`. */
export type WorkerFileStatus = "running" | "done" | "failed";

const STATUSES: readonly WorkerFileStatus[] = ["running", "done", "failed"];

/** The `worker` block of `.worktree.json`. Unknown keys are kept. */
export interface WorkerMeta {
  session?: string;
  task?: string;
  agent?: string;
  /** ISO 8601 time the worker was spawned. */
  started_at?: string;
  [key: string]: unknown;
}

/** `.worktree.json`: who this worktree belongs to. Unknown keys are preserved on rewrite. */
export interface WorktreeMeta {
  feature: string;
  branch?: string;
  scope?: string[];
  worker?: WorkerMeta;
  [key: string]: unknown;
}

function corrupt(file: string, problem: string, cause?: unknown): WorktreeError {
  return new WorktreeError("E_META_CORRUPT", `${file} is not valid worker metadata: ${problem}`, {
    file,
    hint: `Fix or delete ${path.basename(file)} (it is rewritten by \`wo spawn\`/\`wo setup\`)`,
    cause,
  });
}

// Protocol files are a few bytes, and `wo status` reads two per worker: read synchronously, which is much faster
// than a round trip through the thread pool (fs/promises) for each. The functions stay async so callers do not
// depend on it.
async function readIfExists(file: string, limit?: number): Promise<string | null> {
  try {
    return readRegularFile(file, limit);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new WorktreeError("E_FILE", `Cannot read ${file}: ${(error as Error).message}`, {
      file,
      cause: error,
    });
  }
}

/**
 * Reads a regular file (at most `limit` bytes when given) without ever waiting: opened non-blocking, so a FIFO or
 * device put in a protocol file's place is refused instead of hanging the process.
 */
function readRegularFile(file: string, limit?: number): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new Error("not a regular file");
    if (limit === undefined) return readFileSync(fd, "utf8");
    const buffer = Buffer.alloc(limit);
    return buffer.subarray(0, readSync(fd, buffer, 0, limit, 0)).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

async function writeAtomic(file: string, data: string): Promise<void> {
  try {
    // Loaded when first needed: it loads crypto and worker_threads, which read-only commands (wo status) never use.
    const { default: writeFileAtomic } = await import("write-file-atomic");
    await writeFileAtomic(file, data);
  } catch (error) {
    throw new WorktreeError("E_FILE", `Cannot write ${file}: ${(error as Error).message}`, {
      file,
      hint: "Check that the worktree directory exists and is writable",
      cause: error,
    });
  }
}

/** Validates parsed `.worktree.json` content. Pure; throws `E_META_CORRUPT` naming `file`. */
export function parseWorktreeMeta(text: string, file: string = PROTOCOL_FILES.meta): WorktreeMeta {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corrupt(file, `it is not JSON (${(error as Error).message})`, error);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    throw corrupt(file, "it is not a JSON object");
  const meta = value as Record<string, unknown>;
  if (typeof meta.feature !== "string") throw corrupt(file, `"feature" must be a string`);
  if (meta.branch !== undefined && typeof meta.branch !== "string")
    throw corrupt(file, `"branch" must be a string`);
  if (
    meta.scope !== undefined &&
    !(Array.isArray(meta.scope) && meta.scope.every((s) => typeof s === "string"))
  ) {
    throw corrupt(file, `"scope" must be an array of strings`);
  }
  if (
    meta.worker !== undefined &&
    (meta.worker === null || typeof meta.worker !== "object" || Array.isArray(meta.worker))
  ) {
    throw corrupt(file, `"worker" must be an object`);
  }
  return meta as WorktreeMeta;
}

/** Reads `<dir>/.worktree.json`; `null` when absent; `E_META_CORRUPT` naming the file when it is not valid. */
export async function readWorktreeMeta(dir: string): Promise<WorktreeMeta | null> {
  const file = path.join(dir, PROTOCOL_FILES.meta);
  const text = await readIfExists(file);
  return text === null ? null : parseWorktreeMeta(text, file);
}

/**
 * Writes `<dir>/.worktree.json` atomically, merging into what is there: keys the caller does not know about (added
 * by users or newer versions) are preserved, and the `worker` block is merged key by key.
 */
export async function writeWorktreeMeta(dir: string, meta: WorktreeMeta): Promise<WorktreeMeta> {
  const current = (await readWorktreeMeta(dir)) ?? ({} as Partial<WorktreeMeta>);
  const merged: WorktreeMeta = { ...current, ...meta };
  if (current.worker && meta.worker) merged.worker = { ...current.worker, ...meta.worker };
  await writeAtomic(path.join(dir, PROTOCOL_FILES.meta), `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}

/** Parses `.worker-status` content. Pure; `null` for an empty file; throws `E_STATUS_INVALID` for anything else. */
export function parseWorkerStatus(
  text: string,
  file: string = PROTOCOL_FILES.status,
): WorkerFileStatus | null {
  const word = text.trim().toLowerCase();
  if (word === "") return null;
  if ((STATUSES as readonly string[]).includes(word)) return word as WorkerFileStatus;
  const shown = /^[\x20-\x7e]{1,40}$/.test(word)
    ? JSON.stringify(word)
    : `${text.length} bytes that are not a status`;
  throw new WorktreeError("E_STATUS_INVALID", `${file} holds ${shown}; expected running, done or failed`, {
    file,
    hint: `Write one of running, done, failed (e.g. \`wo report done\`), or delete ${path.basename(file)}`,
  });
}

// A status is one short word; reading more than this from a corrupted or hostile file would only cost memory.
const STATUS_READ_LIMIT = 64;

/** Reads `<dir>/.worker-status`; `null` when absent or empty; `E_STATUS_INVALID` naming the file for garbage. */
export async function readWorkerStatus(dir: string): Promise<WorkerFileStatus | null> {
  const file = path.join(dir, PROTOCOL_FILES.status);
  const text = await readIfExists(file, STATUS_READ_LIMIT + 1);
  if (text === null) return null;
  return parseWorkerStatus(Buffer.byteLength(text) > STATUS_READ_LIMIT ? `${text}…` : text, file);
}

/** When `.worker-status` was last written, `null` when absent. */
export async function workerStatusTime(dir: string): Promise<Date | null> {
  try {
    return (await stat(path.join(dir, PROTOCOL_FILES.status))).mtime;
  } catch {
    return null;
  }
}

/** Writes `<dir>/.worker-status` atomically (temp file + rename): readers never see a half-written status. */
export async function writeWorkerStatus(dir: string, status: WorkerFileStatus): Promise<void> {
  if (!STATUSES.includes(status)) {
    throw new WorktreeError(
      "E_STATUS_INVALID",
      `Cannot write status ${JSON.stringify(status)}: expected running, done or failed`,
    );
  }
  await writeAtomic(path.join(dir, PROTOCOL_FILES.status), `${status}\n`);
}

/** Reads `<dir>/.worker-result.md`; `null` when absent. */
export async function readWorkerResult(dir: string): Promise<string | null> {
  return readIfExists(path.join(dir, PROTOCOL_FILES.result));
}

/** Writes `<dir>/.worker-result.md` atomically. */
export async function writeWorkerResult(dir: string, text: string): Promise<void> {
  await writeAtomic(path.join(dir, PROTOCOL_FILES.result), text.endsWith("\n") ? text : `${text}\n`);
}
