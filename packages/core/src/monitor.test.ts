import type { CommitStatus, WorkerBranchHistory, WorkerCommit } from "@wo/commits";
import { describe, expect, test } from "vitest";
import { buildMonitorReport, type MonitorInput } from "./monitor.js";
import { renderMonitorReport } from "./monitor-render.js";

const NOW = new Date("2026-01-01T12:00:00Z");
let shaCounter = 0;

function commit(
  status: CommitStatus | null,
  subject: string,
  at = "2026-01-01T11:50:00Z",
  parents = 1,
): WorkerCommit {
  shaCounter += 1;
  const sha = shaCounter.toString(16).padStart(40, "0");
  return {
    sha,
    parents: Array.from({ length: parents }, (_, i) => `${i}`.padStart(40, "f")),
    subject,
    authorName: "w",
    committedAt: new Date(at),
    status,
    problem: null,
  };
}

function history(worker: string, commits: WorkerCommit[]): WorkerBranchHistory {
  const prefixed = commits.find((c) => c.status);
  return {
    branch: `work/${worker}`,
    worker,
    tip: commits[0]?.sha ?? "0".repeat(40),
    commits,
    commitCount: commits.length,
    status: prefixed?.status ?? null,
    lastCommitAt: commits[0]?.committedAt ?? null,
    files: [],
  };
}

function worker(feature: string, overrides: Partial<MonitorInput> = {}): MonitorInput {
  return {
    feature,
    workerId: null,
    branch: `work/${feature}`,
    history: null,
    status: "running",
    fileStatus: "running",
    startedAt: "2026-01-01T11:00:00Z",
    scope: [],
    changedFiles: [],
    alive: true,
    ...overrides,
  };
}

function report(workers: MonitorInput[], strayCommits: WorkerCommit[] = []) {
  return buildMonitorReport({
    base: "main",
    workers,
    strayCommits,
    now: NOW,
    stallMs: 2 * 3600_000,
    branchPrefix: "work/",
  });
}

