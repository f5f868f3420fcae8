import type { Stats } from "node:fs";
import { copyFile, lstat, mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { WorktreeError } from "./errors.js";
import { isTracked } from "./files.js";
import { PROTOCOL_FILES, readWorkerStatus, type WorkerFileStatus } from "./protocol.js";

/** One archived result: what a worker reported before its worktree was respawned, removed or cleaned up. */
export interface ArchivedResult {
  feature: string;
  /** The worker's `.worker-status` when it was archived (`null`: none, or unreadable). */
  status: WorkerFileStatus | null;
  /** The text of `.worker-result.md`; `null` when the worker wrote none. */
  result: string | null;
  /** When the worker wrote its result (or, without one, its status). */
  finishedAt: string;
  /** When wo archived it; `null` for archives of older versions, which kept only the text. */
  archivedAt: string | null;
  /** What made wo archive it: `respawn`, `cleanup`, `worktree remove`. */
  reason: string | null;
  /** The archived text (`<stamp>.md`), or the record (`<stamp>.json`) when there was no text. */
  file: string;
}

/** Options of {@link archiveWorkerResult}. */
export interface ArchiveOptions {
  feature: string;
  /** Recorded with the archive: why it was made. */
  reason: string;
  /** Move the result out of the worktree (a respawn) instead of copying it (a removal deletes the worktree anyway). */
  move?: boolean;
  /** The clock. Default `new Date()`. */
  now?: Date;
}

interface ArchiveRecord {
  feature: string;
  status: WorkerFileStatus | null;
  finishedAt: string;
  archivedAt: string;
  reason: string;
}

/**
 * Saves a worker's `.worker-result.md` and final status under `resultsDir` (`<common dir>/wo/results/<feature>`,
 * see `woStatePaths`) as `<stamp>.md` + `<stamp>.json`, the stamp being when the worker wrote them. Archiving the
 * same result twice is a no-op, so every path that removes a worktree can archive first without duplicates; a
 * different result with the same stamp gets a slot of its own (`<stamp>-1`), so no archive is ever replaced. Only a
 * regular file is read: a symbolic link at the result's path is never followed nor archived (an untracked one is
 * removed, one the repository committed is left), and anything else there (a directory, a FIFO) is left for
 * `wo status` to name. The archive directory must be a real directory, not a link. Returns what was archived (the
 * `.md`, or the `.json` when there was no text), or `null` when the worker left neither a result nor a final
 * (`done`/`failed`) status.
 */
export async function archiveWorkerResult(
  worktree: string,
  resultsDir: string,
  options: ArchiveOptions,
): Promise<string | null> {
  const resultFile = path.join(worktree, PROTOCOL_FILES.result);
  const result = await archivableResult(resultFile);
  const status = await readWorkerStatus(worktree).catch(() => null);
  const statusFile = await regularFile(path.join(worktree, PROTOCOL_FILES.status));
  if (!result && !(statusFile && (status === "done" || status === "failed"))) return null;
  await archiveDirectory(resultFile, resultsDir);
  const finished = (result ?? statusFile)?.mtime as Date;
  const text = result ? await readFile(resultFile, "utf8") : null;
  const { base, taken } = await freeSlot(
    resultsDir,
    finished.toISOString().replace(/[:.]/g, "-"),
    text,
    status,
  );
  if (!taken) {
    if (text !== null) {
      if (options.move) await rename(resultFile, `${base}.md`);
      else {
        await copyFile(resultFile, `${base}.md.tmp`);
        await rename(`${base}.md.tmp`, `${base}.md`);
      }
    }
    const record: ArchiveRecord = {
      feature: options.feature,
      status,
      finishedAt: finished.toISOString(),
      archivedAt: (options.now ?? new Date()).toISOString(),
      reason: options.reason,
    };
    await writeFile(`${base}.json.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    await rename(`${base}.json.tmp`, `${base}.json`);
  } else if (text !== null && options.move) {
    await unlink(resultFile);
  }
  return text !== null ? `${base}.md` : `${base}.json`;
}

/** The archived results of one worker (`resultsDir` as for {@link archiveWorkerResult}), oldest first. */
export async function readArchivedResults(resultsDir: string, feature: string): Promise<ArchivedResult[]> {
  let names: string[];
  try {
    names = await readdir(resultsDir);
  } catch {
    return [];
  }
  const stamps = [
    ...new Set(names.filter((n) => /\.(md|json)$/.test(n)).map((n) => n.replace(/\.(md|json)$/, ""))),
  ];
  const archived: ArchivedResult[] = [];
  for (const stamp of stamps.sort()) {
    const base = path.join(resultsDir, stamp);
    const text = await readFile(`${base}.md`, "utf8").catch(() => null);
    const record = await readRecord(`${base}.json`);
    if (text === null && record === null) continue;
    archived.push({
      feature,
      status: record?.status ?? null,
      result: text,
      finishedAt: record?.finishedAt ?? stampTime(stamp),
      archivedAt: record?.archivedAt ?? null,
      reason: record?.reason ?? null,
      file: text === null ? `${base}.json` : `${base}.md`,
    });
  }
  return archived;
}

/**
 * The result file when it can be archived: a regular file. A link is never followed: an untracked one is removed
 * (wo owns the path), a committed one is left; absent or anything else gives `null`.
 */
async function archivableResult(file: string): Promise<Stats | null> {
  let info: Stats;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new WorktreeError("E_FILE", `Cannot archive ${file}: ${(error as Error).message}`, {
      file,
      cause: error,
    });
  }
  if (info.isSymbolicLink()) {
    if (!(await isTracked(file))) await unlink(file);
    return null;
  }
  return info.isFile() ? info : null;
}

/** Creates the archive directory, refusing one that is a link (archives would land wherever it points). */
async function archiveDirectory(file: string, resultsDir: string): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  if (!(await lstat(resultsDir)).isDirectory()) {
    throw new WorktreeError("E_FILE_LINK", `Cannot archive ${file}: ${resultsDir} is not a directory`, {
      file: resultsDir,
      hint: `Remove ${resultsDir} (wo recreates it)`,
    });
  }
}

/**
 * The first slot `<stamp>`, `<stamp>-1`, … that is free or already holds this very archive (`taken`): the same text,
 * or for a status-only archive the same status.
 */
async function freeSlot(
  resultsDir: string,
  stamp: string,
  text: string | null,
  status: WorkerFileStatus | null,
): Promise<{ base: string; taken: boolean }> {
  for (let n = 0; ; n++) {
    const base = path.join(resultsDir, n === 0 ? stamp : `${stamp}-${n}`);
    const [md, record] = await Promise.all([
      readFile(`${base}.md`, "utf8").catch(() => null),
      readRecord(`${base}.json`),
    ]);
    if (md === null && record === null) return { base, taken: false };
    if (text !== null ? md === text : md === null && record?.status === status) return { base, taken: true };
  }
}

/** `lstat` of a regular file, `null` for anything else (absent, a link, a directory, a FIFO). */
async function regularFile(file: string): Promise<Stats | null> {
  try {
    const info = await lstat(file);
    return info.isFile() ? info : null;
  } catch {
    return null;
  }
}

async function readRecord(file: string): Promise<ArchiveRecord | null> {
  try {
    const value = JSON.parse(await readFile(file, "utf8")) as ArchiveRecord;
    return typeof value === "object" && value !== null ? value : null;
  } catch {
    return null;
  }
}

/** `2026-12-06T15-31-10-123Z` → `2026-12-06T15:31:10.123Z` (the name of an archive made by older versions). */
function stampTime(stamp: string): string {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/.exec(stamp);
  return match ? `${match[1]}:${match[2]}:${match[3]}.${match[4]}Z` : stamp;
}
