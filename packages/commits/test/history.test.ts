import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { type GitRepo, gitTestEnv, tempDir, useGitRepo } from "@wo/test-utils";
import { execa } from "execa";
import { describe, expect, test } from "vitest";
import { newestCommits, reflogMove, type WorkerBranchHistory } from "../src/attribution.js";
import { CommitsError } from "../src/errors.js";
import { readWorkerHistory } from "../src/history.js";

const gitRepo = useGitRepo();

/** Creates `work/<name>` from `from` (default main) in a linked worktree, so main stays checked out. */
async function worker(repo: GitRepo, name: string, from = "main"): Promise<string> {
  const dir = path.join(repo.dir, "worktrees", name);
  await repo.git(["worktree", "add", "-q", "-b", `work/${name}`, dir, from]);
  return dir;
}

function summary(branch: WorkerBranchHistory | undefined) {
  return (
    branch && {
      worker: branch.worker,
      subjects: branch.commits.map((commit) => commit.subject),
      status: branch.status,
    }
  );
}

function byWorker(branches: WorkerBranchHistory[], name: string): WorkerBranchHistory | undefined {
  return branches.find((branch) => branch.worker === name);
}

async function gitError(promise: Promise<unknown>): Promise<CommitsError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CommitsError);
  return error as CommitsError;
}