describe("buildMonitorReport", () => {
  test("a healthy worker yields a row and no alerts", () => {
    const r = report([
      worker("task-1", {
        history: history("task-1", [
          commit({ kind: "checkpoint", message: "models" }, "[CHECKPOINT] models"),
        ]),
      }),
    ]);
    expect(r.workers).toEqual([
      {
        worker: "task-1",
        branch: "work/task-1",
        commits: 1,
        lastCommitAt: "2026-01-01T11:50:00.000Z",
        status: "checkpoint",
        reason: null,
        needs: null,
        waitingFor: null,
      },
    ]);
    expect(r.alerts).toEqual([]);
    expect(r.actions).toEqual([]);
  });

  test("a blocked worker whose agent has exited is restarted with wo resume, never sent text", () => {
    const r = report([
      worker("task-3", {
        alive: false,
        status: "failed",
        fileStatus: "failed",
        history: history("task-3", [commit({ kind: "blocked", reason: "no-db", message: "" }, "x")]),
      }),
    ]);
    expect(r.actions).toEqual([
      "Unblock task-3 (no-db), then restart its agent, which has exited: wo resume task-3",
    ]);
  });

  test("when every worker is complete the action is to integrate them", () => {
    const complete = (f: string) =>
      worker(f, {
        alive: false,
        status: "done",
        fileStatus: "done",
        history: history(f, [commit({ kind: "complete", message: "done" }, "x")]),
      });
    const r = report([complete("task-1"), complete("task-2")]);
    expect(r.alerts).toEqual(["All 2 worker(s) are complete"]);
    expect(r.actions).toEqual([
      "Integrate them: wo integrate <name> (add --dry-run first to forecast conflicts)",
    ]);
    expect(report([complete("task-1"), worker("task-2")]).actions).toEqual([]);
    expect(report([]).actions).toEqual([]);
  });

  test.each([
    [
      "permission",
      "Worker task-1's agent waits for permission to go on",
      "Answer task-1's agent at its pane: wo attach task-1",
    ],
    [
      "dialog",
      "Worker task-1's agent is stopped at a dialog",
      "Answer task-1's agent at its pane: wo attach task-1",
    ],
    [
      "input",
      "Worker task-1's agent waits for an answer",
      'Tell task-1 how to go on: wo send task-1 "<what to do next>"',
    ],
    [
      "turn-ended",
      "Worker task-1's agent ended its turn without reporting (wo report)",
      'Tell task-1 how to go on: wo send task-1 "<what to do next>"',
    ],
  ] as const)(
    "an agent waiting for %s is an alert whose action answers it, never a stall",
    (waitingFor, alert, action) => {
      // Started long ago without a commit: a running worker would be stalled.
      const r = report([
        worker("task-1", { status: "waiting", waitingFor, startedAt: "2026-01-01T01:00:00Z" }),
      ]);
      expect(r.workers[0]?.waitingFor).toBe(waitingFor);
      expect(r.findings).toEqual([{ kind: "waiting", worker: "task-1", alert, action }]);
      const running = report([worker("task-1", { startedAt: "2026-01-01T01:00:00Z" })]);
      expect(running.findings.map((f) => f.kind)).toEqual(["stalled"]);
      expect(running.workers[0]?.waitingFor).toBeNull();
    },
  );

  test("a blocked worker is an alert with an action", () => {
    const r = report([
      worker("task-3", {
        history: history("task-3", [
          commit({ kind: "blocked", reason: "missing-api", message: "need endpoints" }, "x"),
        ]),
      }),
    ]);
    expect(r.workers[0]).toMatchObject({ status: "blocked", reason: "missing-api" });
    expect(r.alerts).toEqual(["Worker task-3 is BLOCKED: missing-api (need endpoints)"]);
    expect(r.actions[0]).toMatch(/^Unblock task-3 \(missing-api\)/);
  });

  test("for a CI audience the actions name the workflow, never a wo command", () => {
    const workers = [
      worker("task-1", {
        history: history("task-1", [commit({ kind: "blocked", reason: "missing-api", message: "" }, "x")]),
      }),
      worker("task-2", {
        history: history("task-2", [
          commit({ kind: "needs", worker: "task-3", item: "UserModel", message: "" }, "y"),
        ]),
      }),
      worker("task-3", { history: history("task-3", [commit({ kind: "checkpoint", message: "" }, "z")]) }),
    ];
    const input = {
      base: "main",
      workers,
      strayCommits: [],
      now: NOW,
      stallMs: 2 * 3600_000,
      branchPrefix: "work/",
      forecast: {
        pairs: [{ a: "task-1", b: "task-3", files: ["a.ts"] }],
        suggestedOrder: ["task-3", "task-1"],
      },
    };
    const terminal = buildMonitorReport(input);
    const ci = buildMonitorReport({ ...input, audience: "ci" });
    expect(ci.alerts).toEqual(terminal.alerts);
    expect(terminal.actions.filter((a) => /\bwo /.test(a))).toHaveLength(3);
    expect(ci.actions).toEqual([
      "Unblock task-1 (missing-api), then re-run the workflow: its worker job continues on work/task-1",
      "Once task-3 delivers UserModel, re-run the workflow so task-2 continues",
      "Agree who owns a.ts before integrating (mode: integrate merges the others and names the conflicting ones)",
    ]);
  });

  test("NEEDS resolves plan ids and is unmet until the provider delivers, then satisfied", () => {
    const needs = history("task-3-api", [
      commit({ kind: "needs", worker: "task-2", item: "UserModel", message: "x" }, "x"),
    ]);
    const before = report([
      worker("task-2-models", {
        workerId: "task-2",
        history: history("task-2-models", [commit({ kind: "checkpoint", message: "schema" }, "s")]),
      }),
      worker("task-3-api", { history: needs }),
    ]);
    expect(before.findings.map((f) => f.kind)).toEqual(["needs-unmet"]);
    expect(before.workers[1]?.needs).toEqual({ worker: "task-2", item: "UserModel" });
    const after = report([
      worker("task-2-models", {
        workerId: "task-2",
        history: history("task-2-models", [commit({ kind: "checkpoint", message: "Add UserModel" }, "s")]),
      }),
      worker("task-3-api", { history: needs }),
    ]);
    expect(after.findings).toMatchObject([
      { kind: "needs-satisfied", worker: "task-3-api", provider: "task-2-models", item: "UserModel" },
    ]);
  });

  test("NEEDS naming no known worker is reported", () => {
    const r = report([
      worker("a", {
        history: history("a", [commit({ kind: "needs", worker: "ghost", item: "X", message: "" }, "x")]),
      }),
    ]);
    expect(r.alerts).toEqual(["Worker a needs X from ghost, but there is no such worker"]);
  });

  test("a worker without a commit past the threshold is stalled; a finished one is not", () => {
    const old = "2026-01-01T09:00:00Z";
    const r = report([
      worker("slow", { history: history("slow", [commit({ kind: "checkpoint", message: "a" }, "a", old)]) }),
      worker("idle-start", { startedAt: old }),
      worker("finished", {
        fileStatus: "done",
        history: history("finished", [commit({ kind: "complete", message: "" }, "c", old)]),
      }),
    ]);
    expect(r.alerts).toEqual([
      "Worker slow has not committed in 3h (expected checkpoints)",
      "Worker idle-start has not committed since it started in 3h (expected checkpoints)",
    ]);
  });

  test("a dead worker gets a resume action", () => {
    const r = report([worker("crashy", { status: "dead", alive: false })]);
    expect(r.findings).toMatchObject([
      { kind: "dead", action: "Restart crashy from its last checkpoint: wo resume crashy" },
    ]);
  });

  test.each([
    [
      "done",
      { kind: "checkpoint", message: "a" },
      true,
      /says done but its last status commit is \[CHECKPOINT\]/,
    ],
    ["failed", { kind: "complete", message: "" }, false, /says failed but it committed \[COMPLETE\]/],
    [
      "running",
      { kind: "complete", message: "" },
      true,
      /committed \[COMPLETE\] but .worker-status still says running/,
    ],
  ] as const)("status file %s vs commit %j disagree", (file, status, alive, alert) => {
    const r = report([
      worker("w", {
        fileStatus: file,
        alive,
        status: file === "running" ? "running" : file,
        history: history("w", [commit(status, "s")]),
      }),
    ]);
    expect(r.alerts.join("\n")).toMatch(alert);
  });

  test("prefixed commits on the base come with recovery commands", () => {
    const stray = commit({ kind: "checkpoint", message: "oops" }, "[CHECKPOINT] oops");
    const r = report([], [stray]);
    expect(r.alerts).toEqual([
      `Commit ${stray.sha.slice(0, 7)} "[CHECKPOINT] oops" on main carries a worker prefix: a worker committed to the wrong branch`,
    ]);
    expect(r.actions[0]).toContain(`git cherry-pick ${stray.sha}`);
  });

  test("a NEEDS cycle is a deadlock", () => {
    const r = report([
      worker("a", {
        history: history("a", [commit({ kind: "needs", worker: "b", item: "X", message: "" }, "x")]),
      }),
      worker("b", {
        history: history("b", [commit({ kind: "needs", worker: "a", item: "Y", message: "" }, "y")]),
      }),
    ]);
    expect(r.alerts).toContain("Cross-dependency deadlock: a → b → a (each waits for the next)");
  });

  test("files outside the scope are reported; directory scopes end with a slash", () => {
    const r = report([
      worker("api", {
        scope: ["src/api/", "package.json"],
        changedFiles: ["src/api/x.ts", "package.json", "src/apix.ts", "src/models/u.ts"],
      }),
    ]);
    expect(r.alerts).toEqual([
      "Worker api changed 2 file(s) outside its scope: src/apix.ts, src/models/u.ts",
    ]);
  });
});

