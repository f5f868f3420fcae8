import type { StatePart } from "./state.js";

/**
 * One lane of reads: they never overlap; a request while a read runs asks for exactly one more read after it, of
 * the widest part asked for meanwhile (`workers` covers `commits`). Each request resolves once a read that started
 * after it has finished.
 */
export class Lane {
  readonly #run: (part: StatePart) => Promise<void>;
  #running: Promise<void> | null = null;
  #queued: StatePart | null = null;

  constructor(run: (part: StatePart) => Promise<void>) {
    this.#run = run;
  }

  request(part: StatePart): Promise<void> {
    if (this.#running) {
      this.#queued = widest(this.#queued, part);
      return this.#running;
    }
    this.#running = (async () => {
      try {
        let next: StatePart | null = part;
        while (next !== null) {
          this.#queued = null;
          await this.#run(next);
          next = this.#queued;
        }
      } finally {
        this.#running = null;
        this.#queued = null;
      }
    })();
    return this.#running;
  }
}

const RANK: Record<StatePart, number> = { status: 0, commits: 1, workers: 2 };

function widest(a: StatePart | null, b: StatePart): StatePart {
  return a !== null && RANK[a] > RANK[b] ? a : b;
}
