/**
 * Ctrl-C handling for the `wo` process: cleanups registered by the running command (close a watcher, remove the
 * demo's repository) run first, then wo exits with 130. Child processes started through execa are killed on exit,
 * and the repository lock is released. A second Ctrl-C exits at once.
 */
const cleanups = new Set<() => Promise<void> | void>();

/** Registers a cleanup to run on Ctrl-C; returns a function that unregisters it. */
export function onInterrupt(cleanup: () => Promise<void> | void): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** Installs the SIGINT/SIGTERM handlers (only the real binary does; in-process tests do not). */
export function installInterruptHandlers(stderr: { write(text: string): unknown }): void {
  let interrupted = false;
  const handle = (signal: NodeJS.Signals) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    stderr.write(`\nwo: interrupted (${signal}); cleaning up…\n`);
    const pending = [...cleanups].map((cleanup) =>
      Promise.resolve()
        .then(cleanup)
        .catch(() => undefined),
    );
    // Cleanups get a few seconds (a busy machine needs them); a stuck one never keeps wo alive.
    const timer = setTimeout(() => process.exit(130), 10_000);
    void Promise.all(pending).then(() => {
      clearTimeout(timer);
      process.exit(130);
    });
  };
  process.on("SIGINT", handle);
  process.on("SIGTERM", handle);
}
