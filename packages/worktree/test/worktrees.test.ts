import { existsSync } from "node:fs";
import { mkdir, readFile, realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir, useGitRepo } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { PROTOCOL_EXCLUDES, PROTOCOL_FILES, writeWorkerStatus } from "../src/protocol.js";
import { openRepository } from "../src/repository.js";
import {
  addWorktree,
  ensureExcludes,
  listWorktrees,
  parseWorktreeList,
  pruneWorktrees,
  removeWorktree,
} from "../src/worktrees.js";

const gitRepo = useGitRepo();

describe("parseWorktreeList", () => {
  test("an empty output has no worktrees", () => {
    expect(parseWorktreeList("")).toEqual([]);
  });

  test("main, linked, detached, locked and prunable entries are parsed", () => {
    const output = [
      "worktree /r",
      "HEAD aaa",
      "branch refs/heads/main",
      "",
      "worktree /r/worktrees/login",
      "HEAD bbb",
      "branch refs/heads/work/login",
      "locked reason with spaces",
      "",
      "worktree /r/worktrees/gone",
      "HEAD ccc",
      "detached",
      "prunable gitdir file points to non-existent location",
      "",
      "worktree /bare",
      "bare",
      "",
      "",
    ].join("\0");
    expect(parseWorktreeList(output)).toEqual([
      { path: "/r", head: "aaa", branch: "main", bare: false, detached: false, locked: null, prunable: null },
      {
        path: "/r/worktrees/login",
        head: "bbb",
        branch: "work/login",
        bare: false,
        detached: false,
        locked: "reason with spaces",
        prunable: null,
      },
      {
        path: "/r/worktrees/gone",
        head: "ccc",
        branch: null,
        bare: false,
        detached: true,
        locked: null,
        prunable: "gitdir file points to non-existent location",
      },
      { path: "/bare", head: null, branch: null, bare: true, detached: false, locked: null, prunable: null },
    ]);
  });

  test("a path with spaces and newlines survives", () => {
    const output = "worktree /r/a b\nc\0HEAD x\0branch refs/heads/main\0\0";
    expect(parseWorktreeList(output)[0]?.path).toBe("/r/a b\nc");
  });
});

describe("openRepository", () => {
  test("finds the root from a subdirectory", async () => {
    const repo = await gitRepo();
    await mkdir(path.join(repo.dir, "src", "deep"), { recursive: true });
    const opened = await openRepository(path.join(repo.dir, "src", "deep"));
    expect(opened.root).toBe(repo.dir);
    expect(opened.commonDir).toBe(path.join(repo.dir, ".git"));
  });

  test("from inside a linked worktree, the root is still the main worktree", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    const added = await addWorktree(opened, { path: "worktrees/login", branch: "work/login" });
    const inside = await openRepository(added.path);
    expect(inside.root).toBe(repo.dir);
    expect(inside.cwdTree).toBe(added.path);
  });

  test("outside a git repository it says so and how to fix it", async () => {
    const dir = await tempDir();
    const error = await openRepository(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_NOT_A_REPO" });
    expect((error as Error).message).toBe(`Cannot use ${dir}: it is not inside a git repository`);
    expect((error as { hint: string }).hint).toMatch(/git init/);
  });

  test("inside the .git directory it refuses", async () => {
    const repo = await gitRepo();
    await expect(openRepository(path.join(repo.dir, ".git"))).rejects.toMatchObject({ code: "E_NOT_A_REPO" });
  });
});

