import { useGitRepo } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { IntegrateError } from "../src/errors.js";
import { forecastConflicts, type MergeOutcome, suggestMergeOrder } from "../src/forecast.js";
import { parseMergeTree } from "../src/git.js";
import { assertMergeTreeSupport, gitVersion, parseGitVersion } from "../src/git-version.js";
import { addBranch, snapshotRepository } from "./helpers.js";

const gitRepo = useGitRepo();

const base = { "x.txt": "x\n", "y.txt": "y\n", "z.txt": "z\n" };

describe("forecastConflicts", () => {
  test("the ordered run, the pairwise matrix and the suggestion agree on a clean set of workers", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    await addBranch(repo, "work/a", { "a.txt": "a\n" });
    await addBranch(repo, "work/b", { "b.txt": "b\n" });
    const forecast = await forecastConflicts(repo.dir, {
      base: "main",
      workers: [
        { feature: "a", branch: "work/a" },
        { feature: "b", branch: "work/b" },
      ],
    });
    expect(forecast.ordered).toEqual([
      { feature: "a", branch: "work/a", outcome: "clean", files: [] },
      { feature: "b", branch: "work/b", outcome: "clean", files: [] },
    ]);
    expect(forecast.pairs).toEqual([{ a: "a", b: "b", clean: true, files: [] }]);
    expect(forecast.suggestion).toEqual({ order: ["a", "b"], clean: ["a", "b"], conflicting: [] });
  });

  test("a worker that conflicts with an earlier one is reported with its files and skipped in the chain", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    await addBranch(repo, "work/a", { "x.txt": "a\n" });
    await addBranch(repo, "work/b", { "x.txt": "b\n" });
    await addBranch(repo, "work/c", { "c.txt": "c\n" });
    const forecast = await forecastConflicts(repo.dir, {
      base: "main",
      workers: [
        { feature: "a", branch: "work/a" },
        { feature: "b", branch: "work/b" },
        { feature: "c", branch: "work/c" },
      ],
    });
    expect(forecast.ordered.map((step) => [step.feature, step.outcome, step.files])).toEqual([
      ["a", "clean", []],
      ["b", "conflict", ["x.txt"]],
      ["c", "clean", []],
    ]);
    expect(forecast.pairs).toEqual([
      { a: "a", b: "b", clean: false, files: ["x.txt"] },
      { a: "a", b: "c", clean: true, files: [] },
      { a: "b", b: "c", clean: true, files: [] },
    ]);
  });

  test("the ordered run sees earlier merges: a conflict that only exists after them is found", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    // b builds on a: merged alone onto main it is clean, but c changes the same line b changed.
    await addBranch(repo, "work/c", { "y.txt": "c\n" });
    await addBranch(repo, "work/b", { "y.txt": "b\n" });
    const forecast = await forecastConflicts(repo.dir, {
      base: "main",
      workers: [
        { feature: "c", branch: "work/c" },
        { feature: "b", branch: "work/b" },
      ],
    });
    expect(forecast.ordered.map((step) => step.outcome)).toEqual(["clean", "conflict"]);
  });

  test("the suggested order merges two workers where the given order merges one", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    // a conflicts with b and with c; b and c do not conflict with each other.
    await addBranch(repo, "work/a", { "x.txt": "a\n", "y.txt": "a\n" });
    await addBranch(repo, "work/b", { "x.txt": "b\n" });
    await addBranch(repo, "work/c", { "y.txt": "c\n" });
    const forecast = await forecastConflicts(repo.dir, {
      base: "main",
      workers: ["a", "b", "c"].map((feature) => ({ feature, branch: `work/${feature}` })),
    });
    expect(forecast.ordered.filter((step) => step.outcome === "clean").map((step) => step.feature)).toEqual([
      "a",
    ]);
    expect(forecast.suggestion).toEqual({ order: ["b", "c", "a"], clean: ["b", "c"], conflicting: ["a"] });
  });

  test("a worker whose branch is already in the base is up to date", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    await addBranch(repo, "work/old", { "old.txt": "old\n" });
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge old", "work/old"]);
    const forecast = await forecastConflicts(repo.dir, {
      base: "main",
      workers: [{ feature: "old", branch: "work/old" }],
    });
    expect(forecast.ordered).toEqual([
      { feature: "old", branch: "work/old", outcome: "up-to-date", files: [] },
    ]);
  });

  test("conflicted paths with spaces, quotes and unicode are reported exactly", async () => {
    const repo = await gitRepo();
    const odd = 'dir/ä "b" c.txt';
    await repo.commit("base", { [odd]: "base\n" });
    await addBranch(repo, "work/a", { [odd]: "a\n" });
    await addBranch(repo, "work/b", { [odd]: "b\n" });
    const forecast = await forecastConflicts(repo.dir, {
      base: "main",
      workers: [
        { feature: "a", branch: "work/a" },
        { feature: "b", branch: "work/b" },
      ],
    });
    expect(forecast.pairs[0]?.files).toEqual([odd]);
  });

  test("nothing in the repository changes: refs, index and working tree stay as they were", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    await addBranch(repo, "work/a", { "x.txt": "a\n" });
    await addBranch(repo, "work/b", { "x.txt": "b\n" });
    await repo.write({ "x.txt": "uncommitted\n" });
    const before = await snapshotRepository(repo);
    await forecastConflicts(repo.dir, {
      base: "main",
      workers: [
        { feature: "a", branch: "work/a" },
        { feature: "b", branch: "work/b" },
      ],
    });
    expect(await snapshotRepository(repo)).toBe(before);
  });

  test("git calls are counted: version, one ref lookup, n merge-trees and commit-trees, n(n-1)/2 pairs", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    for (const feature of ["a", "b", "c"])
      await addBranch(repo, `work/${feature}`, { [`${feature}.txt`]: "x\n" });
    const forecast = await forecastConflicts(repo.dir, {
      base: "main",
      workers: ["a", "b", "c"].map((feature) => ({ feature, branch: `work/${feature}` })),
      concurrency: 2,
    });
    // The suggestion equals the given order, so its simulations are all reused from the ordered run.
    expect(forecast.gitCalls).toBe(1 + 1 + 3 + 3 + 3);
  });

  test("every unknown ref is named before anything runs", async () => {
    const repo = await gitRepo();
    await addBranch(repo, "work/a", { "a.txt": "a\n" });
    const error = await forecastConflicts(repo.dir, {
      base: "mian",
      workers: [
        { feature: "a", branch: "work/a" },
        { feature: "b", branch: "work/b" },
      ],
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IntegrateError);
    expect((error as IntegrateError).code).toBe("E_UNKNOWN_REF");
    expect((error as Error).message.replace(repo.dir, "<repo>")).toMatchInlineSnapshot(
      `"Unknown refs in <repo>: base "mian", "work/b" (worker b) — expected branches or commits that exist"`,
    );
  });

  test("no workers means an empty forecast", async () => {
    const repo = await gitRepo();
    const forecast = await forecastConflicts(repo.dir, { base: "main", workers: [] });
    expect(forecast.ordered).toEqual([]);
    expect(forecast.pairs).toEqual([]);
    expect(forecast.suggestion).toEqual({ order: [], clean: [], conflicting: [] });
  });
});

