import path from "node:path";
import { type GitRepo, useGitRepo } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { changedFilesByBranch, readWorkerHistory } from "../src/index.js";

const gitRepo = useGitRepo();

/** Creates `work/<name>` from main in a linked worktree, so main stays checked out. */
async function worker(repo: GitRepo, name: string): Promise<string> {
  const dir = path.join(repo.dir, "worktrees", name);
  await repo.git(["worktree", "add", "-q", "-b", `work/${name}`, dir, "main"]);
  return dir;
}

async function changed(repo: GitRepo): Promise<Map<string, string[]>> {
  const history = await readWorkerHistory(repo.dir);
  return changedFilesByBranch(repo.dir, history.branches);
}

describe("changedFilesByBranch", () => {
  test("lists the files each branch's own commits changed, sorted", async () => {
    const repo = await gitRepo();
    const api = await worker(repo, "api");
    const ui = await worker(repo, "ui");
    await repo.commit("[CHECKPOINT] api", { "src/api/b.ts": "1", "src/api/a.ts": "1" }, { cwd: api });
    await repo.commit("[CHECKPOINT] more api", { "README.md": "api\n" }, { cwd: api });
    await repo.commit("[CHECKPOINT] ui", { "src/ui/view.ts": "1" }, { cwd: ui });

    expect(Object.fromEntries(await changed(repo))).toEqual({
      "work/api": ["README.md", "src/api/a.ts", "src/api/b.ts"],
      "work/ui": ["src/ui/view.ts"],
    });
  });

  test("files a merge brought in from another worker's branch are not the merging branch's own", async () => {
    const repo = await gitRepo();
    const one = await worker(repo, "one");
    const two = await worker(repo, "two");
    await repo.commit("[COMPLETE] model", { "src/models/user.ts": "1" }, { cwd: two });
    await repo.commit("[CHECKPOINT] api", { "src/api/a.ts": "1" }, { cwd: one });
    await repo.git(["merge", "--no-ff", "-q", "-m", "Merge work/two", "work/two"], { cwd: one });

    const files = await changed(repo);
    expect(files.get("work/one")).toEqual(["src/api/a.ts"]);
    expect(files.get("work/two")).toEqual(["src/models/user.ts"]);
  });

  test("branches without own commits are left out, and no branches cost no git call", async () => {
    const repo = await gitRepo();
    await worker(repo, "idle");
    expect(await changed(repo)).toEqual(new Map());
    expect(await changedFilesByBranch(repo.dir, [])).toEqual(new Map());
  });
});
