import { describe, expect, it } from "vitest";
import { Lane } from "./lane.js";
import type { StatePart } from "./state.js";

describe("Lane", () => {
  it("never overlaps reads and turns a burst into one more read of the widest part asked for", async () => {
    const reads: StatePart[] = [];
    let running = 0;
    let most = 0;
    const release: Array<() => void> = [];
    const lane = new Lane(async (part) => {
      running += 1;
      most = Math.max(most, running);
      reads.push(part);
      await new Promise<void>((resolve) => release.push(resolve));
      running -= 1;
    });
    const first = lane.request("commits");
    const burst = [lane.request("commits"), lane.request("workers"), lane.request("commits")];
    release.shift()?.();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(reads).toEqual(["commits", "workers"]);
    release.shift()?.();
    await Promise.all([first, ...burst]);
    expect(reads).toEqual(["commits", "workers"]);
    expect(most).toBe(1);
  });

  it("starts again after a failed read", async () => {
    let fail = true;
    const reads: StatePart[] = [];
    const lane = new Lane(async (part) => {
      reads.push(part);
      if (fail) throw new Error("git went away");
    });
    await expect(lane.request("status")).rejects.toThrow("git went away");
    fail = false;
    await lane.request("status");
    expect(reads).toEqual(["status", "status"]);
  });
});
