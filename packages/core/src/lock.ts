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
}

/** A held lock; `release()` frees it. */
export interface HeldLock {
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the per-repository lock that serialises state-changing commands (spawn, kill, setup, integrate, cleanup …)
 * across processes: `.git/wo/repo.lock`, a directory created atomically and refreshed while held, so a crashed
 * holder's lock goes stale and is taken over. Waits with backoff; after `waitMs` throws `E_LOCKED` naming the other
 * process.
 */
export async function acquireRepositoryLock(
  stateDir: string,
  command: string,
  options: LockOptions = {},
): Promise<HeldLock> {
  await mkdir(stateDir, { recursive: true });
  const target = path.join(stateDir, "repo");
  const ownerFile = path.join(stateDir, "repo.owner.json");
  const waitMs = options.waitMs ?? (Number(process.env.WO_LOCK_WAIT_MS) || 60_000);
  const stale = options.staleMs ?? (Number(process.env.WO_LOCK_STALE_MS) || 10_000);
  const { default: lockfile } = await import("proper-lockfile");
  const deadline = Date.now() + waitMs;
  let delay = 25;
  for (;;) {
    try {
      const release = await lockfile.lock(target, {
        realpath: false,
        stale,
        update: Math.floor(stale / 4),
        retries: 0,
      });
      const owner: LockOwner = { pid: process.pid, command, startedAt: new Date().toISOString() };
      await writeFile(ownerFile, `${JSON.stringify(owner)}\n`);
      return {
        async release() {
          await rm(ownerFile, { force: true });
          await release().catch(() => undefined);
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

async function readOwner(file: string): Promise<LockOwner | null> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}
