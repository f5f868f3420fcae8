import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { WoError } from "./errors.js";

/** Who holds the repository lock. */
export interface LockOwner {
  pid: number;
  command: string;
  startedAt: string;
}

/** Options of {@link acquireRepositoryLock}. */
export interface LockOptions {
  /** Give up waiting for another wo after this long. Default 60 s (`WO_LOCK_WAIT_MS`). */
  waitMs?: number;
  /** A lock not refreshed for this long belongs to a crashed process and is taken over. Default 10 s (`WO_LOCK_STALE_MS`). */
  staleMs?: number;
  /** Where `WO_LOCK_WAIT_MS` and `WO_LOCK_STALE_MS` are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

/**
 * A held lock; `release()` frees it. When the lock was lost while held (see {@link acquireRepositoryLock}),
 * `release()` throws `E_LOCK_LOST` instead, after the guarded work has finished.
 */
export interface HeldLock {
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the per-repository lock that serialises state-changing commands (spawn, kill, setup, integrate, cleanup …)
 * across processes: `.git/wo/repo.lock`, a directory created atomically and refreshed while held, so a crashed
 * holder's lock goes stale and is taken over. Waits with backoff; after `waitMs` throws `E_LOCKED` naming the other
 * process.
 *
 * A holder that could not refresh the lock for `staleMs` (the process was suspended with Ctrl-Z, or the clock
 * jumped) has lost it to whoever took it over. That is recorded rather than thrown from a timer (proper-lockfile's
 * default, an uncaught exception): the command in progress finishes its work, so nothing is left half-written, and
 * `release()` then reports `E_LOCK_LOST` without touching the new holder's lock.
 */
export async function acquireRepositoryLock(
  stateDir: string,
  command: string,
  options: LockOptions = {},
): Promise<HeldLock> {
  await mkdir(stateDir, { recursive: true });
  const target = path.join(stateDir, "repo");
  const ownerFile = path.join(stateDir, "repo.owner.json");
  const env = options.env ?? process.env;
  const waitMs = options.waitMs ?? (Number(env.WO_LOCK_WAIT_MS) || 60_000);
  const stale = options.staleMs ?? (Number(env.WO_LOCK_STALE_MS) || 10_000);
  const { default: lockfile } = await import("proper-lockfile");
  const deadline = Date.now() + waitMs;
  let delay = 25;
  for (;;) {
    try {
      let lost: Error | null = null;
      const release = await lockfile.lock(target, {
        realpath: false,
        stale,
        update: Math.floor(stale / 4),
        retries: 0,
        onCompromised: (error) => {
          lost = error;
        },
      });
      const owner: LockOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };
      await writeFile(ownerFile, `${JSON.stringify(owner)}\n`);
      return {
        async release() {
          if (lost === null) {
            await rm(ownerFile, { force: true });
            await release().catch(() => undefined);
            return;
          }
          throw lockLost(command, stale, lost);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") {
        throw new WoError(
          "E_LOCKED",
          `Cannot take the repository lock ${target}.lock: ${(error as Error).message}`,
          {
            hint: "Check that .git/wo is writable",
            cause: error,
          },
        );
      }
      if (Date.now() >= deadline) {
        const owner = await readOwner(ownerFile);
        const who = owner
          ? `pid ${owner.pid}: ${owner.command}, for ${Math.round((Date.now() - Date.parse(owner.startedAt)) / 1000)} s`
          : "pid unknown";
        throw new WoError(
          "E_LOCKED",
          `Another wo is running in this repository (${who}); gave up after ${Math.round(waitMs / 1000)} s`,
          {
            hint: `Wait for it to finish and run the command again (a crashed wo's lock expires by itself after ${Math.round(stale / 1000)} s)`,
            cause: error,
          },
        );
      }
      await sleep(delay);
      delay = Math.min(500, Math.round(delay * 1.5));
    }
  }
}

/** The one-line error of a command whose lock was taken over while it ran; the new holder's files stay as they are. */
function lockLost(command: string, staleMs: number, cause: Error): WoError {
  return new WoError(
    "E_LOCK_LOST",
    `Lost the repository lock during ${command} (wo could not refresh it for ${Math.round(staleMs / 1000)} s: wo was suspended, e.g. with Ctrl-Z, or the clock jumped); its work finished, but another wo may have run at the same time`,
    {
      hint: "Check the result with wo status (each command can safely be run again); raise WO_LOCK_STALE_MS if wo is often paused",
      cause,
    },
  );
}

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}