describe("renderMonitorReport", () => {
  test("renders the report as markdown with escaped cells", () => {
    const r = report([
      worker("task-1", {
        history: history("task-1", [
          commit({ kind: "checkpoint", message: "a" }, "a", "2026-01-01T10:00:00Z"),
        ]),
      }),
      worker("task-3", {
        history: history("task-3", [commit({ kind: "blocked", reason: "missing|api", message: "" }, "b")]),
      }),
    ]);
    expect(renderMonitorReport(r)).toMatchInlineSnapshot(`
      "## Worker Status Report

      | Worker | Branch | Last Commit | Status |
      |--------|--------|-------------|--------|
      | task-1 | work/task-1 | 2h ago | [CHECKPOINT] - 1 commit |
      | task-3 | work/task-3 | 10m ago | [BLOCKED:missing\\|api] - 1 commit |

      ### Alerts
      - Worker task-3 is BLOCKED: missing|api

      ### Recommended Actions
      1. Unblock task-3 (missing|api), then tell it to continue: wo send task-3 "<what changed>"
      "
    `);
  });
});

describe("report safety", () => {
  test("@mentions from commit text do not ping anybody when the report is posted", () => {
    const r = report([
      worker("w", {
        history: history("w", [
          commit({ kind: "blocked", reason: "ask-@octocat", message: "cc @team" }, "b"),
        ]),
      }),
    ]);
    const text = renderMonitorReport(r);
    expect(text).not.toMatch(/@[a-z]/);
    expect(text).toContain("@\u200boctocat");
  });

  test("a worker branch with an invalid name is reported, not fatal", () => {
    const r = report([worker("Bad.Name", {})]);
    expect(r.findings.map((f) => f.kind)).toContain("bad-branch");
  });
});
