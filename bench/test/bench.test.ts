import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, test } from "vitest";
// @ts-expect-error: plain JavaScript harness modules
import { dashboardScenario } from "../src/scenarios/dashboard.mjs";
// @ts-expect-error: plain JavaScript harness modules
import { forecastScenario } from "../src/scenarios/forecast.mjs";
// @ts-expect-error: plain JavaScript harness modules
import { monitorScenario } from "../src/scenarios/monitor.mjs";
// @ts-expect-error: plain JavaScript harness modules
import { planReviewScenario, planScenario } from "../src/scenarios/plan.mjs";
// @ts-expect-error: plain JavaScript harness modules
import { startupScenario } from "../src/scenarios/startup.mjs";
// @ts-expect-error: plain JavaScript harness modules
import { statusScenario } from "../src/scenarios/status.mjs";
// @ts-expect-error: plain JavaScript harness modules
import { waitingScenario } from "../src/scenarios/waiting.mjs";

// The harness itself is tested by running every scenario once at its smallest size. Timings are not asserted.
const once = { runs: 1, warmup: 0 };

test("start-up: wo against node", async () => {
  const result = await startupScenario.run(startupScenario.smallest, once);
  expect(result).toMatchObject({ scenario: "startup-version" });
  expect(result.wo).toBeGreaterThan(0);
  expect(result.baseline).toBeGreaterThan(0);
});

test("status: wo against the shell baseline script, with its child processes counted", async () => {
  const result = await statusScenario.run(statusScenario.smallest, once);
  // One tmux call (the panes and their last lines); the worktrees are read from git's files.
  expect(result).toMatchObject({ scenario: "status-10", processes: 1 });
});

test("plan: wo against remark's whole-document parse", async () => {
  const result = await planScenario.run(planScenario.smallest, once);
  expect(result).toMatchObject({ scenario: "plan-10KB", baselineLowerBound: false });
  expect(result.baseline).toBeGreaterThan(0);
});

test("plan on a review-style document (remark throughout)", async () => {
  const result = await planReviewScenario.run(planReviewScenario.smallest, once);
  expect(result).toMatchObject({ scenario: "plan-review-10KB", baselineLowerBound: false });
});

test("monitor: wo against git log over generated worker history", async () => {
  const result = await monitorScenario.run(monitorScenario.smallest, once);
  expect(result).toMatchObject({ scenario: "monitor-20x50" });
});

test("forecast: wo against the merge-tree calls it makes", async () => {
  const result = await forecastScenario.run(forecastScenario.smallest, once);
  expect(result.scenario).toBe("forecast-3");
  expect(result.detail).toMatch(/3 workers, 200 files, 1 conflicting pairs/);
});

test("dashboard: status file and commit to the page's event stream, and idle CPU", async () => {
  const result = await dashboardScenario.run(dashboardScenario.smallest, { ...once, idleMs: 1000 });
  expect(result.scenario).toBe("dashboard-10");
  expect(result.detail).toMatch(/10 workers: status file → page \d+ ms .* commit → page \d+ ms .* idle CPU/);
}, 120_000);

test("waiting: a hook-driven fake agent's turn end shows in wo status", async () => {
  const result = await waitingScenario.run(waitingScenario.smallest, once);
  expect(result.scenario).toBe("waiting-detect");
  expect(result.wo).toBeGreaterThan(0);
  expect(result.detail).toMatch(/over 1 runs/);
}, 60_000);

test("a mistyped option stops the run at once with one line and the usage, exit code 2", async () => {
  const run = fileURLToPath(new URL("../src/run.mjs", import.meta.url));
  for (const [argv, line] of [
    [["--help-me"], "wo bench: Unknown option '--help-me'"],
    [["--only=monitr"], 'wo bench: no scenario named "monitr"; pick one of startup, status, plan'],
    [["--runs=x"], 'wo bench: --runs must be a whole number of at least 1, got "x"'],
  ] as const) {
    const failed = await promisify(execFile)(process.execPath, [run, ...argv]).catch((error) => error);
    expect(failed.code, argv.join(" ")).toBe(2);
    expect(failed.stderr).toContain(line);
    expect(failed.stderr).toContain("usage: pnpm bench");
    expect(failed.stderr).not.toContain("running");
  }
});