describe("readWorkerHistory", () => {
  test("a branch's status is the prefix of its newest prefixed own commit", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1-api");
    await repo.commit("[CHECKPOINT] Add user model", { "src/api/user.ts": "1" }, { cwd });
    const blocked = await repo.commit("[BLOCKED:missing-spec] Need endpoints", {}, { cwd });
    await repo.commit("Fix a typo", {}, { cwd });

    const history = await readWorkerHistory(repo.dir);
    expect(history.branches).toHaveLength(1);
    const [branch] = history.branches;
    expect(summary(branch)).toEqual({
      worker: "task-1-api",
      subjects: ["Fix a typo", "[BLOCKED:missing-spec] Need endpoints", "[CHECKPOINT] Add user model"],
      status: { kind: "blocked", reason: "missing-spec", message: "Need endpoints" },
    });
    expect(branch?.branch).toBe("work/task-1-api");
    expect(branch?.tip).toBe(await repo.git(["rev-parse", "work/task-1-api"]));
    expect(branch?.commits[1]).toMatchObject({ sha: blocked, authorName: "wo test", problem: null });
    expect(branch?.lastCommitAt).toBeInstanceOf(Date);
    expect(branch?.lastCommitAt?.getTime()).toBe(
      Number(await repo.git(["log", "-1", "--format=%ct", "work/task-1-api"])) * 1000,
    );
    expect(history.base).toEqual({
      ref: "main",
      sha: await repo.git(["rev-parse", "main"]),
      strayCommits: [],
    });
  });

  test("a worker that merged another worker's branch does not inherit its [COMPLETE]", async () => {
    const repo = await gitRepo();
    const one = await worker(repo, "task-1");
    const two = await worker(repo, "task-2");
    await repo.commit("[COMPLETE] User model", { "src/models/user.ts": "1" }, { cwd: two });
    await repo.commit(
      "[NEEDS:task-2/UserModel] Waiting for the model",
      { "src/api/a.ts": "1" },
      { cwd: one },
    );
    await repo.git(
      ["merge", "--no-ff", "-q", "-m", "Merge branch 'work/task-2' into work/task-1", "work/task-2"],
      {
        cwd: one,
      },
    );
    await repo.commit("Use the user model", { "src/api/b.ts": "1" }, { cwd: one });

    const { branches } = await readWorkerHistory(repo.dir, { includeFiles: true });
    expect(branches.map(summary)).toEqual([
      {
        worker: "task-1",
        subjects: [
          "Use the user model",
          "Merge branch 'work/task-2' into work/task-1",
          "[NEEDS:task-2/UserModel] Waiting for the model",
        ],
        status: { kind: "needs", worker: "task-2", item: "UserModel", message: "Waiting for the model" },
      },
      {
        worker: "task-2",
        subjects: ["[COMPLETE] User model"],
        status: { kind: "complete", message: "User model" },
      },
    ]);
    expect(byWorker(branches, "task-1")?.commits[1]?.parents).toHaveLength(2);
    expect(byWorker(branches, "task-1")?.files).toEqual(["src/api/a.ts", "src/api/b.ts"]);
    expect(byWorker(branches, "task-2")?.files).toEqual(["src/models/user.ts"]);
  });

  test("a worker fast-forwarded to another worker's branch owns only the commits after it", async () => {
    const repo = await gitRepo();
    const one = await worker(repo, "task-1");
    const two = await worker(repo, "task-2");
    await repo.commit("[CHECKPOINT] User model", { "src/models/user.ts": "1" }, { cwd: two });
    await repo.commit("[COMPLETE] User model done", { "src/models/user.ts": "2" }, { cwd: two });
    await repo.git(["merge", "--ff-only", "-q", "work/task-2"], { cwd: one });
    await repo.commit("[CHECKPOINT] Endpoint uses the model", { "src/api/a.ts": "1" }, { cwd: one });

    const history = await readWorkerHistory(repo.dir, { includeFiles: true });
    expect(history.branches.map(summary)).toEqual([
      {
        worker: "task-1",
        subjects: ["[CHECKPOINT] Endpoint uses the model"],
        status: { kind: "checkpoint", message: "Endpoint uses the model" },
      },
      {
        worker: "task-2",
        subjects: ["[COMPLETE] User model done", "[CHECKPOINT] User model"],
        status: { kind: "complete", message: "User model done" },
      },
    ]);
    expect(byWorker(history.branches, "task-1")?.files).toEqual(["src/api/a.ts"]);
    // The oldest own commit of task-1 sits on task-2's tip, not on the base.
    expect(byWorker(history.branches, "task-1")?.commits.at(-1)?.parents).toEqual([
      byWorker(history.branches, "task-2")?.tip,
    ]);
    // A stray commit on main after the fork is still found: the walk is bounded by task-2's fork point.
    await repo.commit("[COMPLETE] committed on main by mistake", { "stray.txt": "1" });
    const again = await readWorkerHistory(repo.dir);
    expect(again.base.strayCommits.map((c) => c.subject)).toEqual([
      "[COMPLETE] committed on main by mistake",
    ]);
  });

  test("a worker started from another worker's branch owns only its new commits", async () => {
    const repo = await gitRepo();
    const two = await worker(repo, "task-2");
    await repo.commit("[COMPLETE] Model", { "m.ts": "1" }, { cwd: two });
    const three = await worker(repo, "task-3", "work/task-2");
    await repo.commit("[BLOCKED:review] Frontend waits", { "f.ts": "1" }, { cwd: three });
    const { branches } = await readWorkerHistory(repo.dir, { parallelism: 1 });
    expect(branches.map(summary)).toEqual([
      { worker: "task-2", subjects: ["[COMPLETE] Model"], status: { kind: "complete", message: "Model" } },
      {
        worker: "task-3",
        subjects: ["[BLOCKED:review] Frontend waits"],
        status: { kind: "blocked", reason: "review", message: "Frontend waits" },
      },
    ]);
  });

  test("a worker fast-forwarded to another worker's tip before committing owns nothing: the reflog says so", async () => {
    const repo = await gitRepo();
    const one = await worker(repo, "task-1");
    const two = await worker(repo, "task-2");
    await repo.commit("[CHECKPOINT] User model", { "m.ts": "1" }, { cwd: two });
    await repo.commit("[COMPLETE] User model done", { "m.ts": "2" }, { cwd: two });
    await repo.git(["merge", "--ff-only", "-q", "work/task-2"], { cwd: one });
    // Created from another worker's branch: adopted too.
    await repo.git(["branch", "work/task-3", "work/task-2"]);

    const history = await readWorkerHistory(repo.dir, { includeFiles: true });
    expect(history.branches.map(summary)).toEqual([
      { worker: "task-1", subjects: [], status: null },
      {
        worker: "task-2",
        subjects: ["[COMPLETE] User model done", "[CHECKPOINT] User model"],
        status: { kind: "complete", message: "User model done" },
      },
      { worker: "task-3", subjects: [], status: null },
    ]);
    expect(byWorker(history.branches, "task-1")).toMatchObject({ lastCommitAt: null, files: [] });
    expect(byWorker(history.branches, "task-2")?.files).toEqual(["m.ts"]);
  });

  test("a worker that adopted another's commit does not cut that worker's later work short", async () => {
    const repo = await gitRepo();
    const one = await worker(repo, "task-1");
    const two = await worker(repo, "task-2");
    await repo.commit("[CHECKPOINT] first", { "m.ts": "1" }, { cwd: two });
    await repo.git(["merge", "--ff-only", "-q", "work/task-2"], { cwd: one });
    await repo.commit("[COMPLETE] second", { "m.ts": "2" }, { cwd: two });

    const { branches } = await readWorkerHistory(repo.dir);
    expect(branches.map(summary)).toEqual([
      { worker: "task-1", subjects: [], status: null },
      {
        worker: "task-2",
        subjects: ["[COMPLETE] second", "[CHECKPOINT] first"],
        status: { kind: "complete", message: "second" },
      },
    ]);
    // Once task-1 commits on top, its own work is what came after the commit it adopted.
    await repo.commit("[CHECKPOINT] own", { "a.ts": "1" }, { cwd: one });
    const again = await readWorkerHistory(repo.dir);
    expect(again.branches.map(summary)).toEqual([
      { worker: "task-1", subjects: ["[CHECKPOINT] own"], status: { kind: "checkpoint", message: "own" } },
      {
        worker: "task-2",
        subjects: ["[COMPLETE] second", "[CHECKPOINT] first"],
        status: { kind: "complete", message: "second" },
      },
    ]);
  });

  test("a worker started from another's branch owns only its commits, also after that worker moved on", async () => {
    const repo = await gitRepo();
    const two = await worker(repo, "task-2");
    await repo.commit("[CHECKPOINT] Model", { "m.ts": "1" }, { cwd: two });
    const three = await worker(repo, "task-3", "work/task-2");
    await repo.commit("[CHECKPOINT] Frontend", { "f.ts": "1" }, { cwd: three });
    await repo.commit("[COMPLETE] Model done", { "m.ts": "2" }, { cwd: two });
    const { branches } = await readWorkerHistory(repo.dir, { includeFiles: true });
    expect(branches.map(summary)).toEqual([
      {
        worker: "task-2",
        subjects: ["[COMPLETE] Model done", "[CHECKPOINT] Model"],
        status: { kind: "complete", message: "Model done" },
      },
      {
        worker: "task-3",
        subjects: ["[CHECKPOINT] Frontend"],
        status: { kind: "checkpoint", message: "Frontend" },
      },
    ]);
    expect(byWorker(branches, "task-3")?.files).toEqual(["f.ts"]);
  });

  test("a reset onto the worker's own earlier commit is no adoption", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await worker(repo, "task-2");
    await repo.commit("[CHECKPOINT] one", { "a.ts": "1" }, { cwd });
    await repo.commit("[CHECKPOINT] two", { "a.ts": "2" }, { cwd });
    await repo.git(["reset", "-q", "--hard", "HEAD~1"], { cwd });
    const { branches } = await readWorkerHistory(repo.dir);
    expect(summary(byWorker(branches, "task-1"))?.subjects).toEqual(["[CHECKPOINT] one"]);
  });

  test("without reflogs two branches at one commit both keep it: nothing tells them apart", async () => {
    const repo = await gitRepo();
    const two = await worker(repo, "task-2");
    await repo.commit("[COMPLETE] Model", { "m.ts": "1" }, { cwd: two });
    await repo.git(["update-ref", "refs/heads/work/task-1", "work/task-2"]);
    await repo.git(["reflog", "expire", "--expire=now", "--all"]);

    const { branches, gitCalls } = await readWorkerHistory(repo.dir, { parallelism: 1 });
    expect(branches.map((branch) => branch.status)).toEqual([
      { kind: "complete", message: "Model" },
      { kind: "complete", message: "Model" },
    ]);
    // for-each-ref, the range, the reflogs of the two tied branches, the base walk.
    expect(gitCalls).toBe(4);
  });

  test("branches the caller already read are used instead of for-each-ref, with the same result", async () => {
    const repo = await gitRepo();
    const one = await worker(repo, "task-1");
    await repo.commit("[COMPLETE] One", { "a.ts": "1" }, { cwd: one });
    const two = await worker(repo, "task-2");
    await repo.commit("[BLOCKED:api] Two", { "b.ts": "1" }, { cwd: two });
    const listed = (await repo.git(["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/"]))
      .split("\n")
      .map((line) => ({ sha: line.split(" ")[0] as string, ref: line.split(" ")[1] as string }))
      .reverse(); // any order, and other branches (main) among them
    const asked = await readWorkerHistory(repo.dir, { parallelism: 1 });
    const given = await readWorkerHistory(repo.dir, { parallelism: 1, refs: listed });
    expect(given.branches.map((b) => [b.branch, b.status, b.commits.length])).toEqual(
      asked.branches.map((b) => [b.branch, b.status, b.commits.length]),
    );
    expect(given.branches.map((b) => b.branch)).toEqual(["work/task-1", "work/task-2"]);
    expect(given.gitCalls).toBe(asked.gitCalls - 1);
  });

  test("merging the base into a worker branch adds only the merge commit to its own commits", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await repo.commit("[CHECKPOINT] one", {}, { cwd });
    await repo.commit("main moves on", { "main.txt": "1" });
    await repo.git(["merge", "--no-ff", "-q", "-m", "Merge main", "main"], { cwd });

    const { branches } = await readWorkerHistory(repo.dir);
    expect(summary(branches[0])?.subjects).toEqual(["Merge main", "[CHECKPOINT] one"]);
  });

  test("a prefixed commit on main after the earliest fork point is a stray commit", async () => {
    const repo = await gitRepo();
    await repo.commit("[CHECKPOINT] before any worker existed");
    const old = await worker(repo, "old");
    await repo.commit("[CHECKPOINT] old work", {}, { cwd: old });
    const stray = await repo.commit("[COMPLETE] committed to main by mistake");
    await repo.commit("a plain commit on main");
    const fresh = await worker(repo, "new");
    await repo.commit("[CHECKPOINT] new work", {}, { cwd: fresh });

    const history = await readWorkerHistory(repo.dir);
    expect(history.base.strayCommits.map(({ sha, status }) => ({ sha, status }))).toEqual([
      { sha: stray, status: { kind: "complete", message: "committed to main by mistake" } },
    ]);
    expect(history.base.sha).toBe(await repo.git(["rev-parse", "main"]));
  });

  test("strays are found the same whether the fork point is among the base's newest 256 commits or further back", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await repo.commit("[CHECKPOINT] work", {}, { cwd });
    const stray = await repo.commit("[COMPLETE] committed to main by mistake");
    const near = await readWorkerHistory(repo.dir, { parallelism: 1 });
    expect(near.base.strayCommits.map((c) => c.sha)).toEqual([stray]);
    // for-each-ref, the range, the base's newest commits: the fork point is among them.
    expect(near.gitCalls).toBe(3);

    // 300 more commits on main (one git fast-import): the fork point is now beyond the newest 256.
    const lines = ["reset refs/heads/main", `from ${await repo.git(["rev-parse", "main"])}`, ""];
    for (let i = 0; i < 300; i++) {
      const message = i === 0 ? "[BLOCKED:ci] another stray" : `main commit ${i}`;
      // Dated after the commits before them: git's walk trusts commit dates to stop early.
      const when = Math.floor(Date.now() / 1000) + 60 + i;
      lines.push("commit refs/heads/main", `committer wo test <test@wo.invalid> ${when} +0000`);
      lines.push(`data ${Buffer.byteLength(message)}`, message, "");
    }
    await execa("git", ["fast-import", "--quiet"], { cwd: repo.dir, input: `${lines.join("\n")}\n` });
    const far = await readWorkerHistory(repo.dir, { parallelism: 1 });
    expect(far.base.strayCommits.map((c) => c.status?.kind)).toEqual(["blocked", "complete"]);
    expect(far.base.strayCommits[1]?.sha).toBe(stray);
    expect(far.base.sha).toBe(await repo.git(["rev-parse", "main"]));
    // ... and the exact walk on the base since the fork point.
    expect(far.gitCalls).toBe(4);
  });

  test("commitCount counts the own commits; the commits, made when first read, serialise with the branch", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await repo.commit("[CHECKPOINT] one", {}, { cwd });
    await repo.commit("[COMPLETE] two", {}, { cwd });
    const [branch] = (await readWorkerHistory(repo.dir)).branches;
    expect(branch?.commitCount).toBe(2);
    expect(branch?.commits).toBe(branch?.commits); // made once
    expect(branch?.commits.map((c) => c.subject)).toEqual(["[COMPLETE] two", "[CHECKPOINT] one"]);
    const json = JSON.parse(JSON.stringify(branch));
    expect(json.commitCount).toBe(2);
    expect(json.commits.map((c: { subject: string }) => c.subject)).toEqual([
      "[COMPLETE] two",
      "[CHECKPOINT] one",
    ]);
    expect(json.commits[0].sha).toBe(await repo.git(["rev-parse", "work/task-1"]));
  });

  test("newestCommits gives the newest own commits, the same objects as commits, for read and plain histories", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    for (const n of [1, 2, 3]) await repo.commit(`[CHECKPOINT] step ${n}`, {}, { cwd });
    const [branch] = (await readWorkerHistory(repo.dir)).branches;
    if (branch === undefined) throw new Error("no branch");
    const two = newestCommits(branch, 2);
    expect(two.map((c) => c.subject)).toEqual(["[CHECKPOINT] step 3", "[CHECKPOINT] step 2"]);
    expect(two[0]).toBe(branch.commits[0]);
    expect(newestCommits(branch, 10)).toHaveLength(3);
    expect(newestCommits(branch, 0)).toEqual([]);
    expect(newestCommits(branch, -1)).toEqual([]);
    // A history that did not come from readWorkerHistory (e.g. parsed from JSON) works too.
    const plain = { ...branch, commits: [...branch.commits] };
    expect(newestCommits(plain, 1).map((c) => c.subject)).toEqual(["[CHECKPOINT] step 3"]);
  });

  test("a branch with no commits of its own has no status, no commits and no last commit time", async () => {
    const repo = await gitRepo();
    await worker(repo, "idle");
    const history = await readWorkerHistory(repo.dir, { includeFiles: true });
    expect(history.branches).toEqual([
      {
        branch: "work/idle",
        worker: "idle",
        tip: await repo.git(["rev-parse", "main"]),
        commits: [],
        commitCount: 0,
        status: null,
        lastCommitAt: null,
        files: [],
      },
    ]);
    expect(history.base.strayCommits).toEqual([]);
  });

  test("a branch already merged into main has no commits of its own", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await repo.commit("[COMPLETE] done", {}, { cwd });
    await repo.git(["merge", "--no-ff", "-q", "-m", "Merge task-1", "work/task-1"]);
    const history = await readWorkerHistory(repo.dir);
    expect(summary(history.branches[0])).toEqual({ worker: "task-1", subjects: [], status: null });
    expect(history.base.strayCommits).toEqual([]);
  });

  test("the number of git calls does not grow with the number of branches", async () => {
    const calls: number[] = [];
    for (const count of [2, 10]) {
      const repo = await gitRepo();
      for (let index = 0; index < count; index += 1) {
        const cwd = await worker(repo, `task-${index}`);
        await repo.commit(`[CHECKPOINT] step of ${index}`, { [`f${index}.txt`]: "x" }, { cwd });
      }
      const history = await readWorkerHistory(repo.dir, { parallelism: 2 });
      expect(history.branches).toHaveLength(count);
      calls.push(history.gitCalls);
      calls.push((await readWorkerHistory(repo.dir, { includeFiles: true, parallelism: 2 })).gitCalls);
    }
    // for-each-ref, two shards of the range, the base walk: all branches left main at one commit, so no merge-base.
    expect(calls).toEqual([4, 4, 4, 4]);
    // Branches that left the base at different commits add the merge-base of their fork points.
    const repo = await gitRepo();
    await repo.commit("[CHECKPOINT] a", { "a.txt": "a" }, { cwd: await worker(repo, "task-a") });
    await repo.commit("main moves on", { "m.txt": "m" });
    await repo.commit("[CHECKPOINT] b", { "b.txt": "b" }, { cwd: await worker(repo, "task-b") });
    expect((await readWorkerHistory(repo.dir, { parallelism: 2 })).gitCalls).toBe(5);
  });

  test("a sharded walk attributes commits exactly like a single walk, also for merged branches", async () => {
    const repo = await gitRepo();
    const one = await worker(repo, "task-1");
    await repo.commit("[CHECKPOINT] a", { "a.txt": "a" }, { cwd: one });
    const two = await worker(repo, "task-2");
    await repo.commit("[CHECKPOINT] b", { "b.txt": "b" }, { cwd: two });
    await repo.git(["merge", "--no-ff", "-q", "-m", "Merge task-1 into task-2", "work/task-1"], { cwd: two });
    await repo.commit("[COMPLETE] b", { "b2.txt": "b" }, { cwd: two });
    const single = await readWorkerHistory(repo.dir, { parallelism: 1 });
    const sharded = await readWorkerHistory(repo.dir, { parallelism: 2 });
    expect(sharded.branches).toEqual(single.branches);
    expect(sharded.base).toEqual(single.base);
  });

  test("no worker branches gives an empty result in 2 git calls", async () => {
    const repo = await gitRepo();
    await repo.git(["branch", "feature/not-a-worker"]);
    expect(await readWorkerHistory(repo.dir)).toEqual({
      base: { ref: "main", sha: await repo.git(["rev-parse", "main"]), strayCommits: [] },
      branches: [],
      gitCalls: 2,
    });
  });

  test("files lists both paths of a rename and nothing without includeFiles", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await repo.commit("add", { "src/a.ts": "export const a = 1;\n".repeat(20), "src/z.ts": "z" }, { cwd });
    await repo.git(["mv", "src/a.ts", "src/b.ts"], { cwd });
    await repo.commit("[CHECKPOINT] rename", { "src/z.ts": "zz" }, { cwd });
    expect((await readWorkerHistory(repo.dir, { includeFiles: true })).branches[0]?.files).toEqual([
      "src/a.ts",
      "src/b.ts",
      "src/z.ts",
    ]);
    expect((await readWorkerHistory(repo.dir)).branches[0]?.files).toEqual([]);
  });

  test("unusual file names are listed verbatim", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    const names = ["dir/with space.ts", "ünïcödé/日本語.md", "line\nbreak.txt", "-dash.ts", "tab\there.ts"];
    await repo.commit("odd names", Object.fromEntries(names.map((name) => [name, "x"])), { cwd });
    expect((await readWorkerHistory(repo.dir, { includeFiles: true })).branches[0]?.files).toEqual(
      [...names].sort(),
    );
  });

  test("hostile subjects are cleaned and a NUL byte does not break the records after it", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await repo.commit(
      "\u001b[31m[CHECKPOINT]\u001b[0m colour\u0007 and bell\n\nbody [COMPLETE]",
      {},
      { cwd },
    );
    const tree = await repo.git(["rev-parse", "HEAD^{tree}"], { cwd });
    const parent = await repo.git(["rev-parse", "HEAD"], { cwd });
    const raw = `tree ${tree}\nparent ${parent}\nauthor a <a@b> 1700000000 +0000\ncommitter a <a@b> 1700000000 +0000\n\n[BLOCKED:nul] before\u0000after\u001e\n`;
    const { stdout: crafted } = await execa("git", ["hash-object", "-t", "commit", "-w", "--stdin"], {
      cwd,
      input: raw,
      env: gitTestEnv,
    });
    await repo.git(["update-ref", "refs/heads/work/task-1", crafted]);
    await repo.commit("[COMPLETE] after the crafted commit", {}, { cwd });

    const [branch] = (await readWorkerHistory(repo.dir)).branches;
    expect(branch?.commits.map(({ subject, status }) => ({ subject, status }))).toEqual([
      {
        subject: "[COMPLETE] after the crafted commit",
        status: { kind: "complete", message: "after the crafted commit" },
      },
      { subject: "[BLOCKED:nul] before", status: { kind: "blocked", reason: "nul", message: "before" } },
      { subject: "[CHECKPOINT] colour and bell", status: { kind: "checkpoint", message: "colour and bell" } },
    ]);
  });

  test("a custom base and branch prefix are honoured, and a prefix need not end in a slash", async () => {
    const repo = await gitRepo();
    await repo.git(["branch", "develop"]);
    await repo.git(["branch", "wo-a", "develop"]);
    await repo.git(["branch", "work/ignored", "develop"]);
    await repo.commit("[COMPLETE] on wo-a", {}, { cwd: await addWorktree(repo, "wo-a") });
    const history = await readWorkerHistory(repo.dir, { base: "develop", branchPrefix: "wo-" });
    expect(history.branches.map(summary)).toEqual([
      { worker: "a", subjects: ["[COMPLETE] on wo-a"], status: { kind: "complete", message: "on wo-a" } },
    ]);
    expect(history.base.ref).toBe("develop");
  });

  test("a subdirectory of the repository and a commit sha as base work", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await repo.commit("[CHECKPOINT] x", {}, { cwd });
    await mkdir(path.join(repo.dir, "sub"));
    const sha = await repo.git(["rev-parse", "main"]);
    const history = await readWorkerHistory(path.join(repo.dir, "sub"), { base: sha });
    expect(history.base.sha).toBe(sha);
    expect(history.branches[0]?.status?.kind).toBe("checkpoint");
  });
  test("files named like the base or a worker's commit do not make the walk ambiguous", async () => {
    const repo = await gitRepo();
    const cwd = await worker(repo, "task-1");
    await repo.commit("[CHECKPOINT] x", {}, { cwd });
    // The walk names the base and the tips as revisions: "--" keeps git from also reading them as paths.
    await writeFile(path.join(repo.dir, "main"), "a file, not the branch\n");
    await writeFile(path.join(repo.dir, await repo.git(["rev-parse", "work/task-1"])), "x\n");
    const history = await readWorkerHistory(repo.dir, { base: "main" });
    expect(history.branches[0]?.commitCount).toBe(1);
    expect(history.branches[0]?.status?.kind).toBe("checkpoint");
  });
});

