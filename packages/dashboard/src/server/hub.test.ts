import type { Watcher } from "@wo/core";
import { describe, expect, it } from "vitest";
import type { DashboardState } from "../shared/messages.js";
import { partsOf, StateHub } from "./hub.js";
import type { StatePart } from "./state.js";

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
    async (_part, emit) => emit(current),
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

  it("reads the part each change touched: status rows, commits, or everything", async () => {
    const reads: Array<StatePart | "moved"> = [];
    let fire = (_reason: string): void => undefined;
    const hub = new StateHub(
      async (part, emit) => {
        reads.push(part);
        emit(state("running"));
      },
      (onChange) => {
        fire = onChange;
        return { ready: new Promise(() => undefined), close: async () => undefined };
      },
    );
    hub.subscribe(() => undefined);
    await settle();
    expect(reads.sort()).toEqual(["status", "workers"]);
    for (const reason of ["interval", "change refs/heads/work/a", "change worktrees/a/.worktree.json"]) {
      reads.length = 0;
      fire(reason);
      await settle();
      expect([reason, reads.sort()]).toEqual([reason, partsRead(reason)]);
    }
  });

  it("reads nothing on the timer while no agent is live, and the status rows while one is", async () => {
    let status = "done";
    const reads: Array<StatePart | "moved"> = [];
    let fire = (_reason: string): void => undefined;
    const hub = new StateHub(
      async (part, emit) => {
        reads.push(part);
        emit(state(status));
      },
      (onChange) => {
        fire = onChange;
        return { ready: new Promise(() => undefined), close: async () => undefined };
      },
    );
    hub.subscribe(() => undefined);
    await settle();
    reads.length = 0;
    fire("interval");
    await settle();
    expect(reads).toEqual([]);
    status = "running";
    fire("change worktrees/a/.worker-status");
    await settle();
    reads.length = 0;
    fire("interval");
    await settle();
    expect(reads).toEqual(["status"]);
  });

  it("sends a status change while a commit scan is still running", async () => {
    let finishScan = (): void => undefined;
    let status = "running";
    let fire = (_reason: string): void => undefined;
    const hub = new StateHub(
      async (part, emit) => {
        if (part !== "status") await new Promise<void>((resolve) => (finishScan = resolve));
        emit(state(status));
      },
      (onChange) => {
        fire = onChange;
        return { ready: new Promise(() => undefined), close: async () => undefined };
      },
    );
    const received: string[] = [];
    hub.subscribe((json) => received.push(JSON.parse(json).workers[0].status));
    await settle();
    expect(received).toEqual(["running"]);
    status = "done";
    fire("change worktrees/a/.worker-status");
    await settle();
    expect(received).toEqual(["running", "done"]);
    finishScan();
    await settle();
    expect(received).toEqual(["running", "done"]);
  });

  it("previews a moved branch at once, beside a commit scan that is still running", async () => {
    let finishScan = (): void => undefined;
    const reads: string[] = [];
    let fire = (_reason: string): void => undefined;
    const hub = new StateHub(
      async (part, emit, branches) => {
        reads.push(part === "moved" ? `moved ${branches?.join(",")}` : part);
        if (part === "commits") await new Promise<void>((resolve) => (finishScan = resolve));
        emit(state(part === "moved" ? "previewed" : "running"));
      },
      (onChange) => {
        fire = onChange;
        return { ready: new Promise(() => undefined), close: async () => undefined };
      },
    );
    const received: string[] = [];
    hub.subscribe((json) => received.push(JSON.parse(json).workers[0].status));
    await settle();
    fire("change .git/refs/heads/work/a");
    await settle();
    fire("change .git/refs/heads/work/b");
    await settle();
    expect(reads.sort()).toEqual(["commits", "moved work/a", "moved work/b", "status", "workers"]);
    expect(received).toEqual(["running", "previewed"]);
    finishScan();
    await settle();
    finishScan();
    await settle();
    expect(reads.filter((part) => part === "commits")).toHaveLength(2);
  });

  it("reads everything once more when the watcher is ready, so a change before that is not missed", async () => {
    let ready = (): void => undefined;
    let status = "running";
    const reads: Array<StatePart | "moved"> = [];
    const hub = new StateHub(
      async (part, emit) => {
        reads.push(part);
        emit(state(status));
      },
      () => ({
        ready: new Promise<void>((resolve) => (ready = resolve)),
        close: async () => undefined,
      }),
    );
    const received: string[] = [];
    hub.subscribe((json) => received.push(JSON.parse(json).workers[0].status));
    await settle();
    status = "done";
    await settle();
    expect(received).toEqual(["running"]);
    ready();
    await settle();
    expect(received).toEqual(["running", "done"]);
    expect(reads.sort()).toEqual(["status", "status", "workers", "workers"]);
  });

  it("sends a read's quick first version before its full one", async () => {
    const hub = new StateHub(
      async (part, emit) => {
        if (part === "status") return;
        emit(state("running"));
        await settle();
        emit({ ...state("running"), error: "full" });
      },
      () => ({ ready: new Promise<void>(() => undefined), close: async () => undefined }),
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
      async (_part, emit) => {
        if (fail) throw new Error("tmux went away");
        emit(state("running"));
      },
      (onChange) => {
        fire = onChange;
        return { ready: new Promise(() => undefined), close: async () => undefined };
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

// The parts a change makes the hub read, sorted (the first read of a subscription reads status and workers).
function partsRead(reason: string): Array<StatePart | "moved"> {
  const parts = partsOf(reason);
  return [
    ...(parts.status ? ["status" as const] : []),
    ...(parts.scan ? [parts.scan] : []),
    ...(parts.moved.length > 0 ? ["moved" as const] : []),
  ].sort();
}

describe("partsOf", () => {
  it.each([
    ["interval", { status: true, scan: null, moved: [] }],
    ["change worktrees/a/.worker-status", { status: true, scan: null, moved: [] }],
    [
      "add worktrees/a/.worker-result.md; change worktrees/b/.worker-status",
      { status: true, scan: null, moved: [] },
    ],
    ["change .git/wo/agents/a/hook-state.json", { status: true, scan: null, moved: [] }],
    ["change .git/refs/heads/work/a", { status: false, scan: "commits", moved: ["work/a"] }],
    ["unlink .git/refs/heads/work/a", { status: false, scan: "commits", moved: [] }],
    ["change .git/packed-refs", { status: false, scan: "commits", moved: [] }],
    [
      "change worktrees/a/.worker-status; change .git/refs/heads/work/a; change .git/refs/heads/work/a",
      { status: true, scan: "commits", moved: ["work/a"] },
    ],
    [
      "add .git/refs/heads/work/a; change .git/refs/heads/work/b",
      { status: false, scan: "commits", moved: ["work/a", "work/b"] },
    ],
    ["change worktrees/a/.worktree.json", { status: true, scan: "workers", moved: [] }],
    ["addDir worktrees/a; add .git/refs/heads/work/a", { status: true, scan: "workers", moved: ["work/a"] }],
    [
      "add .git/refs/heads/work/a; addDir .git/worktrees/a",
      { status: true, scan: "workers", moved: ["work/a"] },
    ],
    ["change worktrees/a/.worker-status.tmp", { status: true, scan: "workers", moved: [] }],
  ])("%s", (reason, expected) => {
    expect(partsOf(reason)).toEqual(expected);
  });
});
