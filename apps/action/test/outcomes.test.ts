import type { IntegrationForecast, IntegrationReport, MonitorReport, MonitorWorker } from "@wo/core";
import { describe, expect, it } from "vitest";
import { COMMENT_MARKER, commentBody, pullRequestOf } from "../src/comment.js";
import { ActionError, failureMessage } from "../src/errors.js";
import { integrateOutcome } from "../src/integrate.js";
import { monitorOutcome } from "../src/monitor.js";

function report(statuses: Array<MonitorWorker["status"]>): MonitorReport {
  return {
    base: "main",
    generatedAt: "2026-01-20T10:00:00.000Z",
    workers: statuses.map((status, i) => ({
      worker: `w${i + 1}`,
      branch: `work/w${i + 1}`,
      commits: 1,
      lastCommitAt: null,
      status,
      reason: status === "blocked" ? "why" : null,
      needs: null,
      waitingFor: null,
    })),
    alerts: [],
    actions: [],
    findings: [],
  };
}

describe("monitorOutcome", () => {
  it.each<[string, Array<MonitorWorker["status"]>, string[], string[], boolean]>([
    ["no workers: nothing is complete", [], [], [], false],
    ["every worker complete", ["complete", "complete"], ["w1", "w2"], [], true],
    ["one blocked, one complete", ["blocked", "complete"], ["w2"], ["w1"], false],
    ["checkpoints and workers without status commits", ["checkpoint", "none", "needs"], [], [], false],
  ])("reads %s", (_, statuses, complete, blocked, allComplete) => {
    const outcome = monitorOutcome(report(statuses));
    expect([outcome.complete, outcome.blocked, outcome.allComplete]).toEqual([
      complete,
      blocked,
      allComplete,
    ]);
    expect(outcome.markdown.startsWith("## Worker Status Report")).toBe(true);
  });
});

describe("monitorOutcome on names from outside the plan", () => {
  it("never lists a branch named against wo's rule as complete or blocked", () => {
    const base = report(["complete", "complete"]);
    const outsider = { ...(base.workers[1] as MonitorWorker), worker: "evil$(id)", branch: "work/evil$(id)" };
    const outcome = monitorOutcome({ ...base, workers: [base.workers[0] as MonitorWorker, outsider] });
    expect([outcome.complete, outcome.allComplete]).toEqual([["w1"], false]);
  });

  it("keeps every agent-controlled string on one line of the report", () => {
    const base = report(["blocked"]);
    const evil = "x\n::error::pwned\r\n## Fake heading\u2028y";
    const outcome = monitorOutcome({
      ...base,
      workers: [
        { ...(base.workers[0] as MonitorWorker), worker: evil, branch: `work/${evil}`, reason: evil },
      ],
      alerts: [`Worker ${evil} is out of scope`],
      forecast: { pairs: [{ a: "w1", b: evil, files: [`src/${evil}.ts`] }], suggestedOrder: [] },
    });
    const lines = outcome.markdown.split("\n");
    expect(lines.filter((l) => l.startsWith("::") || l.startsWith("## Fake"))).toEqual([]);
    expect(outcome.markdown).toContain("x\\n::error::pwned\\r\\n## Fake heading\\u{2028}y");
  });
});

describe("pullRequestOf", () => {
  it.each<[string, unknown, number | null]>([
    ["a pull_request event", { pull_request: { number: 3 } }, 3],
    ["a comment on a pull request", { issue: { number: 4, pull_request: { url: "…" } } }, 4],
    ["a comment on an issue", { issue: { number: 5 } }, null],
    ["a push event", { ref: "refs/heads/main" }, null],
    ["no payload", null, null],
    ["a number that is not one", { pull_request: { number: "3" } }, null],
  ])("reads %s", (_, payload, expected) => {
    expect(pullRequestOf(payload)).toBe(expected);
  });
});

describe("commentBody", () => {
  it("starts with the marker and keeps a report under GitHub's limit whole", () => {
    expect(commentBody("## Report\n")).toBe(`${COMMENT_MARKER}\n## Report\n`);
  });

  it("cuts a report over GitHub's 65536-character limit and says where the rest is", () => {
    const body = commentBody(`## Report\n${"x".repeat(70_000)}`);
    expect(body.length).toBe(65_536);
    expect(body.startsWith(COMMENT_MARKER)).toBe(true);
    expect(body.endsWith("the full report is in the job summary)\n")).toBe(true);
  });
});

describe("integrateOutcome", () => {
  const forecast = {
    branch: "integration/s",
    merged: ["a", "c"],
    conflicts: [{ feature: "b", files: ["x.txt"] }],
    skipped: ["d"],
    selection: { base: "main", workers: [], left: [{ feature: "d", reason: "no commits to merge" }] },
  } as unknown as IntegrationForecast;

  it("lists the forecast's conflicts and the unready workers below the integration report", () => {
    const integration = {
      merged: ["a"],
      alreadyMerged: [],
      conflicts: [{ feature: "c", files: ["y`.txt"] }],
      skipped: [],
      report: "# Integration integration/s\n",
    } as unknown as IntegrationReport;
    const outcome = integrateOutcome(forecast, integration, true);
    expect(outcome.conflicts).toEqual([
      { feature: "b", files: ["x.txt"] },
      { feature: "c", files: ["y`.txt"] },
    ]);
    expect(outcome.skipped).toEqual([{ feature: "d", reason: "no commits to merge" }]);
    expect(outcome.markdown).toMatchInlineSnapshot(`
      "# Integration integration/s

      ### Not merged: conflicts

      - \` b \`: \` x.txt \`
      - \` c \`: \`\` y\`.txt \`\`

      Resolve them on the worker branches (or merge them by hand into the integration branch), then run the integration again.

      ### Not merged: not ready

      - \` d \`: no commits to merge
      "
    `);
  });

  it("says nothing was merged when every finished worker conflicts", () => {
    const outcome = integrateOutcome({ ...forecast, merged: [] }, null, false);
    expect(outcome.merged).toEqual([]);
    expect(outcome.markdown).toContain("Nothing was merged: every finished worker conflicts.");
  });
});

describe("failureMessage", () => {
  it("shows wo's message with its hint, and marks any other error as a bug", () => {
    expect([
      failureMessage(new ActionError("E_INPUT", "Input x is wrong", { hint: "Set x" })),
      failureMessage(new ActionError("E_GIT", "git push failed")),
      failureMessage(new TypeError("undefined is not a function")),
      failureMessage("thrown text"),
    ]).toMatchInlineSnapshot(`
      [
        "Input x is wrong
      hint: Set x",
        "git push failed",
        "unexpected failure: undefined is not a function
      hint: this is a bug in the wo action: please report it with this step's log",
        "unexpected failure: thrown text
      hint: this is a bug in the wo action: please report it with this step's log",
      ]
    `);
  });
});