async function addWorktree(repo: GitRepo, branch: string): Promise<string> {
  const dir = path.join(repo.dir, "worktrees", branch);
  await repo.git(["worktree", "add", "-q", dir, branch]);
  return dir;
}

describe("readWorkerHistory errors", () => {
  test("a missing base ref is E_BAD_REF naming the ref", async () => {
    const repo = await gitRepo();
    await repo.git(["branch", "work/task-1"]);
    for (const branches of [true, false]) {
      if (!branches) await repo.git(["branch", "-D", "work/task-1"]);
      const error = await gitError(readWorkerHistory(repo.dir, { base: "trunk" }));
      expect(error.code).toBe("E_BAD_REF");
      expect(error.message.replace(repo.dir, "<repo>")).toMatchInlineSnapshot(
        `"The base ref "trunk" does not name a commit in "<repo>": expected the branch worker branches were created from. Pass an existing branch, tag or commit as base (e.g. "main"), or create it first."`,
      );
    }
  });

  test("a base that git would read as an option or several revisions is E_BAD_REF without running git", async () => {
    const repo = await gitRepo();
    for (const base of ["--all", "^main", "main\nHEAD", "", "a b"]) {
      const error = await gitError(readWorkerHistory(repo.dir, { base }));
      expect(error.code).toBe("E_BAD_REF");
      expect(error.argv).toEqual([]);
    }
  });

  test("a directory that is not a repository is E_NOT_A_REPO", async () => {
    const dir = await tempDir("wo-not-a-repo-");
    for (const target of [dir, path.join(dir, "missing")]) {
      const error = await gitError(readWorkerHistory(target));
      expect(error.code).toBe("E_NOT_A_REPO");
      expect(error.message).toContain(JSON.stringify(target));
      expect(error.argv).toContain("for-each-ref");
    }
    const error = await gitError(readWorkerHistory(dir));
    expect(error.message.replace(dir, "<dir>")).toMatchInlineSnapshot(
      `""<dir>" is not a git repository: expected the directory of a repository or one of its worktrees, git said "fatal: not a git repository (or any of the parent directories): .git". Pass the repository's path."`,
    );
  });

  test("an empty or absolute branch prefix is E_INVALID_OPTION", async () => {
    const repo = await gitRepo();
    const error = await gitError(readWorkerHistory(repo.dir, { branchPrefix: "" }));
    expect(error.code).toBe("E_INVALID_OPTION");
    expect(error.message).toMatchInlineSnapshot(
      `"Invalid branch prefix "": expected the start of worker branch names under refs/heads/, without spaces or control characters. Pass e.g. "work/"."`,
    );
    expect((await gitError(readWorkerHistory(repo.dir, { branchPrefix: "/work" }))).code).toBe(
      "E_INVALID_OPTION",
    );
  });
});

describe("reflogMove", () => {
  test.each([
    ["branch: Created from work/task-2", "adopted"],
    ["branch: Created from HEAD", "adopted"],
    ["merge work/task-2: Fast-forward", "adopted"],
    ["pull --ff-only origin work/task-2: Fast-forward", "adopted"],
    ["reset: moving to work/task-2", "adopted"],
    ["commit: [COMPLETE] done", "made"],
    ["commit (amend): [COMPLETE] done", "made"],
    ["merge work/task-2: Merge made by the 'ort' strategy.", "made"],
    ["rebase (finish): refs/heads/work/task-1 onto abc", "made"],
    ["", "made"],
  ])("%j is %s", (subject, move) => {
    expect(reflogMove(subject)).toBe(move);
  });
});
