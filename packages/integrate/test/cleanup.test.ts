import { existsSync } from "node:fs";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { type GitRepo, useGitRepo } from "@wo/test-utils";
import { readArchivedResults } from "@wo/worktree";
import { describe, expect, test } from "vitest";
import { cleanupWorkers } from "../src/cleanup.js";
import { integrateBranches } from "../src/integrate.js";
import { directorySize, findOrphans } from "../src/orphans.js";
import { useTempDirs } from "./helpers.js";

const gitRepo = useGitRepo();
const tempDir = useTempDirs();

/** Adds a worker worktree `worktrees/<feature>` on `work/<feature>` with one commit. */
async function addWorker(repo: GitRepo, feature: string): Promise<string> {
  const dir = path.join(repo.dir, "worktrees", feature);
  await repo.git(["worktree", "add", "-q", "-b", `work/${feature}`, dir, "main"]);
  await repo.commit(`[COMPLETE] ${feature}`, { [`${feature}.txt`]: `${feature}\n` }, { cwd: dir });
  return dir;
}

describe("cleanupWorkers", () => {
  test("workers whose work is in the target (an integration branch too) lose worktree and branch; unmerged and dirty ones are kept with the reason", async () => {
    const repo = await gitRepo();
    await repo.git(["commit", "-q", "--allow-empty", "-m", "base"]);
    await addWorker(repo, "done");
    await addWorker(repo, "late");
    const dirty = await addWorker(repo, "dirty");
    await integrateBranches(repo.dir, {
      name: "x",
      base: "main",
      workers: [
        { feature: "done", branch: "work/done" },
        { feature: "dirty", branch: "work/dirty" },
      ],
    });
    await repo.commit(
      "[CHECKPOINT] more",
      { "late2.txt": "2\n" },
      { cwd: path.join(repo.dir, "worktrees", "late") },
    );
    await writeFile(path.join(dirty, "dirty.txt"), "unsaved\n");
    const report = await cleanupWorkers(repo.dir, {
      worktreeRoot: "worktrees",
      integrationBranch: "integration/x",
      workers: ["done", "late", "dirty"].map((feature) => ({ feature, branch: `work/${feature}` })),
    });
    expect(
      report.items.map((item) => ({ ...item, target: item.target.replace(repo.dir, "<repo>") })),
    ).toEqual([
      { feature: "done", kind: "worktree", target: "<repo>/worktrees/done", action: "removed", reason: null },
      {
        feature: "done",
        kind: "branch",
        target: "work/done",
        action: "removed",
        reason: "its work is in integration/x",
      },
      { feature: "late", kind: "worktree", target: "<repo>/worktrees/late", action: "removed", reason: null },
      {
        feature: "late",
        kind: "branch",
        target: "work/late",
        action: "kept",
        reason: "unmerged work: 2 commits not in integration/x",
      },
      {
        feature: "dirty",
        kind: "worktree",
        target: "<repo>/worktrees/dirty",
        action: "kept",
        reason: "uncommitted changes: 1 file (dirty.txt)",
      },
      {
        feature: "dirty",
        kind: "branch",
        target: "work/dirty",
        action: "kept",
        reason: "its worktree was kept",
      },
    ]);
    expect(existsSync(dirty)).toBe(true);
    expect(await repo.git(["branch", "--list", "work/*"])).toContain("work/late");
  });

  test("branches merged into HEAD are deleted", async () => {
    const repo = await gitRepo();
    await addWorker(repo, "done");
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge", "work/done"]);
    const report = await cleanupWorkers(repo.dir, {
      worktreeRoot: "worktrees",
      workers: [{ feature: "done", branch: "work/done" }],
    });
    expect(report.items.map((item) => [item.kind, item.action])).toEqual([
      ["worktree", "removed"],
      ["branch", "removed"],
    ]);
    expect(await repo.git(["branch", "--list", "work/done"])).toBe("");
  });

  test("force removes dirty worktrees and unmerged branches", async () => {
    const repo = await gitRepo();
    const dir = await addWorker(repo, "wip");
    await writeFile(path.join(dir, "wip.txt"), "unsaved\n");
    const report = await cleanupWorkers(repo.dir, {
      worktreeRoot: "worktrees",
      workers: [{ feature: "wip", branch: "work/wip" }],
      force: true,
    });
    expect(report.items.map((item) => [item.kind, item.action, item.reason])).toEqual([
      ["worktree", "removed", "forced: uncommitted changes dropped: 1 file (wip.txt)"],
      ["branch", "removed", "forced: 1 commit not in HEAD deleted"],
    ]);
  });

  test("a removed worktree's result and final status are archived in the state directory first", async () => {
    const repo = await gitRepo();
    const dir = await addWorker(repo, "told");
    await writeFile(path.join(repo.dir, ".git/info/exclude"), ".worker-*\n");
    await writeFile(path.join(dir, ".worker-result.md"), "# Result\n\nNothing to commit.\n");
    await writeFile(path.join(dir, ".worker-status"), "done\n");
    const report = await cleanupWorkers(repo.dir, {
      worktreeRoot: "worktrees",
      workers: [{ feature: "told", branch: "work/told" }],
      force: true,
    });
    expect(report.items[0]).toMatchObject({ action: "removed", reason: "forced" });
    const archived = await readArchivedResults(path.join(repo.dir, ".git/wo/results/told"), "told");
    expect(archived).toMatchObject([
      { feature: "told", status: "done", result: "# Result\n\nNothing to commit.\n", reason: "cleanup" },
    ]);
  });

  test("missing worktrees and branches are reported as absent", async () => {
    const repo = await gitRepo();
    const report = await cleanupWorkers(repo.dir, {
      worktreeRoot: "worktrees",
      workers: [{ feature: "gone", branch: "work/gone" }],
    });
    expect(report.items.map((item) => [item.kind, item.action])).toEqual([
      ["worktree", "absent"],
      ["branch", "absent"],
    ]);
  });

  test("remote branches are deleted only when asked and only when the local branch went", async () => {
    const repo = await gitRepo();
    const remote = await tempDir();
    await repo.git(["init", "-q", "--bare", remote]);
    await repo.git(["remote", "add", "origin", remote]);
    await addWorker(repo, "done");
    await addWorker(repo, "late");
    await repo.git(["push", "-q", "origin", "main", "work/done", "work/late"]);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge", "work/done"]);
    const report = await cleanupWorkers(repo.dir, {
      worktreeRoot: "worktrees",
      workers: [
        { feature: "done", branch: "work/done" },
        { feature: "late", branch: "work/late" },
        { feature: "never", branch: "work/never" },
      ],
      deleteRemote: true,
    });
    expect(
      report.items
        .filter((item) => item.kind === "remote-branch")
        .map((item) => [item.target, item.action, item.reason]),
    ).toEqual([
      ["origin/work/done", "removed", null],
      ["origin/work/late", "kept", "its local branch was kept"],
      ["origin/work/never", "absent", null],
    ]);
    expect(await repo.git(["ls-remote", "--heads", "origin"])).not.toContain("work/done");
    expect(await repo.git(["ls-remote", "--heads", "origin"])).toContain("work/late");
  });

  test("without deleteRemote the remote is not touched", async () => {
    const repo = await gitRepo();
    const remote = await tempDir();
    await repo.git(["init", "-q", "--bare", remote]);
    await repo.git(["remote", "add", "origin", remote]);
    await addWorker(repo, "done");
    await repo.git(["push", "-q", "origin", "work/done"]);
    await repo.git(["merge", "-q", "--no-ff", "-m", "merge", "work/done"]);
    const report = await cleanupWorkers(repo.dir, {
      worktreeRoot: "worktrees",
      workers: [{ feature: "done", branch: "work/done" }],
    });
    expect(report.items.some((item) => item.kind === "remote-branch")).toBe(false);
    expect(await repo.git(["ls-remote", "--heads", "origin"])).toContain("work/done");
  });
});