describe("suggestMergeOrder", () => {
  // A fake chain: the state is the list of merged features; `conflicts` says which features cannot follow which.
  const tryWith =
    (conflicts: Record<string, string[]>) =>
    async (state: string[], feature: string): Promise<{ outcome: MergeOutcome; next: string[] }> =>
      state.some((merged) => conflicts[feature]?.includes(merged) || conflicts[merged]?.includes(feature))
        ? { outcome: "conflict", next: state }
        : { outcome: "clean", next: [...state, feature] };
  const pairsOf = (features: string[], conflicts: Record<string, string[]>) =>
    features.flatMap((a, i) =>
      features.slice(i + 1).map((b) => ({
        a,
        b,
        clean: !(conflicts[a]?.includes(b) || conflicts[b]?.includes(a)),
      })),
    );

  test.each([
    {
      name: "no conflicts keeps the given order",
      features: ["a", "b", "c"],
      conflicts: {},
      order: ["a", "b", "c"],
    },
    { name: "ties go to the given order", features: ["b", "a"], conflicts: { a: ["b"] }, order: ["b", "a"] },
    {
      name: "the least conflicting worker goes first",
      features: ["a", "b", "c"],
      conflicts: { a: ["b", "c"] },
      order: ["b", "c", "a"],
    },
    {
      name: "a chain of conflicts a-b-c-d merges two of four",
      features: ["a", "b", "c", "d"],
      conflicts: { a: ["b"], b: ["c"], c: ["d"] },
      order: ["a", "d", "b", "c"],
    },
  ] as { name: string; features: string[]; conflicts: Record<string, string[]>; order: string[] }[])(
    "$name",
    async ({ features, conflicts, order }) => {
      const suggestion = await suggestMergeOrder(
        features,
        pairsOf(features, conflicts),
        [],
        tryWith(conflicts),
      );
      expect(suggestion.order).toEqual(order);
    },
  );

  test("a worker that conflicts only in combination is moved behind the clean ones", async () => {
    const tryMerge = async (state: string[], feature: string) =>
      feature === "c" && state.includes("a") && state.includes("b")
        ? { outcome: "conflict" as const, next: state }
        : { outcome: "clean" as const, next: [...state, feature] };
    const suggestion = await suggestMergeOrder(["a", "b", "c"], [], [] as string[], tryMerge);
    expect(suggestion).toEqual({ order: ["a", "b", "c"], clean: ["a", "b"], conflicting: ["c"] });
  });
});

