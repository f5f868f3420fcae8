import type { Watcher } from "@wo/core";
import type { DashboardState } from "../shared/messages.js";
import { Lane } from "./lane.js";
import { type StatePart, type StateRead, stateKey } from "./state.js";

/** How the hub watches: `Orchestrator.watch` (its `reason` is `"interval"` for the timer), or a stand-in in tests. */
export type WatchFn = (onChange: (reason: string) => void) => Watcher;

/**
 * The one source of live updates, however many pages are open: it starts a single watcher when the first page
 * subscribes and closes it when the last one leaves, re-reads the part of the state each change touched and sends
 * the result to every subscriber only when something other than a duration changed. The status rows and the
 * commit scan are read in two lanes that never wait for each other (a status file that changes while the branches
 * are scanned reaches the page at once); in each lane reads never overlap and a burst becomes one or two reads.
 * Nothing runs while no page is open, and nothing is sent while nothing changes.
 */
export class StateHub {
  readonly #read: StateRead;
  readonly #watch: WatchFn;
  readonly #subscribers = new Set<(json: string) => void>();
  readonly #status: Lane;
  readonly #scan: Lane;
  #watcher: Watcher | null = null;
  #state: DashboardState | null = null;
  #key: string | null = null;
  #json: string | null = null;

  constructor(read: StateRead, watch: WatchFn) {
    this.#read = read;
    this.#watch = watch;
    this.#status = new Lane((part) => this.#readOnce(part));
    this.#scan = new Lane((part) => this.#readOnce(part));
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
      const watcher = this.#watch((reason) => void this.#onChange(reason).catch(() => undefined));
      this.#watcher = watcher;
      // A first read that fails leaves no state to show; `state()` reports the error to whoever asks.
      void this.refresh().catch(() => undefined);
      // What changed between the first read and the moment the watcher could see it would otherwise wait for
      // the timer (or be missed): read everything once more when it is ready.
      void watcher.ready.then(
        () => (this.#watcher === watcher ? this.refresh().catch(() => undefined) : undefined),
        () => undefined,
      );
    } else if (this.#json !== null) {
      send(this.#json);
    }
    return () => {
      this.#subscribers.delete(send);
      if (this.#subscribers.size === 0) void this.#stopWatching();
    };
  }

  /** Re-reads every part of the state; resolves when both lanes are done. */
  async refresh(): Promise<void> {
    await Promise.all([this.#status.request("status"), this.#scan.request("workers")]);
  }

  /** Stops watching and forgets every subscriber. */
  async close(): Promise<void> {
    this.#subscribers.clear();
    await this.#stopWatching();
  }

  async #onChange(reason: string): Promise<void> {
    // The tick is for what has no file event: a live agent's session dying, its pane's newest lines, a dialog.
    // With no live agent none of that can happen (a worker that starts or is resumed writes its files first).
    if (reason === "interval" && this.#state !== null && !this.#state.workers.some((w) => isLive(w.status)))
      return;
    const parts = partsOf(reason);
    // A moved branch's quick read goes first, beside both lanes (it must not wait for a scan that started before
    // the branch moved), and the scan it asks for starts after it: run at the same time, on a busy machine, the two
    // would only slow each other down, and the quick read is what the page shows first.
    const previewed =
      parts.moved.length > 0
        ? this.#readOnce("moved", parts.moved).catch(() => undefined)
        : Promise.resolve();
    const scan = parts.scan;
    await Promise.all([
      parts.status ? this.#status.request("status") : undefined,
      scan ? previewed.then(() => this.#scan.request(scan)) : previewed,
    ]);
  }

  async #readOnce(part: StatePart | "moved", branches?: readonly string[]): Promise<void> {
    try {
      await this.#read(part, (next) => this.#publish(next), branches);
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

// An agent that is alive: it works, or waits for a person.
function isLive(status: string): boolean {
  return status === "running" || status === "waiting";
}

/** What a watcher event makes the hub read again: the status rows, which scan (if any), which branches moved. */
export interface ChangedParts {
  status: boolean;
  /** `commits`: the monitor report only (a branch moved); `workers`: the `.worktree.json` files too. */
  scan: Exclude<StatePart, "status"> | null;
  /** Branches whose loose ref changed (not a deleted one): their rows can be previewed before the scan lands. */
  moved: string[];
}

/**
 * What each event of a watcher burst changed. The timer, a status or result file and an agent's hook state change
 * only status rows; a branch that moved (a loose ref or packed-refs) only the commits; anything else (a worktree
 * that came or went, a changed `.worktree.json`, a file the rules do not know) the status rows and everything the
 * scan reads. Pure.
 */
export function partsOf(reason: string): ChangedParts {
  const parts: ChangedParts = { status: false, scan: null, moved: [] };
  for (const event of reason.split("; ")) {
    if (event === "interval") {
      parts.status = true;
      continue;
    }
    const file = event.slice(event.indexOf(" ") + 1);
    if (
      /(^|\/)\.worker-(status|result\.md)$/.test(file) ||
      /(^|\/)agents\/[^/]+\/hook-state\.json$/.test(file)
    ) {
      parts.status = true;
    } else if (/(^|\/)refs\/heads\/./.test(file) || /(^|\/)packed-refs$/.test(file)) {
      parts.scan ??= "commits";
      const ref = /(?:^|\/)refs\/heads\/(.+)$/.exec(file);
      if (ref?.[1] && /^(add|change) /.test(event) && !parts.moved.includes(ref[1])) parts.moved.push(ref[1]);
    } else {
      parts.status = true;
      parts.scan = "workers";
    }
  }
  return parts;
}
