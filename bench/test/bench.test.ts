import { expect, test } from "vitest";
// @ts-expect-error: plain JavaScript harness modules
import { startupScenario } from "../src/scenarios/startup.mjs";
// @ts-expect-error: plain JavaScript harness modules
import { statusScenario } from "../src/scenarios/status.mjs";

// The harness itself is tested by running every scenario once at its smallest size. Timings are not asserted.
const once = { runs: 1, warmup: 0 };

test("the start-up scenario measures wo against node", async () => {
  const result = await startupScenario.run(startupScenario.smallest, once);
  expect(result.scenario).toBe("startup-version");
  expect(result.wo).toBeGreaterThan(0);
  expect(result.baseline).toBeGreaterThan(0);
});

test("the status scenario measures wo against the seed script and counts processes", async () => {
  const result = await statusScenario.run(statusScenario.smallest, once);
  expect(result.scenario).toBe("status-10");
  expect(result.processes).toBe(4);
  expect(result.baseline).toBeGreaterThan(0);
});