describe("git version", () => {
  test.each([
    ["git version 2.39.5", "2.39.5"],
    ["git version 2.39.3 (Apple Git-146)", "2.39.3"],
    ["git version 2.41.0.windows.1", "2.41.0"],
    ["git version 2.38", "2.38.0"],
  ])("%s reads as %s", (output, version) => {
    expect(parseGitVersion(output)?.version).toBe(version);
  });

  test("output without a version reads as null", () => {
    expect(parseGitVersion("not git")).toBeNull();
  });

  test("git older than 2.38 is refused, naming the version found", () => {
    const error = (() => {
      try {
        assertMergeTreeSupport(parseGitVersion("git version 2.37.1")!);
      } catch (caught) {
        return caught as IntegrateError;
      }
      return null;
    })();
    expect(error?.code).toBe("E_GIT_TOO_OLD");
    expect(error?.message).toMatchInlineSnapshot(
      `"git 2.37.1 is too old: conflict forecasts need git 2.38 or newer (git merge-tree --write-tree)"`,
    );
    expect(error?.hint).toMatchInlineSnapshot(`"Upgrade git to 2.38 or newer (found 2.37.1)"`);
  });

  test.each(["2.38.0", "2.39.5", "3.0.0"])("git %s is accepted", (version) => {
    expect(() => assertMergeTreeSupport(parseGitVersion(version)!)).not.toThrow();
  });

  test("the installed git reports its version", async () => {
    const repo = await gitRepo();
    const version = await gitVersion(repo.dir);
    expect(version.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("parseMergeTree", () => {
  test("a clean result is the tree alone", () => {
    expect(parseMergeTree("abc\0", 0)).toEqual({ clean: true, tree: "abc", files: [] });
  });

  test("conflicted paths follow the tree, deduplicated and sorted", () => {
    expect(parseMergeTree("abc\0b\0a\0b\0", 1)).toEqual({ clean: false, tree: "abc", files: ["a", "b"] });
  });
});
