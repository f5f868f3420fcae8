import { existsSync } from "node:fs";
import { chmod, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type GitRepo, useGitRepo, waitFor } from "@wo/test-utils";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { integrateBranches } from "../src/integrate.js";
import type { IntegrateOptions } from "../src/integration-types.js";
import { addBranch, commitInfo, transpileSources, useTempDirs } from "./helpers.js";

const gitRepo = useGitRepo();
const tempDir = useTempDirs();
let moduleDir = "";

beforeAll(async () => {
  moduleDir = await transpileSources();
  await writeFile(
    path.join(moduleDir, "child.mjs"),
    [
      'import { integrateBranches } from "./index.js";',
      "const [repoDir, options] = process.argv.slice(2);",
      "const result = await integrateBranches(repoDir, JSON.parse(options));",
      "process.stdout.write(JSON.stringify(result));",
    ].join("\n"),
  );
});

afterAll(async () => {
  if (moduleDir !== "") await rm(moduleDir, { recursive: true, force: true });
});

const workers: IntegrateOptions["workers"] = ["a", "b", "c"].map((feature) => ({
  feature,
  branch: `work/${feature}`,
  description: `Add ${feature}`,
}));

/**
 * Runs integrateBranches in a child process whose pre-merge-commit hook blocks on the second merge (b), then
 * kills the child's whole process group (node, git and the hook) with SIGKILL: a crash mid-merge.
 */
async function killMidMerge(repo: GitRepo): Promise<void> {
  await repo.commit("base", { "x.txt": "x\n" });
  for (const feature of ["a", "b", "c"])
    await addBranch(repo, `work/${feature}`, { [`${feature}.txt`]: `${feature}\n` });
  const flags = await tempDir();
  const block = path.join(flags, "block");
  const ready = path.join(flags, "ready");
  const count = path.join(flags, "count");
  await writeFile(block, "");
  const hook = path.join(repo.dir, ".git", "hooks", "pre-merge-commit");
  await writeFile(
    hook,
    [
      "#!/bin/sh",
      `[ -f '${block}' ] || exit 0`,
      `n=$(cat '${count}' 2>/dev/null || echo 0); n=$((n + 1)); echo $n > '${count}'`,
      `if [ "$n" -ge 2 ]; then touch '${ready}'; exec sleep 60; fi`,
      "",
    ].join("\n"),
  );
  await chmod(hook, 0o755);
  const options = { name: "auth", base: "main", workers };
  const child = execa("node", [path.join(moduleDir, "child.mjs"), repo.dir, JSON.stringify(options)], {
    detached: true,
    reject: false,
  });
  await waitFor(() => existsSync(ready), {
    message: "the hook of the second merge to start",
    timeout: 20_000,
  });
  process.kill(-child.pid!, "SIGKILL");
  const exit = await child;
  expect(exit.signal).toBe("SIGKILL");
  await rm(block);
}

describe("an interrupted integration", () => {
  test("leaves a journal that names the half-done merge and the completed ones", async () => {
    const repo = await gitRepo();
    await killMidMerge(repo);
    const journal = JSON.parse(
      await readFile(path.join(repo.dir, ".git", "wo", "integration", "auth.json"), "utf8"),
    );
    expect(journal).toMatchObject({ state: "running", current: "b", merges: [{ feature: "a" }] });
    expect(await repo.git(["rev-parse", "integration/auth"])).toBe(journal.merges[0].sha);
  });

  test("is rolled forward by the next run: the half-done merge is redone, completed merges are kept", async () => {
    const repo = await gitRepo();
    await killMidMerge(repo);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    expect(result).toMatchObject({ merged: ["b", "c"], alreadyMerged: ["a"], conflicts: [], skipped: [] });
    expect(result.recovered).toMatchObject({
      mode: "roll-forward",
      reason: "interrupted",
      previous: { feature: "b" },
      keptMerges: ["a"],
    });
    expect(result.recovered?.actions).toEqual([
      'ended the half-done merge of "b" (git reset --hard HEAD)',
      "kept the completed merges of a",
      "continued with the workers not merged yet",
    ]);
    expect(await commitInfo(repo, "integration/auth")).toEqual({ subject: "Merge c: Add c", parents: 2 });
    expect(await commitInfo(repo, "integration/auth~1")).toEqual({ subject: "Merge b: Add b", parents: 2 });
    expect(await commitInfo(repo, "integration/auth~2")).toEqual({ subject: "Merge a: Add a", parents: 2 });
  });

  test("is rolled back with abort: the branch returns to the last completed merge and nothing else runs", async () => {
    const repo = await gitRepo();
    await killMidMerge(repo);
    const mergeOfA = await repo.git(["rev-parse", "integration/auth"]);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers, abort: true });
    expect(result).toMatchObject({ merged: [], head: mergeOfA, worktree: { kept: false } });
    expect(result.recovered).toMatchObject({
      mode: "roll-back",
      reason: "interrupted",
      previous: { feature: "b" },
      keptMerges: ["a"],
      resetTo: mergeOfA,
    });
    expect(await repo.git(["rev-parse", "integration/auth"])).toBe(mergeOfA);
    expect(await repo.git(["worktree", "list"])).not.toContain("integration/auth");
    const next = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    expect(next).toMatchObject({ merged: ["b", "c"], alreadyMerged: ["a"], recovered: null });
  });
});
