import type { MonitorReport, WorkerStatusEntry } from "@wo/core";
import { describe, expect, test } from "vitest";
import { alertEvents, type PhaseRow, phasesFromMonitor, phasesFromStatus } from "./alerts.js";

const row = (worker: string, phase: PhaseRow["phase"], detail = ""): PhaseRow => ({ worker, phase, detail });

describe("alertEvents", () => {
  test.each([
    ["the first refresh alerts nothing, whatever it shows", null, [row("a", "finished")], []],
    ["a worker that keeps working alerts nothing", [row("a", "working")], [row("a", "working")], []],
    [
      "working → finished alerts once",
      [row("a", "working")],
      [row("a", "finished")],
      ["finished: a finished"],
    ],
    [
      "working → failed names why",
      [row("a", "working")],
      [row("a", "failed", "agent exited")],
      ["failed: a failed: agent exited"],
    ],
    [
      "working → waiting names what it waits for",
      [row("a", "working")],
      [row("a", "waiting", "BLOCKED db password")],
      ["waiting: a is waiting: BLOCKED db password"],
    ],
    ["a phase that stays alerts only the first time", [row("a", "finished")], [row("a", "finished")], []],
    ["a worker that appears finished alerts", [], [row("b", "finished")], ["finished: b finished"]],
    ["a worker that disappears alerts nothing", [row("a", "working")], [], []],
    ["waiting → working (resumed) alerts nothing", [row("a", "waiting")], [row("a", "working")], []],
    [
      "several workers changing at once alert each, in order",
      [row("a", "working"), row("b", "working")],
      [row("a", "failed"), row("b", "finished")],
      ["failed: a failed", "finished: b finished"],
    ],
  ] as const)("%s", (_name, previous, next, expected) => {
    const events = alertEvents(previous as readonly PhaseRow[] | null, next as readonly PhaseRow[]);
    expect(events.map((e) => `${e.kind}: ${e.message}`)).toEqual(expected);
  });
});

describe("phases", () => {
  const entry = (
    feature: string,
    status: WorkerStatusEntry["status"],
    waitingFor: WorkerStatusEntry["waitingFor"] = null,
  ): WorkerStatusEntry => ({
    feature,
    status,
    waitingFor,
    session: `wt-${feature}`,
    worktree: `/r/worktrees/${feature}`,
    branch: `work/${feature}`,
    task: null,
    startedAt: null,
    durationMs: null,
    lastOutput: "",
  });

  test("status rows: done finishes, failed and dead fail, running works, idle has no phase", () => {
    const rows = phasesFromStatus([
      entry("a", "done"),
      entry("b", "failed"),
      entry("c", "dead"),
      entry("d", "running"),
      entry("e", "idle"),
    ]);
    expect(rows).toEqual([
      row("a", "finished"),
      row("b", "failed"),
      row("c", "failed", "agent exited"),
      row("d", "working"),
    ]);
  });

  test("a waiting agent waits, saying for what and which command answers it", () => {
    const rows = phasesFromStatus([
      entry("a", "waiting", "turn-ended"),
      entry("b", "waiting", "permission"),
      entry("c", "waiting", "dialog"),
      entry("d", "waiting", "input"),
    ]);
    expect(rows).toEqual([
      row("a", "waiting", 'turn ended (wo send a "<text>")'),
      row("b", "waiting", "permission prompt (wo attach b)"),
      row("c", "waiting", "a dialog (wo attach c)"),
      row("d", "waiting", 'a question (wo send d "<text>")'),
    ]);
    expect(alertEvents([row("b", "working")], rows).map((e) => e.message)).toContain(
      "b is waiting: permission prompt (wo attach b)",
    );
  });

  test("monitor workers: [COMPLETE] finishes, [BLOCKED] and [NEEDS] wait, others work", () => {
    const worker = (name: string, status: string, extra: object = {}) => ({
      worker: name,
      branch: `work/${name}`,
      commits: 1,
      lastCommitAt: null,
      status,
      reason: null,
      needs: null,
      ...extra,
    });
    const report = {
      workers: [
        worker("a", "complete"),
        worker("b", "blocked", { reason: "db" }),
        worker("c", "needs", { needs: { worker: "a", item: "api" } }),
        worker("d", "checkpoint"),
        worker("e", "checkpoint", { waitingFor: "permission" }),
      ],
    } as unknown as MonitorReport;
    expect(phasesFromMonitor(report)).toEqual([
      row("a", "finished"),
      row("b", "waiting", "BLOCKED db"),
      row("c", "waiting", "NEEDS a/api"),
      row("d", "working"),
      row("e", "waiting", "permission prompt (wo attach e)"),
    ]);
  });
});
