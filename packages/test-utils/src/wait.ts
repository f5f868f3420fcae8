import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `probe` until it returns a truthy value or the timeout passes; returns that value.
 * For waiting on real processes (an agent writing its status file), never for timing assertions.
 */
type Falsy = false | null | undefined | 0 | "";

export async function waitFor<T>(
  probe: () => Falsy | T | Promise<Falsy | T>,
  options: { timeout?: number; interval?: number; message?: string } = {},
): Promise<T> {
  const timeout = options.timeout ?? 15_000;
  const interval = options.interval ?? 50;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as T;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `waitFor timed out after ${timeout} ms${options.message ? `: ${options.message}` : ""}`,
        {
          cause: lastError,
        },
      );
    }
    await sleep(interval);
  }
}