describe("findOrphans", () => {
  test("a directory git does not know is an orphan with the size of its files, symlinks not followed", async () => {
    const repo = await gitRepo();
    await addWorker(repo, "live");
    const orphan = path.join(repo.dir, "worktrees", "leftover");
    await mkdir(path.join(orphan, "deep"), { recursive: true });
    await writeFile(path.join(orphan, "a.bin"), Buffer.alloc(1000));
    await writeFile(path.join(orphan, "deep", "b.bin"), Buffer.alloc(234));
    const outside = await tempDir();
    await writeFile(path.join(outside, "huge.bin"), Buffer.alloc(100_000));
    await symlink(outside, path.join(orphan, "link-to-dir"));
    await symlink(path.join(outside, "huge.bin"), path.join(orphan, "link-to-file"));
    const orphans = await findOrphans(repo.dir, { worktreeRoot: "worktrees" });
    expect(orphans).toEqual([
      {
        kind: "directory",
        path: orphan,
        sizeBytes: 1234,
        sizeComplete: true,
        reason: "a directory under the worktree root that git does not know as a worktree",
        pruned: false,
      },
    ]);
  });

  test("a worktree whose directory was deleted is a stale entry, pruned when asked", async () => {
    const repo = await gitRepo();
    const dir = await addWorker(repo, "deleted");
    await rm(dir, { recursive: true, force: true });
    const found = await findOrphans(repo.dir, { worktreeRoot: "worktrees" });
    expect(found.map((orphan) => [orphan.kind, orphan.path, orphan.pruned])).toEqual([
      ["stale-entry", dir, false],
    ]);
    const pruned = await findOrphans(repo.dir, { worktreeRoot: "worktrees", prune: true });
    expect(pruned.map((orphan) => [orphan.kind, orphan.pruned])).toEqual([["stale-entry", true]]);
    expect(await findOrphans(repo.dir, { worktreeRoot: "worktrees" })).toEqual([]);
  });

  test("a git worktree under the root that wo does not know is reported when known is given", async () => {
    const repo = await gitRepo();
    await addWorker(repo, "mine");
    const stranger = await addWorker(repo, "stranger");
    const orphans = await findOrphans(repo.dir, { worktreeRoot: "worktrees", known: ["mine"] });
    expect(orphans.map((orphan) => [orphan.kind, orphan.path])).toEqual([["unknown-worktree", stranger]]);
    expect(orphans[0]?.sizeBytes).toBeGreaterThan(0);
  });

  test("a missing worktree root has no orphans", async () => {
    const repo = await gitRepo();
    expect(await findOrphans(repo.dir, { worktreeRoot: "worktrees" })).toEqual([]);
  });
});

describe("directorySize", () => {
  test("an unreadable directory makes the size a lower bound", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, "a"), "12345");
    expect(await directorySize(dir)).toEqual({ bytes: 5, complete: true });
    expect(await directorySize(path.join(dir, "missing"))).toEqual({ bytes: 0, complete: false });
  });
});
