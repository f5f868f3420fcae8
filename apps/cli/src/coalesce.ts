import type { Context } from "./context.js";

/**
 * `step` wrapped so its runs never overlap: a call while one runs asks for exactly one more run after it (a burst of
 * watcher events becomes one or two refreshes), and an error is one line on stderr, never the end of the watch.
 */
export function coalesced(ctx: Context, step: () => Promise<void>): () => Promise<void> {
  let running = false;
  let again = false;
  return async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await step();
      } while (again);
    } catch (error) {
      ctx.note(`${ctx.colors.red("error:")} ${(error as Error).message}\n`);
    } finally {
      running = false;
    }
  };
}