describe("worktrees", () => {
  test("add creates the branch from the base and list shows it", async () => {
    const repo = await gitRepo();
    const base = await repo.git(["rev-parse", "HEAD"]);
    await repo.commit("later commit on main", { "later.txt": "x" });
    const opened = await openRepository(repo.dir);
    const added = await addWorktree(opened, { path: "worktrees/login", branch: "work/login", base });
    expect(added).toMatchObject({
      branch: "work/login",
      head: base,
      path: path.join(repo.dir, "worktrees/login"),
    });
    const list = await listWorktrees(opened);
    expect(list.map((w) => [w.path, w.branch])).toEqual([
      [repo.dir, "main"],
      [path.join(repo.dir, "worktrees/login"), "work/login"],
    ]);
  });

  test("add reuses an existing branch instead of failing", async () => {
    const repo = await gitRepo();
    await repo.git(["branch", "work/existing"]);
    const opened = await openRepository(repo.dir);
    const added = await addWorktree(opened, { path: "worktrees/existing", branch: "work/existing" });
    expect(added.branch).toBe("work/existing");
  });

  test("add refuses a directory that already exists and leaves it untouched", async () => {
    const repo = await gitRepo();
    await mkdir(path.join(repo.dir, "worktrees", "taken"), { recursive: true });
    await writeFile(path.join(repo.dir, "worktrees", "taken", "precious.txt"), "keep me");
    const opened = await openRepository(repo.dir);
    await expect(
      addWorktree(opened, { path: "worktrees/taken", branch: "work/taken" }),
    ).rejects.toMatchObject({
      code: "E_WORKTREE_EXISTS",
    });
    expect(await readFile(path.join(repo.dir, "worktrees", "taken", "precious.txt"), "utf8")).toBe("keep me");
  });

  test("add with a base that does not exist fails with git's reason", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    const error = await addWorktree(opened, {
      path: "worktrees/x",
      branch: "work/x",
      base: "no-such-ref",
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_GIT" });
    expect((error as Error).message).toMatch(/^git worktree failed: .*no-such-ref/);
  });

  test("remove refuses a worktree with uncommitted changes and keeps them", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    const added = await addWorktree(opened, { path: "worktrees/dirty", branch: "work/dirty" });
    await writeFile(path.join(added.path, "wip.txt"), "unsaved work");
    await expect(removeWorktree(opened, added.path)).rejects.toMatchObject({ code: "E_WORKTREE_DIRTY" });
    expect(await readFile(path.join(added.path, "wip.txt"), "utf8")).toBe("unsaved work");
    await removeWorktree(opened, added.path, { force: true });
    expect(existsSync(added.path)).toBe(false);
  });

  test("remove of a clean worktree keeps its branch", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    const added = await addWorktree(opened, { path: "worktrees/clean", branch: "work/clean" });
    await removeWorktree(opened, added.path);
    expect(existsSync(added.path)).toBe(false);
    expect(await repo.git(["branch", "--list", "work/clean"])).toContain("work/clean");
  });

  test("remove of a path that is not a worktree says so", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    await expect(removeWorktree(opened, "worktrees/nothing")).rejects.toMatchObject({
      code: "E_WORKTREE_MISSING",
    });
  });

  test("a worktree deleted behind git's back is listed as prunable and pruned", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    const added = await addWorktree(opened, { path: "worktrees/gone", branch: "work/gone" });
    await import("node:fs/promises").then((fs) => fs.rm(added.path, { recursive: true, force: true }));
    const before = await listWorktrees(opened);
    expect(before.find((w) => w.path === added.path)?.prunable).toBeTruthy();
    await pruneWorktrees(opened);
    expect((await listWorktrees(opened)).map((w) => w.path)).toEqual([await realpath(repo.dir)]);
  });
});

describe("ensureExcludes", () => {
  test("adds missing patterns once and keeps existing lines", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    const file = path.join(opened.commonDir, "info", "exclude");
    await writeFile(file, "# user line\n*.log");
    expect(await ensureExcludes(opened, ["/worktrees/", ...PROTOCOL_EXCLUDES])).toHaveLength(7);
    expect(await ensureExcludes(opened, ["/worktrees/", ...PROTOCOL_EXCLUDES])).toEqual([]);
    const text = await readFile(file, "utf8");
    expect(text.startsWith("# user line\n*.log\n# wo (worker orchestrator)\n/worktrees/\n")).toBe(true);
  });

  test("protocol files are ignored in every linked worktree, so workers never commit them", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    await ensureExcludes(opened, ["/worktrees/", ...PROTOCOL_EXCLUDES]);
    const added = await addWorktree(opened, { path: "worktrees/login", branch: "work/login" });
    await writeWorkerStatus(added.path, "running");
    await writeFile(path.join(added.path, PROTOCOL_FILES.result), "result");
    await writeFile(path.join(added.path, "real-work.ts"), "code");
    expect(await repo.git(["status", "--porcelain"], { cwd: added.path })).toBe("?? real-work.ts");
    expect(await repo.git(["status", "--porcelain"])).toBe("");
  });
});

describe("lock contention", () => {
  test("a git lock held for a moment by another git process is waited for, not a failure", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    const lock = path.join(repo.dir, ".git/refs/heads/work/busy.lock");
    await mkdir(path.dirname(lock), { recursive: true });
    await writeFile(lock, "");
    setTimeout(() => void import("node:fs/promises").then((fs) => fs.rm(lock)), 300);
    const added = await addWorktree(opened, { path: "worktrees/busy", branch: "work/busy" });
    expect(added.branch).toBe("work/busy");
  });

  test("a lock that stays is reported with git's message", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    const lock = path.join(repo.dir, ".git/refs/heads/work/stuck.lock");
    await mkdir(path.dirname(lock), { recursive: true });
    await writeFile(lock, "");
    await expect(addWorktree(opened, { path: "worktrees/stuck", branch: "work/stuck" })).rejects.toThrow(
      /stuck\.lock/,
    );
  }, 20_000);
});
