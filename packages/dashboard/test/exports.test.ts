import { expect, test } from "vitest";
import * as dashboard from "../src/index.js";

test("the package exports startDashboard and nothing else at run time", () => {
  expect(Object.keys(dashboard).sort()).toEqual(["startDashboard"]);
});
