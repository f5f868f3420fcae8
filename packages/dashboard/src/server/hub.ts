import type { Watcher } from "@wo/core";
import type { DashboardState } from "../shared/messages.js";
import { type StateRead, stateKey } from "./state.js";

/** How the hub watches: `Orchestrator.watch` (its `reason` is `"interval"` for the timer), or a stand-in in tests. */
export type WatchFn = (onChange: (reason: string) => void) => Watcher;

/**
 * The one source of live updates, however many pages are open: it starts a single watcher when the first page
 * subscribes and closes it when the last one leaves, re-reads the state on each change (runs never overlap; a
 * burst becomes one or two reads; a read may send a quick first version) and sends it to every subscriber only
 * when something other than a duration changed. Nothing runs while no page is open, and nothing is sent while nothing changes.
 */
export class StateHub {
  readonly #read: StateRead;
  readonly #watch: WatchFn;
  readonly #subscribers = new Set<(json: string) => void>();
  #watcher: Watcher | null = null;
  #state: DashboardState | null = null;
  #key: string | null = null;
  #json: string | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #againFull = false;

  constructor(read: StateRead, watch: WatchFn) {
    this.#read = read;
    this.#watch = watch;
  }

  /** The current state (read now if no page keeps it fresh). */
  async state(): Promise<DashboardState> {
    if (this.#state === null || this.#watcher === null) await this.refresh();
    return this.#state as DashboardState;
  }

  /** Sends the current state to `send` at once, then every change; returns the unsubscribe function. */
  subscribe(send: (json: string) => void): () => void {
    this.#subscribers.add(send);
    if (this.#watcher === null) {
      // A state read while nobody watched is not news to the new page: send the next read whatever it holds.
      this.#key = null;
      this.#watcher = this.#watch((reason) => void this.refresh(needsCommitScan(reason)));
      void this.refresh();
    } else if (this.#json !== null) {
      send(this.#json);
    }
    return () => {
      this.#subscribers.delete(send);
      if (this.#subscribers.size === 0) void this.#stopWatching();
    };
  }

  /**
   * Re-reads the state (`full`: the commits too, else only the status rows); a call while a read runs asks for
   * exactly one more read after it, full if any of the calls asked for it.
   */
  refresh(full = true): Promise<void> {
    if (this.#running) {
      this.#again = true;
      this.#againFull ||= full;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        let next = full;
        do {
          this.#again = false;
          this.#againFull = false;
          await this.#readOnce(next);
          next = this.#againFull;
        } while (this.#again);
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  /** Stops watching and forgets every subscriber. */
  async close(): Promise<void> {
    this.#subscribers.clear();
    await this.#stopWatching();
  }

  async #readOnce(full: boolean): Promise<void> {
    try {
      await this.#read((next) => this.#publish(next), { full });
    } catch (error) {
      // A failed read keeps the last good state, with the reason, so the page says what is wrong.
      if (this.#state === null) throw error;
      this.#publish({ ...this.#state, error: (error as Error).message });
    }
  }

  // Keeps `next` and sends it to every page, unless only durations changed.
  #publish(next: DashboardState): void {
    this.#state = next;
    const key = stateKey(next);
    if (key === this.#key && this.#json !== null) return;
    this.#key = key;
    this.#json = JSON.stringify(next);
    for (const send of this.#subscribers) send(this.#json);
  }

  async #stopWatching(): Promise<void> {
    const watcher = this.#watcher;
    this.#watcher = null;
    this.#json = null;
    this.#key = null;
    await watcher?.close();
  }
}

/**
 * Whether a watcher event needs the commit scan (monitor, plan keys, forecast) or only the status rows: the timer
 * stands in for what has no file event (a tmux session dying), and a status or result file changes only a status
 * row. A branch that moved, a worktree that came or went, or a changed `.worktree.json` needs everything. Pure.
 */
export function needsCommitScan(reason: string): boolean {
  if (reason === "interval") return false;
  return reason
    .split("; ")
    .some((event) => !/(^|\/)\.worker-(status|result\.md)$/.test(event) && event !== "interval");
}
