import { expect, test } from "vitest";
import * as api from "./index.js";

test("the public export list is pinned, so it cannot grow by accident", () => {
  expect(Object.keys(api).sort()).toMatchInlineSnapshot(`
    [
      "FEATURE_NAME_PATTERN",
      "META_MAX_BYTES",
      "PROTOCOL_EXCLUDES",
      "PROTOCOL_FILES",
      "RESULT_MAX_BYTES",
      "WorktreeError",
      "addWorktree",
      "archiveWorkerResult",
      "ensureExcludes",
      "featureNameProblem",
      "git",
      "isValidFeatureName",
      "listWorktrees",
      "openRepository",
      "parseWorkerStatus",
      "parseWorktreeList",
      "parseWorktreeMeta",
      "pruneWorktrees",
      "readArchivedResults",
      "readBranchTips",
      "readLinkedWorktrees",
      "readWorkerResult",
      "readWorkerStatus",
      "readWorktreeMeta",
      "removeWorktree",
      "runInWorktree",
      "validateFeatureName",
      "woStatePaths",
      "workerStatusTime",
      "writeWorkerResult",
      "writeWorkerStatus",
      "writeWorktreeMeta",
    ]
  `);
});
