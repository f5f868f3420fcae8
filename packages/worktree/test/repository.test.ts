import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir, useGitRepo } from "@wo/test-utils";
import { execa } from "execa";
import { describe, expect, test } from "vitest";
import { type LinkedWorktree, readLinkedWorktrees } from "../src/linked.js";
import { type BranchTip, readBranchTips } from "../src/refs.js";
import { discoverRepository, openRepository, type Repository } from "../src/repository.js";
import { parseWorktreeList } from "../src/worktrees.js";

const gitRepo = useGitRepo();

/** What git itself says about `cwd`, in the shape of a {@link Repository}. */
async function gitsAnswer(cwd: string): Promise<Repository> {
  const { stdout } = await execa(
    "git",
    ["rev-parse", "--path-format=absolute", "--git-common-dir", "--show-toplevel"],
    { cwd },
  );
  const [commonDir = "", toplevel = ""] = stdout.split("\n");
  const root = path.basename(commonDir) === ".git" ? path.dirname(commonDir) : toplevel;
  return { root, commonDir, cwdTree: toplevel };
}

describe("discoverRepository (reading git's files instead of starting git)", () => {
  test("agrees with git in the main worktree, a subdirectory, a linked worktree and its subdirectory", async () => {
    const repo = await gitRepo();
    await mkdir(path.join(repo.dir, "src", "deep"), { recursive: true });
    await repo.git(["worktree", "add", "-q", "-b", "work/a", path.join(repo.dir, "worktrees", "a")]);
    await mkdir(path.join(repo.dir, "worktrees", "a", "lib"), { recursive: true });
    for (const dir of [
      repo.dir,
      path.join(repo.dir, "src", "deep"),
      path.join(repo.dir, "worktrees", "a"),
      path.join(repo.dir, "worktrees", "a", "lib"),
    ]) {
      const found = discoverRepository(dir, {});
      expect(found, dir).not.toBeNull();
      expect(found).toEqual(await gitsAnswer(dir));
    }
  });

  test("a path through a symlink gives the real paths, as git does", async () => {
    const repo = await gitRepo();
    const link = path.join(await tempDir(), "link");
    await symlink(repo.dir, link);
    expect(discoverRepository(link, {})).toEqual(await gitsAnswer(link));
    expect(discoverRepository(link, {})?.root).toBe(repo.dir);
  });

  test("a repository whose git directory lives elsewhere (git init --separate-git-dir)", async () => {
    const work = await tempDir();
    const store = path.join(await tempDir(), "store.git");
    await execa("git", ["init", "-q", "-b", "main", "--separate-git-dir", store, work]);
    expect(discoverRepository(work, {})).toEqual(await gitsAnswer(work));
  });

  test("leaves the unusual cases to git: redirecting environment, core.worktree, bare, inside .git, no repository", async () => {
    const repo = await gitRepo();
    expect(discoverRepository(repo.dir, { GIT_DIR: path.join(repo.dir, ".git") })).toBeNull();
    expect(discoverRepository(repo.dir, { GIT_CEILING_DIRECTORIES: "/" })).toBeNull();
    expect(discoverRepository(path.join(repo.dir, ".git"), {})).toBeNull();
    expect(discoverRepository(path.join(repo.dir, ".git", "refs"), {})).toBeNull();
    expect(discoverRepository(await tempDir(), {})).toBeNull();

    const bare = await tempDir();
    await execa("git", ["init", "-q", "--bare", bare]);
    expect(discoverRepository(bare, {})).toBeNull();

    const moved = await gitRepo();
    await moved.git(["config", "core.worktree", moved.dir]);
    expect(discoverRepository(moved.dir, {})).toBeNull();

    const included = await gitRepo();
    await writeFile(path.join(included.dir, "extra.config"), "[core]\n\tworktree = /elsewhere\n");
    await included.git(["config", "include.path", path.join(included.dir, "extra.config")]);
    expect(discoverRepository(included.dir, {})).toBeNull();
  });

  test("a .git file that does not name a git directory is left to git", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, ".git"), "gitdir: /nowhere/at/all\n");
    expect(discoverRepository(dir, {})).toBeNull();
    await expect(openRepository(dir)).rejects.toMatchObject({ code: "E_NOT_A_REPO" });
  });

  test("openRepository gives the same answer with and without git's help", async () => {
    const repo = await gitRepo();
    await repo.git(["worktree", "add", "-q", "-b", "work/b", path.join(repo.dir, "worktrees", "b")]);
    const inside = path.join(repo.dir, "worktrees", "b");
    const fast = await openRepository(inside);
    const ceiling = "GIT_CEILING_DIRECTORIES";
    const previous = process.env[ceiling];
    process.env[ceiling] = "";
    try {
      // The variable sends discovery to git (it is empty, so git's answer does not change).
      expect(discoverRepository(inside, process.env)).toBeNull();
      expect(await openRepository(inside)).toEqual(fast);
    } finally {
      if (previous === undefined) delete process.env[ceiling];
      else process.env[ceiling] = previous;
    }
    expect(fast).toEqual({ root: repo.dir, commonDir: path.join(repo.dir, ".git"), cwdTree: inside });
  });
});

