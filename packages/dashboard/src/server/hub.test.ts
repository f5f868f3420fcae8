import type { Watcher } from "@wo/core";
import { describe, expect, it } from "vitest";
import type { DashboardState } from "../shared/messages.js";
import { needsCommitScan, StateHub } from "./hub.js";

const state = (status: string, durationMs = 1): DashboardState => ({
  repository: "/repo",
  generatedAt: new Date().toISOString(),
  workers: [
    {
      feature: "a",
      session: "wt-a",
      worktree: "/repo/worktrees/a",
      branch: "work/a",
      status: status as "running",
      task: null,
      startedAt: null,
      durationMs,
      lastOutput: "",
      waitingFor: null,
    },
  ],
  monitor: null,
  graph: { nodes: [], edges: [] },
  workerInfo: {},
  error: null,
});

// A hub over a scripted state and a counted stand-in watcher whose change signal the test fires.
function scripted() {
  let current = state("running");
  const watch = { started: 0, closed: 0, fire: (_reason: string): void => undefined };
  const hub = new StateHub(
    async (emit) => emit(current),
    (onChange): Watcher => {
      watch.started += 1;
      watch.fire = onChange;
      return {
        ready: Promise.resolve(),
        close: async () => {
          watch.closed += 1;
        },
      };
    },
  );
  return { hub, watch, set: (next: DashboardState) => (current = next) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("StateHub", () => {
  it("starts one watcher for any number of pages and sends each change to all of them", async () => {
    const { hub, watch, set } = scripted();
    const received: string[][] = [[], [], []];
    const leave = received.map((list) =>
      hub.subscribe((json) => list.push(JSON.parse(json).workers[0].status)),
    );
    await settle();
    expect(watch.started).toBe(1);
    expect(received).toEqual([["running"], ["running"], ["running"]]);
    set(state("done"));
    watch.fire("change worktrees/a/.worker-status");
    await settle();
    expect(received).toEqual([
      ["running", "done"],
      ["running", "done"],
      ["running", "done"],
    ]);
    for (const unsubscribe of leave) unsubscribe();
    await settle();
    expect(watch.closed).toBe(1);
  });

  it("sends nothing when only durations changed", async () => {
    const { hub, watch, set } = scripted();
    const received: string[] = [];
    hub.subscribe((json) => received.push(json));
    await settle();
    set(state("running", 5000));
    watch.fire("change worktrees/a/.worker-status");
    await settle();
    expect(received).toHaveLength(1);
  });

  it("sends the current state to a page that joins later, without another watcher", async () => {
    const { hub, watch } = scripted();
    hub.subscribe(() => undefined);
    await settle();
    const late: string[] = [];
    hub.subscribe((json) => late.push(json));
    expect(late).toHaveLength(1);
    expect(watch.started).toBe(1);
  });

  it("reads only the status rows on the watcher's timer, and everything on a file event", async () => {
    const reads: boolean[] = [];
    let fire = (_reason: string): void => undefined;
    const hub = new StateHub(
      async (emit, { full }) => {
        reads.push(full);
        emit(state("running"));
      },
      (onChange) => {
        fire = onChange;
        return { ready: Promise.resolve(), close: async () => undefined };
      },
    );
    hub.subscribe(() => undefined);
    await settle();
    fire("interval");
    await settle();
    fire("change refs/heads/work/a");
    await settle();
    expect(reads).toEqual([true, false, true]);
  });

  it("sends a read's quick first version before its full one", async () => {
    const hub = new StateHub(
      async (emit) => {
        emit(state("running"));
        await settle();
        emit({ ...state("running"), error: "full" });
      },
      () => ({ ready: Promise.resolve(), close: async () => undefined }),
    );
    const received: Array<string | null> = [];
    hub.subscribe((json) => received.push(JSON.parse(json).error));
    await settle();
    await settle();
    expect(received).toEqual([null, "full"]);
  });

  it("keeps the last good state with the error when a read fails", async () => {
    let fail = false;
    let fire = (_reason: string): void => undefined;
    const hub = new StateHub(
      async (emit) => {
        if (fail) throw new Error("tmux went away");
        emit(state("running"));
      },
      (onChange) => {
        fire = onChange;
        return { ready: Promise.resolve(), close: async () => undefined };
      },
    );
    const received: DashboardState[] = [];
    hub.subscribe((json) => received.push(JSON.parse(json)));
    await settle();
    fail = true;
    fire("change worktrees/a/.worker-status");
    await settle();
    expect(received.map((s) => [s.workers[0]?.status, s.error])).toEqual([
      ["running", null],
      ["running", "tmux went away"],
    ]);
  });
});

describe("needsCommitScan", () => {
  it.each([
    ["interval", false],
    ["change worktrees/a/.worker-status", false],
    ["add worktrees/a/.worker-result.md; change worktrees/b/.worker-status", false],
    ["change worktrees/a/.worker-status; interval", false],
    ["change refs/heads/work/a", true],
    ["change packed-refs", true],
    ["change worktrees/a/.worktree.json", true],
    ["addDir worktrees/a", true],
    ["change worktrees/a/.worker-status; change refs/heads/work/a", true],
    ["change worktrees/a/.worker-status.tmp", true],
  ])("%s → %s", (reason, expected) => {
    expect(needsCommitScan(reason)).toBe(expected);
  });
});
