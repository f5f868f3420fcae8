import { expect, test } from "vitest";
import * as commits from "./index.js";

test("the public export list is deliberate", () => {
  expect(Object.keys(commits).sort()).toEqual([
    "CommitsError",
    "changedFilesByBranch",
    "findNeedsCycles",
    "formatCommitPrefix",
    "isNeedSatisfied",
    "newestCommits",
    "parseCommitPrefix",
    "readWorkerHistory",
  ]);
});
