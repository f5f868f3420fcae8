import { describe, expect, test } from "vitest";
import type { WorkerBranchHistory, WorkerCommit } from "./attribution.js";
import { findNeedsCycles, isNeedSatisfied } from "./monitor.js";
import { parseCommitPrefix } from "./prefix.js";

describe("findNeedsCycles", () => {
  test.each<{ name: string; edges: Array<[string, string]>; cycles: string[][] }>([
    { name: "no edges give no cycles", edges: [], cycles: [] },
    {
      name: "a chain is not a deadlock",
      edges: [
        ["a", "b"],
        ["b", "c"],
      ],
      cycles: [],
    },
    { name: "a worker that needs itself is a cycle of one", edges: [["a", "a"]], cycles: [["a"]] },
    {
      name: "two workers needing each other are one cycle",
      edges: [
        ["b", "a"],
        ["a", "b"],
      ],
      cycles: [["a", "b"]],
    },
    {
      name: "a three-way cycle starts at its smallest id and follows the edges",
      edges: [
        ["task-3", "task-2"],
        ["task-2", "task-1"],
        ["task-1", "task-3"],
        ["task-4", "task-1"],
      ],
      cycles: [["task-1", "task-3", "task-2"]],
    },
    {
      name: "duplicate edges count once",
      edges: [
        ["a", "b"],
        ["a", "b"],
        ["b", "a"],
      ],
      cycles: [["a", "b"]],
    },
    {
      name: "overlapping cycles are each listed",
      edges: [
        ["a", "b"],
        ["b", "a"],
        ["b", "c"],
        ["c", "a"],
      ],
      cycles: [
        ["a", "b"],
        ["a", "b", "c"],
      ],
    },
    {
      name: "separate deadlocks are each listed",
      edges: [
        ["x", "y"],
        ["y", "x"],
        ["a", "b"],
        ["b", "a"],
      ],
      cycles: [
        ["a", "b"],
        ["x", "y"],
      ],
    },
  ])("$name", ({ edges, cycles }) => {
    expect(findNeedsCycles(edges.map(([from, to]) => ({ from, to })))).toEqual(cycles);
  });

  test("a complete graph of 6 workers lists every elementary cycle once", () => {
    const ids = ["a", "b", "c", "d", "e", "f"];
    const edges = ids.flatMap((from) => ids.filter((to) => to !== from).map((to) => ({ from, to })));
    const cycles = findNeedsCycles(edges);
    // Σ_{k=2..6} C(6,k)·(k-1)! = 15 + 40 + 90 + 144 + 120
    expect(cycles).toHaveLength(409);
    expect(new Set(cycles.map((cycle) => cycle.join(" "))).size).toBe(409);
  });
});

function commit(subject: string): WorkerCommit {
  const { status, problem } = parseCommitPrefix(subject);
  return {
    sha: "0".repeat(40),
    parents: [],
    subject,
    authorName: "w",
    committedAt: new Date(0),
    status,
    problem,
  };
}

function provider(...subjects: string[]): WorkerBranchHistory {
  const commits = subjects.map(commit);
  return {
    branch: "work/task-2",
    worker: "task-2",
    tip: "0".repeat(40),
    commits,
    commitCount: commits.length,
    status: commits.find((entry) => entry.status)?.status ?? null,
    lastCommitAt: null,
    files: [],
  };
}

describe("isNeedSatisfied", () => {
  test.each<{ name: string; item: string; subjects: string[] | undefined; satisfied: boolean }>([
    { name: "a missing provider never satisfies", item: "UserModel", subjects: undefined, satisfied: false },
    {
      name: "a provider without commits does not satisfy",
      item: "UserModel",
      subjects: [],
      satisfied: false,
    },
    {
      name: "[COMPLETE] satisfies any item",
      item: "UserModel",
      subjects: ["[COMPLETE] all done"],
      satisfied: true,
    },
    {
      name: "[COMPLETE] satisfies even when a later checkpoint followed",
      item: "UserModel",
      subjects: ["[CHECKPOINT] polish", "[COMPLETE] all done"],
      satisfied: true,
    },
    {
      name: "a checkpoint naming the item satisfies",
      item: "UserModel",
      subjects: ["[CHECKPOINT] Add UserModel with validation"],
      satisfied: true,
    },
    {
      name: "the match ignores case",
      item: "UserModel",
      subjects: ["[CHECKPOINT] add usermodel"],
      satisfied: true,
    },
    {
      name: "a longer word containing the item does not satisfy",
      item: "UserModel",
      subjects: ["[CHECKPOINT] Add UserModels and SuperUserModel"],
      satisfied: false,
    },
    {
      name: "an item with punctuation matches as written",
      item: "src/models/user.ts",
      subjects: ["[CHECKPOINT] wrote src/models/user.ts, tests next"],
      satisfied: true,
    },
    {
      name: "an item with spaces matches as a phrase",
      item: "user model",
      subjects: ["[CHECKPOINT] Add the User Model"],
      satisfied: true,
    },
    {
      name: "the item in a plain commit does not satisfy",
      item: "UserModel",
      subjects: ["Add UserModel"],
      satisfied: false,
    },
    {
      name: "the item in a blocked commit does not satisfy",
      item: "UserModel",
      subjects: ["[BLOCKED:UserModel] cannot write UserModel"],
      satisfied: false,
    },
    {
      name: "an empty item is never named",
      item: " ",
      subjects: ["[CHECKPOINT] anything"],
      satisfied: false,
    },
    {
      name: "unicode items match",
      item: "Modèle",
      subjects: ["[CHECKPOINT] ajout du modèle"],
      satisfied: true,
    },
  ])("$name", ({ item, subjects, satisfied }) => {
    const history = subjects === undefined ? undefined : provider(...subjects);
    expect(isNeedSatisfied({ worker: "task-2", item }, history)).toBe(satisfied);
  });
});
