import path from "node:path";
import { WorktreeError } from "./errors.js";
import { formatBytes, prepareTarget, readRegularFile, regularFileTime, writeRegularFile } from "./files.js";

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

/** `.worktree.json` is read and written up to this size; a larger file is that worker's problem, never loaded. */
export const META_MAX_BYTES = 1024 * 1024;

/** `.worker-result.md` is read up to this size (`wo collect`, `wo status`); a larger one is that worker's problem. */
export const RESULT_MAX_BYTES = 10 * 1024 * 1024;

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
  const text = await readRegularFile(file, { maxBytes: META_MAX_BYTES });
  return text === null ? null : parseWorktreeMeta(text, file);
}

/**
 * Writes `<dir>/.worktree.json` atomically, merging into what is there: keys the caller does not know about (added
 * by users or newer versions) are preserved, and the `worker` block is merged key by key. An untracked link in its
 * place is replaced (never written through), a committed one refused; a result over {@link META_MAX_BYTES} is
 * refused (`E_TOO_LARGE`), so wo never writes a file it would not read back.
 */
export async function writeWorktreeMeta(dir: string, meta: WorktreeMeta): Promise<WorktreeMeta> {
  const file = path.join(dir, PROTOCOL_FILES.meta);
  const target = await prepareTarget(file);
  const current = (target === "file" ? await readWorktreeMeta(dir) : null) ?? ({} as Partial<WorktreeMeta>);
  const merged: WorktreeMeta = { ...current, ...meta };
  if (current.worker && meta.worker) merged.worker = { ...current.worker, ...meta.worker };
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  const size = Buffer.byteLength(text);
  if (size > META_MAX_BYTES) {
    throw new WorktreeError(
      "E_TOO_LARGE",
      `Cannot write ${file}: it would be ${formatBytes(size)}, over the ${formatBytes(META_MAX_BYTES)} limit of ${PROTOCOL_FILES.meta}`,
      { file, hint: "Shorten the task text or the plan items stored for this worker" },
    );
  }
  await writeRegularFile(file, text);
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
  const text = await readRegularFile(file, { limit: STATUS_READ_LIMIT + 1 });
  if (text === null) return null;
  return parseWorkerStatus(Buffer.byteLength(text) > STATUS_READ_LIMIT ? `${text}…` : text, file);
}

/** When `.worker-status` was last written, `null` when absent or not a regular file. */
export async function workerStatusTime(dir: string): Promise<Date | null> {
  return regularFileTime(path.join(dir, PROTOCOL_FILES.status));
}

/** Writes `<dir>/.worker-status` atomically (temp file + rename): readers never see a half-written status. */
export async function writeWorkerStatus(dir: string, status: WorkerFileStatus): Promise<void> {
  if (!STATUSES.includes(status)) {
    throw new WorktreeError(
      "E_STATUS_INVALID",
      `Cannot write status ${JSON.stringify(status)}: expected running, done or failed`,
    );
  }
  await writeRegularFile(path.join(dir, PROTOCOL_FILES.status), `${status}\n`);
}

/**
 * Reads `<dir>/.worker-result.md`; `null` when absent. A link, directory or FIFO in its place is an error naming the
 * file (`E_FILE_LINK`, `E_FILE`), and so is a result over {@link RESULT_MAX_BYTES} (`E_TOO_LARGE`).
 */
export async function readWorkerResult(dir: string): Promise<string | null> {
  return readRegularFile(path.join(dir, PROTOCOL_FILES.result), { maxBytes: RESULT_MAX_BYTES });
}

/** Writes `<dir>/.worker-result.md` atomically (an untracked link there is replaced, a committed one refused). */
export async function writeWorkerResult(dir: string, text: string): Promise<void> {
  await writeRegularFile(path.join(dir, PROTOCOL_FILES.result), text.endsWith("\n") ? text : `${text}\n`);
}
