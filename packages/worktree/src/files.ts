import { randomBytes } from "node:crypto";
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from "node:fs";
import { lstat, open, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { WorktreeError } from "./errors.js";
import { git } from "./git.js";

// Reading and writing files in a worktree without ever following a symbolic link: a repository can commit a link in
// a protocol file's place (`.worker-status -> ../../../somefile`), and wo must neither read nor write the file it
// points to (docs/design.md, "The worker file protocol").

/** What to read: at most `limit` bytes, and refuse a file larger than `maxBytes` without loading it. */
export interface ReadOptions {
  limit?: number;
  maxBytes?: number;
}

/**
 * Reads a regular file without following a link and without ever waiting: `null` when absent; `E_FILE_LINK` for a
 * link, `E_FILE` for a directory, FIFO or device (checked before opening, so a FIFO is never opened),
 * `E_TOO_LARGE` beyond `maxBytes`. Synchronous: protocol files are a few bytes and `wo status` reads two per
 * worker, which is much faster than a round trip through the thread pool for each.
 */
export function readRegularFile(file: string, options: ReadOptions = {}): string | null {
  let before: Stats;
  try {
    before = lstatSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw fileError(file, error);
  }
  refuseOdd(file, before);
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK: a link or FIFO swapped in after the lstat is refused rather than followed or
    // waited on.
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "ELOOP") throw linkError(file);
    throw fileError(file, error);
  }
  try {
    const stats = fstatSync(fd);
    refuseOdd(file, stats);
    if (options.maxBytes !== undefined && stats.size > options.maxBytes)
      throw tooLarge(file, stats.size, options.maxBytes);
    // A file that grows while it is read stops one byte past the cap, never loading more.
    const cap =
      options.limit ?? (options.maxBytes === undefined ? Number.POSITIVE_INFINITY : options.maxBytes + 1);
    return readUpTo(fd, cap, stats.size).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `data` to `file` atomically without following a link: a temporary file beside it (created with
 * `O_EXCL|O_NOFOLLOW`, named `<file>.<random>` so `info/exclude` covers it) renamed over the target. A rename
 * replaces a link instead of writing through it; see {@link prepareTarget} for what is refused.
 */
export async function writeRegularFile(file: string, data: string): Promise<void> {
  await prepareTarget(file);
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  try {
    const handle = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o666,
    );
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new WorktreeError("E_FILE", `Cannot write ${file}: ${(error as Error).message}`, {
      file,
      hint: "Check that the worktree directory exists and is writable",
      cause: error,
    });
  }
}

/**
 * What is at `file` before wo writes there: `absent`, a regular `file`, or `replace` — a link, FIFO or socket the
 * repository does not track, which the write replaces (the protocol files are wo's, as `wo kill` unlinks a status).
 * A directory, or a link the repository committed, is refused with one line naming the file: replacing it would
 * change the user's tree.
 */
export async function prepareTarget(file: string): Promise<"absent" | "file" | "replace"> {
  let stats: Stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "absent";
    throw fileError(file, error);
  }
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) {
    throw new WorktreeError("E_FILE", `Cannot write ${file}: it is a directory, not a regular file`, {
      file,
      hint: `Remove the directory ${path.basename(file)} and run the command again`,
    });
  }
  if (await isTracked(file)) {
    throw new WorktreeError(
      "E_FILE_LINK",
      `Cannot write ${file}: it is a ${kindOf(stats)} committed to the repository, and wo never writes through one`,
      {
        file,
        hint: `Remove it from the repository (git rm ${path.basename(file)}, then commit) and run the command again`,
      },
    );
  }
  return "replace";
}

/** Whether git tracks `file` in the worktree holding it; `false` outside a repository. */
export async function isTracked(file: string): Promise<boolean> {
  const result = await git(["--literal-pathspecs", "ls-files", "-z", "--", path.basename(file)], {
    cwd: path.dirname(file),
    allowFailure: true,
  });
  return result.exitCode === 0 && result.stdout !== "";
}

/** The modification time of a regular file (never a link's target); `null` for anything else. */
export async function regularFileTime(file: string): Promise<Date | null> {
  try {
    const stats = await lstat(file);
    return stats.isFile() ? stats.mtime : null;
  } catch {
    return null;
  }
}

/**
 * Reads from `fd` until its end or `cap` bytes. The first read is sized to the file as `fstat` saw it (one byte more,
 * to see its end in that same read), later ones (a file that grew meanwhile) take 64 KiB. `wo status` reads two
 * files of a few hundred bytes per worker: a zero-filled 64 KiB buffer for each cost more than everything else it
 * does after Node's start. Only bytes read are kept, so the buffers need not be zeroed.
 */
function readUpTo(fd: number, cap: number, size: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunk = Buffer.allocUnsafe(Math.max(1, Math.min(cap, Math.max(size + 1, 1024), 64 * 1024)));
  while (total < cap) {
    const read = readSync(fd, chunk, 0, Math.min(chunk.length, cap - total), null);
    if (read === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, read)));
    total += read;
    if (read === chunk.length && chunk.length < 64 * 1024)
      chunk = Buffer.allocUnsafe(Math.min(cap, 64 * 1024));
  }
  return Buffer.concat(chunks);
}

/** Throws for anything but a regular file. */
function refuseOdd(file: string, stats: Stats): void {
  if (stats.isSymbolicLink()) throw linkError(file);
  if (!stats.isFile()) {
    throw new WorktreeError("E_FILE", `Cannot read ${file}: it is a ${kindOf(stats)}, not a regular file`, {
      file,
      hint: `Remove ${path.basename(file)}; wo and the worker write it as a regular file`,
    });
  }
}

function kindOf(stats: Stats): string {
  if (stats.isSymbolicLink()) return "symbolic link";
  if (stats.isDirectory()) return "directory";
  if (stats.isFIFO()) return "FIFO";
  if (stats.isSocket()) return "socket";
  return "device";
}

function linkError(file: string): WorktreeError {
  return new WorktreeError(
    "E_FILE_LINK",
    `Cannot read ${file}: it is a symbolic link, and wo never reads through one`,
    {
      file,
      hint: `Remove the link ${path.basename(file)} (git rm it if the repository tracks it); wo and the worker write a regular file`,
    },
  );
}

function tooLarge(file: string, size: number, max: number): WorktreeError {
  return new WorktreeError(
    "E_TOO_LARGE",
    `Cannot read ${file}: it is ${formatBytes(size)}, over the ${formatBytes(max)} wo reads`,
    { file, hint: `Shrink or delete ${path.basename(file)}` },
  );
}

function fileError(file: string, error: unknown): WorktreeError {
  return new WorktreeError("E_FILE", `Cannot read ${file}: ${(error as Error).message}`, {
    file,
    cause: error,
  });
}

/** `1 MiB`, `600.0 MiB`, `12 bytes`: sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ["KiB", "MiB", "GiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return Number.isInteger(value) ? `${value} ${units[unit]}` : `${value.toFixed(1)} ${units[unit]}`;
}