describe("readLinkedWorktrees", () => {
  /** git's own list of linked worktrees, as path and branch, sorted by path. */
  async function gitsList(repo: { dir: string }): Promise<LinkedWorktree[]> {
    const { stdout } = await execa("git", ["worktree", "list", "--porcelain", "-z"], { cwd: repo.dir });
    return parseWorktreeList(stdout)
      .filter((w) => w.path !== repo.dir)
      .map((w) => ({ path: w.path, branch: w.branch }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  test("agrees with git worktree list: branches, a detached worktree, a locked one, a deleted one, relative paths", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    expect(readLinkedWorktrees(opened)).toEqual([]);
    for (const name of ["zeta", "alpha", "mid"]) {
      await repo.git(["worktree", "add", "-q", "-b", `work/${name}`, path.join(repo.dir, "worktrees", name)]);
    }
    await repo.git(["worktree", "add", "-q", "--detach", path.join(repo.dir, "worktrees", "detached")]);
    await repo.git([
      "worktree",
      "lock",
      "--reason",
      "on a USB disk",
      path.join(repo.dir, "worktrees", "mid"),
    ]);
    await rm(path.join(repo.dir, "worktrees", "zeta"), { recursive: true });
    await repo
      .git([
        "-c",
        "worktree.useRelativePaths=true",
        "worktree",
        "add",
        "-q",
        "-b",
        "work/relative",
        path.join(repo.dir, "worktrees", "relative"),
      ])
      .catch(() => undefined); // git before 2.48 has no relative paths: the others still count
    const listed = readLinkedWorktrees(opened);
    expect(listed).toEqual(await gitsList(repo));
    expect(listed?.map((w) => path.basename(w.path))).toContain("detached");
    expect(listed?.find((w) => w.path.endsWith("detached"))?.branch).toBeNull();
    // Git 2.48+ may store the path relative to the entry's directory (worktree.useRelativePaths).
    const admin = path.join(opened.commonDir, "worktrees", "alpha");
    await writeFile(
      path.join(admin, "gitdir"),
      `${path.relative(admin, path.join(repo.dir, "worktrees", "alpha", ".git"))}\n`,
    );
    expect(readLinkedWorktrees(opened)).toEqual(listed);
  });

  test("leaves an entry git would skip or flag, and the reftable backend, to git", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    await repo.git(["worktree", "add", "-q", "-b", "work/a", path.join(repo.dir, "worktrees", "a")]);
    const admin = path.join(opened.commonDir, "worktrees", "a");
    await writeFile(path.join(admin, "HEAD"), "ref: refs/tags/v1\n");
    expect(readLinkedWorktrees(opened)).toBeNull();
    await rm(path.join(admin, "HEAD"));
    expect(readLinkedWorktrees(opened)).toBeNull();

    const other = await gitRepo();
    await other.git(["config", "extensions.refStorage", "reftable"]);
    expect(readLinkedWorktrees(await openRepository(other.dir))).toBeNull();
  });
});

describe("readBranchTips", () => {
  /** git's own answer, in the same shape. */
  async function forEachRef(repo: { dir: string }, prefix: string): Promise<BranchTip[]> {
    const { stdout } = await execa(
      "git",
      ["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/"],
      { cwd: repo.dir },
    );
    return stdout
      .split("\n")
      .filter(Boolean)
      .map((line) => ({ sha: line.split(" ")[0] as string, ref: line.split(" ")[1] as string }))
      .filter(({ ref }) => ref.startsWith(`refs/heads/${prefix}`));
  }

  test("agrees with git for-each-ref: loose, packed, packed then moved, nested names, other branches left out", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    expect(readBranchTips(opened.commonDir, "work/")).toEqual([]);
    for (const name of ["b", "a", "deep/c", "task-10", "task-9"]) await repo.git(["branch", `work/${name}`]);
    await repo.git(["branch", "feature/x"]);
    await repo.git(["pack-refs", "--all"]);
    await repo.commit("later");
    await repo.git(["branch", "-f", "work/b", "HEAD"]); // packed at the old commit, loose at the new one
    await repo.git(["branch", "work/loose-only"]);
    for (const prefix of ["work/", "work/task-", "w", "feature/"]) {
      expect(readBranchTips(opened.commonDir, prefix), prefix).toEqual(await forEachRef(repo, prefix));
    }
    expect(readBranchTips(opened.commonDir, "work/")?.find((t) => t.ref === "refs/heads/work/b")?.sha).toBe(
      await repo.git(["rev-parse", "HEAD"]),
    );
  });

  test("a ref being written (.lock) is skipped; a symbolic ref or the reftable backend is left to git", async () => {
    const repo = await gitRepo();
    const opened = await openRepository(repo.dir);
    await repo.git(["branch", "work/a"]);
    await writeFile(path.join(opened.commonDir, "refs", "heads", "work", "b.lock"), "0".repeat(40));
    expect(readBranchTips(opened.commonDir, "work/")).toEqual(await forEachRef(repo, "work/"));
    await repo.git(["symbolic-ref", "refs/heads/work/alias", "refs/heads/work/a"]);
    expect(readBranchTips(opened.commonDir, "work/")).toBeNull();

    const other = await gitRepo();
    await other.git(["config", "extensions.refStorage", "reftable"]);
    expect(readBranchTips(path.join(other.dir, ".git"), "work/")).toBeNull();
  });
});
