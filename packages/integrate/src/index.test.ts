import { expect, test } from "vitest";
import * as integrate from "./index.js";

test("the public export list is deliberate", () => {
  expect(Object.keys(integrate).sort()).toEqual([
    "IntegrateError",
    "checkScopes",
    "cleanupWorkers",
    "findOrphans",
    "forecastConflicts",
    "gitVersion",
    "integrateBranches",
    "matchesScope",
    "renderIntegrationReport",
  ]);
});
