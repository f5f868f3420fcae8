import { existsSync } from "node:fs";
import { chmod, readFile, realpath, writeFile } from "node:fs/promises";
import path from "node:path";
import { type GitRepo, useGitRepo } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { IntegrateError } from "../src/errors.js";
import { integrateBranches } from "../src/integrate.js";
import type { IntegrateOptions } from "../src/integration-types.js";
import { renderIntegrationReport } from "../src/report.js";
import { addBranch, commitInfo, snapshotRepository, useTempDirs } from "./helpers.js";

const gitRepo = useGitRepo();
const tempDir = useTempDirs();

const base = { "x.txt": "x\n", "y.txt": "y\n", "src/auth/login.ts": "login\n" };

/** A repository with three workers: a and c are clean, b conflicts with a on x.txt. */
async function threeWorkers(repo: GitRepo): Promise<IntegrateOptions["workers"]> {
  await repo.commit("base", base);
  await addBranch(repo, "work/a", { "x.txt": "a\n", "a.txt": "a\n" });
  await addBranch(repo, "work/b", { "x.txt": "b\n" });
  await addBranch(repo, "work/c", { "c.txt": "c\n" });
  return [
    { feature: "a", branch: "work/a", description: "Add a" },
    { feature: "b", branch: "work/b", description: "Add b" },
    { feature: "c", branch: "work/c", description: "Add c" },
  ];
}

async function cleanWorkers(repo: GitRepo): Promise<IntegrateOptions["workers"]> {
  await repo.commit("base", base);
  await addBranch(repo, "work/a", { "a.txt": "a\n" });
  await addBranch(repo, "work/c", { "c.txt": "c\n" });
  return [
    { feature: "a", branch: "work/a", description: "Add a" },
    { feature: "c", branch: "work/c", description: "Add c" },
  ];
}

async function caught(promise: Promise<unknown>): Promise<IntegrateError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof IntegrateError)) throw new Error(`expected an IntegrateError, got ${String(error)}`);
  return error;
}

function redact(text: string, repo: GitRepo, ...more: string[]): string {
  let out = text.replaceAll(repo.dir, "<repo>");
  for (const value of more) out = out.replaceAll(value, "<dir>");
  return out;
}

describe("integrateBranches: merging", () => {
  test("clean workers are merged in order with --no-ff into a new integration branch", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    expect(result).toMatchObject({
      branch: "integration/auth",
      created: true,
      merged: ["a", "c"],
      alreadyMerged: [],
      conflicts: [],
      skipped: [],
      open: false,
      nextCommands: [],
    });
    expect(await commitInfo(repo, "integration/auth")).toEqual({ subject: "Merge c: Add c", parents: 2 });
    expect(await commitInfo(repo, "integration/auth^1")).toEqual({ subject: "Merge a: Add a", parents: 2 });
    expect(result.merges.map((merge) => merge.sha)).toEqual([
      await repo.git(["rev-parse", "integration/auth^1"]),
      await repo.git(["rev-parse", "integration/auth"]),
    ]);
    expect(result.head).toBe(await repo.git(["rev-parse", "integration/auth"]));
  });

  test("the user's checkout keeps its branch and its uncommitted changes", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await repo.write({ "x.txt": "my edit\n" });
    await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    expect(await repo.git(["symbolic-ref", "--short", "HEAD"])).toBe("main");
    expect(await readFile(path.join(repo.dir, "x.txt"), "utf8")).toBe("my edit\n");
  });

  test("the integration worktree lives in the git common dir and is removed after a run", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    expect(result.worktree).toEqual({
      path: path.join(repo.dir, ".git", "wo", "integration", "auth"),
      kept: false,
    });
    expect(existsSync(result.worktree.path)).toBe(false);
    expect(await repo.git(["worktree", "list", "--porcelain"])).not.toContain("integration/auth");
  });

  test("keepWorktree keeps the integration worktree on the integration branch", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      keepWorktree: true,
    });
    expect(result.worktree.kept).toBe(true);
    expect(await repo.git(["symbolic-ref", "--short", "HEAD"], { cwd: result.worktree.path })).toBe(
      "integration/auth",
    );
  });

  test("the journal records the base, the order and every merge", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    const journal = JSON.parse(await readFile(result.journal, "utf8"));
    expect(journal).toMatchObject({
      state: "completed",
      base: { ref: "main", sha: result.base.sha },
      order: ["a", "c"],
      before: result.before,
      merges: result.merges,
      current: null,
    });
  });

  test("a description is one argv element: quotes, $(…), a leading dash and line breaks stay text", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    await addBranch(repo, "work/a", { "a.txt": "a\n" });
    const description = `--force "quoted" $(touch pwned) \`x\`\nsecond line`;
    await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers: [{ feature: "a", branch: "work/a", description }],
    });
    expect((await commitInfo(repo, "integration/auth")).subject).toBe(
      'Merge a: --force "quoted" $(touch pwned) `x` second line',
    );
    expect(existsSync(path.join(repo.dir, "pwned"))).toBe(false);
  });

  test("a worker without a description is merged as 'Merge <feature> (<branch>)'", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    await addBranch(repo, "work/a", { "a.txt": "a\n" });
    await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers: [{ feature: "a", branch: "work/a" }],
    });
    expect((await commitInfo(repo, "integration/auth")).subject).toBe("Merge a (work/a)");
  });

  test("an existing integration branch is reused and already-merged workers are not merged again", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const first = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers: workers.slice(0, 1),
    });
    const second = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    expect(second).toMatchObject({ created: false, before: first.head, merged: ["c"], alreadyMerged: ["a"] });
    const third = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    expect(third).toMatchObject({ merged: [], alreadyMerged: ["a", "c"], head: second.head });
  });
});

describe("integrateBranches: conflicts", () => {
  test("a conflict is aborted: earlier merges stay, the worker and its files are reported, the rest skipped", async () => {
    const repo = await gitRepo();
    const workers = await threeWorkers(repo);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    expect(result).toMatchObject({
      merged: ["a"],
      conflicts: [{ feature: "b", files: ["x.txt"] }],
      skipped: ["c"],
      open: false,
      nextCommands: [],
    });
    expect(result.head).toBe(result.merges[0]?.sha);
    expect(await repo.git(["rev-parse", "integration/auth"])).toBe(result.head);
    expect(JSON.parse(await readFile(result.journal, "utf8")).state).toBe("conflict");
    expect(existsSync(result.worktree.path)).toBe(false);
  });

  test("stopOnConflict leaves the merge open and returns the commands that finish it", async () => {
    const repo = await gitRepo();
    const workers = await threeWorkers(repo);
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      stopOnConflict: true,
    });
    expect(result).toMatchObject({
      open: true,
      conflicts: [{ feature: "b", files: ["x.txt"] }],
      skipped: ["c"],
    });
    expect(result.worktree.kept).toBe(true);
    expect(await repo.git(["rev-parse", "-q", "--verify", "MERGE_HEAD"], { cwd: result.worktree.path })).toBe(
      await repo.git(["rev-parse", "work/b"]),
    );
    expect(result.nextCommands.map((line) => redact(line, repo))).toMatchInlineSnapshot(`
      [
        "cd <repo>/.git/wo/integration/auth",
        "git status",
        "git add -- x.txt",
        "git commit --no-edit",
        "wo integrate auth",
      ]
    `);
  });

  test("an open merge refuses the next run until it is committed, then the run continues", async () => {
    const repo = await gitRepo();
    const workers = await threeWorkers(repo);
    const options = { name: "auth", base: "main", workers, stopOnConflict: true };
    const first = await integrateBranches(repo.dir, options);
    const error = await caught(integrateBranches(repo.dir, options));
    expect(error.code).toBe("E_MERGE_OPEN");
    expect(redact(error.message, repo)).toMatchInlineSnapshot(
      `"The merge of "b" into integration/auth is still open in <repo>/.git/wo/integration/auth: finish it (cd <repo>/.git/wo/integration/auth; git status; git add -- x.txt; git commit --no-edit; wo integrate auth) or roll it back with abort"`,
    );
    await writeFile(path.join(first.worktree.path, "x.txt"), "a and b\n");
    await repo.git(["add", "--", "x.txt"], { cwd: first.worktree.path });
    await repo.git(["commit", "-q", "--no-edit"], { cwd: first.worktree.path });
    const second = await integrateBranches(repo.dir, options);
    expect(second).toMatchObject({ merged: ["c"], alreadyMerged: ["a", "b"], conflicts: [], open: false });
  });

  test("abort rolls an open merge back to the last completed merge", async () => {
    const repo = await gitRepo();
    const workers = await threeWorkers(repo);
    const first = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      stopOnConflict: true,
    });
    const aborted = await integrateBranches(repo.dir, { name: "auth", base: "main", workers, abort: true });
    expect(aborted.recovered).toMatchObject({ mode: "roll-back", reason: "open-merge", keptMerges: ["a"] });
    expect(aborted.head).toBe(first.head);
    expect(existsSync(first.worktree.path)).toBe(false);
    expect(JSON.parse(await readFile(aborted.journal, "utf8")).state).toBe("aborted");
  });

  test("abort with nothing interrupted or open is refused", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    const error = await caught(
      integrateBranches(repo.dir, { name: "auth", base: "main", workers, abort: true }),
    );
    expect(error.code).toBe("E_NOTHING_TO_ABORT");
    expect(error.message).toMatchInlineSnapshot(
      `"There is no interrupted or open integration of integration/auth to abort (journal: completed)"`,
    );
  });

  test("a merge that fails without a conflict is undone and reported with git's reason", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const hook = path.join(repo.dir, ".git", "hooks", "pre-merge-commit");
    await writeFile(
      hook,
      `#!/bin/sh\ngrep -q "^Merge c" "$1" 2>/dev/null; echo "policy: no merges today" >&2\nexit 1\n`,
    );
    await chmod(hook, 0o755);
    const error = await caught(integrateBranches(repo.dir, { name: "auth", base: "main", workers }));
    expect(error.code).toBe("E_MERGE_FAILED");
    expect(error.message).toMatchInlineSnapshot(
      `"Merging "a" (work/a) into integration/auth failed without a conflict: policy: no merges today"`,
    );
    expect(error.stderr).toContain("policy: no merges today");
  });
});

describe("integrateBranches: scopes", () => {
  test("files outside a worker's scope are reported and merged anyway", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    await addBranch(repo, "work/login", { "src/auth/login.ts": "new\n", "README.md": "hijacked\n" });
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers: [{ feature: "login", branch: "work/login", scope: ["src/auth/"] }],
    });
    expect(result.scopeViolations).toEqual([
      { feature: "login", branch: "work/login", files: ["README.md"] },
    ]);
    expect(result.merged).toEqual(["login"]);
  });

  test("strictScope refuses before merging anything", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    await addBranch(repo, "work/login", { "src/auth/login.ts": "new\n", "README.md": "hijacked\n" });
    const before = await snapshotRepository(repo);
    const error = await caught(
      integrateBranches(repo.dir, {
        name: "auth",
        base: "main",
        strictScope: true,
        workers: [{ feature: "login", branch: "work/login", scope: ["src/auth/"] }],
      }),
    );
    expect(error.code).toBe("E_SCOPE");
    expect(error.message).toMatchInlineSnapshot(
      `"Nothing was merged: 1 worker changed files outside their scope: login (README.md)"`,
    );
    expect(await snapshotRepository(repo)).toBe(before);
  });
});

describe("integrateBranches: refusals", () => {
  test("the integration branch checked out in another clean worktree is refused", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await repo.git(["branch", "integration/auth", "main"]);
    const elsewhere = path.join(await tempDir(), "review");
    await repo.git(["worktree", "add", "-q", elsewhere, "integration/auth"]);
    const error = await caught(integrateBranches(repo.dir, { name: "auth", base: "main", workers }));
    expect(error.code).toBe("E_CHECKED_OUT");
    expect(error.path).toBe(elsewhere);
    expect(redact(error.message, repo, elsewhere)).toMatchInlineSnapshot(
      `"integration/auth is checked out in <dir>; wo merges only in its own integration worktree and will not operate on another checkout"`,
    );
  });

  test("the integration branch checked out in a dirty worktree is refused as dirty", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await repo.git(["branch", "integration/auth", "main"]);
    const elsewhere = path.join(await tempDir(), "review");
    await repo.git(["worktree", "add", "-q", elsewhere, "integration/auth"]);
    await writeFile(path.join(elsewhere, "x.txt"), "edited\n");
    const error = await caught(integrateBranches(repo.dir, { name: "auth", base: "main", workers }));
    expect(error.code).toBe("E_DIRTY");
    expect(redact(error.message, repo, elsewhere)).toMatchInlineSnapshot(
      `"<dir> has uncommitted changes (x.txt); integration/auth is checked out there, so nothing was changed"`,
    );
  });

  test("the user's checkout on the integration branch is never switched or merged into", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await repo.git(["switch", "-q", "-c", "integration/auth"]);
    const error = await caught(integrateBranches(repo.dir, { name: "auth", base: "main", workers }));
    expect(error.code).toBe("E_CHECKED_OUT");
    expect(await repo.git(["symbolic-ref", "--short", "HEAD"])).toBe("integration/auth");
  });

  test.each([
    [{ name: "Auth" }, `Invalid integration name "Auth": it contains uppercase letters`],
    [{ base: "-x" }, `Invalid base "-x": it starts with "-" (it would be read as an option)`],
    [
      { workers: [{ feature: "a", branch: "--upload-pack=evil" }] },
      `Invalid branch of worker "a" "--upload-pack=evil": it starts with "-" (it would be read as an option)`,
    ],
    [
      { workers: [{ feature: "a", branch: "work/a b" }] },
      `Invalid branch of worker "a" "work/a b": it contains a space, a control character or one of ~ ^ : ? * [ \\`,
    ],
    [
      {
        workers: [
          { feature: "a", branch: "work/a" },
          { feature: "a", branch: "work/b" },
        ],
      },
      `Worker "a" is listed twice`,
    ],
    [{ workers: [] }, "No workers given: expected at least one worker branch"],
    [
      { into: "integration/auth" },
      `Invalid into branch "integration/auth": it is the integration branch or a worker branch`,
    ],
    [
      { test: [] },
      "Invalid test command: expected a non-empty argv array or { command: string, shell: true }, received []",
    ],
    [
      { test: ["true"], testTimeoutMs: 0 },
      "Invalid testTimeoutMs: expected a positive whole number of milliseconds, received 0",
    ],
    [
      { test: ["true"], testTimeoutMs: 1.5 },
      "Invalid testTimeoutMs: expected a positive whole number of milliseconds, received 1.5",
    ],
  ] as [Partial<IntegrateOptions>, string][])(
    "invalid options are refused: %j",
    async (override, message) => {
      const repo = await gitRepo();
      const error = await caught(
        integrateBranches(repo.dir, {
          name: "auth",
          base: "main",
          workers: [{ feature: "a", branch: "work/a" }],
          ...override,
        }),
      );
      expect(error.code).toBe("E_INVALID_OPTION");
      expect(error.message).toBe(message);
    },
  );

  test("unknown worker branches are refused before anything changes", async () => {
    const repo = await gitRepo();
    const before = await snapshotRepository(repo);
    const error = await caught(
      integrateBranches(repo.dir, {
        name: "auth",
        base: "main",
        workers: [{ feature: "a", branch: "work/nope" }],
      }),
    );
    expect(error.code).toBe("E_UNKNOWN_REF");
    expect(await snapshotRepository(repo)).toBe(before);
  });

  test("a directory that is not a worktree at the integration path is refused", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(repo.dir, ".git", "wo", "integration", "auth"), { recursive: true });
    const error = await caught(integrateBranches(repo.dir, { name: "auth", base: "main", workers }));
    expect(error.code).toBe("E_WORKTREE");
    expect(redact(error.message, repo)).toMatchInlineSnapshot(
      `"Cannot use <repo>/.git/wo/integration/auth as the integration worktree: the directory exists but is not a git worktree"`,
    );
  });

  test("outside a repository the error says so", async () => {
    const dir = await tempDir();
    const error = await caught(integrateBranches(dir, { name: "auth", base: "main", workers: [] }));
    expect(error.code).toBe("E_NOT_A_REPO");
    expect(error.message.replace(dir, "<dir>")).toMatchInlineSnapshot(
      `"Cannot use <dir>: expected a git repository or one of its worktrees, git said: not a git repository (or any of the parent directories): .git"`,
    );
  });
});

describe("integrateBranches: the integration worktree", () => {
  test("a kept worktree is reused by the next run; untracked files there do not block it", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const first = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers: workers.slice(0, 1),
      keepWorktree: true,
    });
    await writeFile(path.join(first.worktree.path, "build-output.log"), "from a test run\n");
    const second = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      keepWorktree: true,
    });
    expect(second).toMatchObject({ merged: ["c"], alreadyMerged: ["a"] });
  });

  test("tracked changes in a kept integration worktree are refused", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const first = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      keepWorktree: true,
    });
    await writeFile(path.join(first.worktree.path, "x.txt"), "hand edit\n");
    const error = await caught(integrateBranches(repo.dir, { name: "auth", base: "main", workers }));
    expect(error.code).toBe("E_DIRTY");
    expect(redact(error.message, repo)).toMatchInlineSnapshot(
      `"<repo>/.git/wo/integration/auth has uncommitted changes (x.txt); it is wo's integration worktree, so nothing was changed"`,
    );
  });

  test("a run owned by another live process is refused", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const first = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    const journal = JSON.parse(await readFile(first.journal, "utf8"));
    await writeFile(first.journal, JSON.stringify({ ...journal, state: "running", pid: process.ppid }));
    const error = await caught(integrateBranches(repo.dir, { name: "auth", base: "main", workers }));
    expect(error.code).toBe("E_BUSY");
    expect(error.message.replace(String(process.ppid), "<pid>").replace(journal.startedAt, "<time>")).toBe(
      "Integration integration/auth is being run by process <pid> (started <time>)",
    );
  });

  test("a corrupt journal is refused with the file named", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const first = await integrateBranches(repo.dir, { name: "auth", base: "main", workers });
    await writeFile(first.journal, "{ not json");
    const error = await caught(integrateBranches(repo.dir, { name: "auth", base: "main", workers }));
    expect(error.code).toBe("E_JOURNAL");
    expect(redact(error.message, repo)).toMatchInlineSnapshot(
      `"Cannot read the integration journal <repo>/.git/wo/integration/auth.json: it is not valid JSON"`,
    );
  });

  test("two runs of one integration in one process: the second is refused", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const runs = await Promise.allSettled([
      integrateBranches(repo.dir, { name: "auth", base: "main", workers }),
      integrateBranches(repo.dir, { name: "auth", base: "main", workers }),
    ]);
    expect(runs.map((run) => run.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = runs.find((run) => run.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as IntegrateError).code).toBe("E_BUSY");
  });

  test("abort after the open merge was committed by hand is refused: it would drop that commit", async () => {
    const repo = await gitRepo();
    const workers = await threeWorkers(repo);
    const first = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      stopOnConflict: true,
    });
    await writeFile(path.join(first.worktree.path, "x.txt"), "a and b\n");
    await repo.git(["commit", "-q", "-a", "--no-edit"], { cwd: first.worktree.path });
    const error = await caught(
      integrateBranches(repo.dir, { name: "auth", base: "main", workers, abort: true }),
    );
    expect(error.code).toBe("E_NOTHING_TO_ABORT");
  });
});

describe("integrateBranches: test command", () => {
  test("a passing argv test is reported with its output tail", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      test: [
        "node",
        "-e",
        "const fs = require('node:fs'); console.log(fs.existsSync('a.txt') && fs.existsSync('c.txt'))",
      ],
    });
    expect(result.test).toMatchObject({ exitCode: 0, passed: true, outputTail: "true", signal: null });
  });

  test("a failing shell test reports its exit code and output, and the final merge is not attempted", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const mainBefore = await repo.git(["rev-parse", "main"]);
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      test: { command: "echo one; echo two >&2; exit 3", shell: true },
      into: "main",
    });
    expect(result.test).toEqual({
      command: ["sh", "-c", "echo one; echo two >&2; exit 3"],
      exitCode: 3,
      signal: null,
      passed: false,
      timedOut: false,
      outputTail: "one\ntwo",
      // It fails before the merges too: no worker is to blame.
      blame: null,
    });
    expect(result.into).toMatchObject({ status: "not-attempted", reason: "the test failed" });
    expect(await repo.git(["rev-parse", "main"])).toBe(mainBefore);
  });

  test("a failed test names the worker whose merge made it fail, found by running it at earlier merges", async () => {
    const repo = await gitRepo();
    await repo.commit("base", base);
    const names = ["a", "b", "c", "d", "e"];
    for (const name of names) {
      await addBranch(repo, `work/${name}`, { [`${name}.txt`]: name === "c" ? "broken\n" : "fine\n" });
    }
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers: names.map((name) => ({ feature: name, branch: `work/${name}` })),
      test: { command: "! grep -l broken *.txt", shell: true },
      keepWorktree: true,
    });
    expect(result.merged).toEqual(names);
    expect(result.test).toMatchObject({ passed: false, exitCode: 1, outputTail: "c.txt" });
    expect(result.test?.blame).toEqual({
      feature: "c",
      merge: result.merges.find((m) => m.feature === "c")?.sha,
      // Before the merges, then after b (passes), then after c (fails).
      runs: 3,
      exitCode: 1,
      outputTail: "c.txt",
    });
    // The integration worktree is back on the integration branch, at its head.
    const cwd = result.worktree.path;
    expect(await repo.git(["symbolic-ref", "--short", "HEAD"], { cwd })).toBe("integration/auth");
    expect(await repo.git(["rev-parse", "HEAD"], { cwd })).toBe(result.head);
    expect(renderIntegrationReport({ result, workers: [] })).toContain(
      "It first fails after the merge of `c`",
    );
  }, 120_000);

  test("a test command that cannot start is a failed test", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      test: ["wo-no-such-command-xyz"],
    });
    expect(result.test).toMatchObject({ exitCode: null, passed: false });
    expect(result.test?.outputTail).toContain("ENOENT");
  });

  test("a test that outlives testTimeoutMs is stopped and fails; the final merge is not attempted", async () => {
    // How the process group is stopped (grandchildren, SIGKILL) is runInWorktree's, tested in @wo/worktree.
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      test: { command: "echo started; sleep 60", shell: true },
      testTimeoutMs: 500,
      into: "main",
    });
    expect(result.test).toMatchObject({ passed: false, timedOut: true, exitCode: null, signal: "SIGTERM" });
    expect(result.test?.outputTail).toContain("started");
    expect(result.into).toMatchObject({ status: "not-attempted", reason: "the test failed" });
    expect(renderIntegrationReport({ title: "t", result, workers: [] })).toContain(
      "**failed (timed out, stopped)**",
    );
  });

  test("no test runs after a conflict", async () => {
    const repo = await gitRepo();
    const workers = await threeWorkers(repo);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers, test: ["true"] });
    expect(result.test).toBeNull();
  });
});

describe("integrateBranches: into", () => {
  test("the final merge runs in the user's checkout of the target branch", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers, into: "main" });
    expect(result.into).toMatchObject({ branch: "main", status: "merged", worktree: repo.dir, files: [] });
    expect(await commitInfo(repo, "main")).toEqual({
      subject: "Merge integration/auth into main: a, c",
      parents: 2,
    });
    expect(result.into?.sha).toBe(await repo.git(["rev-parse", "main"]));
    expect(await readFile(path.join(repo.dir, "c.txt"), "utf8")).toBe("c\n");
    expect(await repo.git(["status", "--porcelain"])).toBe("");
  });

  test("untracked files in the target checkout do not block the final merge", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await repo.write({ "notes.txt": "my scratch file\n" });
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers, into: "main" });
    expect(result.into?.status).toBe("merged");
    expect(await readFile(path.join(repo.dir, "notes.txt"), "utf8")).toBe("my scratch file\n");
  });

  test("a dirty target checkout is refused before anything is merged", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await repo.write({ "x.txt": "my edit\n" });
    const error = await caught(
      integrateBranches(repo.dir, { name: "auth", base: "main", workers, into: "main" }),
    );
    expect(error.code).toBe("E_DIRTY");
    expect(redact(error.message, repo)).toMatchInlineSnapshot(
      `"<repo> has uncommitted changes (x.txt); the final merge into main would run there, so nothing was changed"`,
    );
    expect(await repo.git(["branch", "--list", "integration/auth"])).toBe("");
  });

  test("the final merge's hooks run outside the user's checkout, and a target that moves meanwhile is not overwritten", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    // The hook of the final merge (not the integration's merges) records where it runs and commits to main there.
    const hook = path.join(repo.dir, ".git", "hooks", "pre-merge-commit");
    await writeFile(
      hook,
      [
        "#!/bin/sh",
        '[ "$(git symbolic-ref -q HEAD)" != refs/heads/integration/auth ] || exit 0',
        `pwd -P > '${path.join(repo.dir, ".git", "hook-dir")}'`,
        `env -u GIT_DIR -u GIT_INDEX_FILE -u GIT_WORK_TREE git -C '${repo.dir}' commit -q --allow-empty -m meanwhile`,
        "",
      ].join("\n"),
    );
    await chmod(hook, 0o755);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers, into: "main" });
    expect(await readFile(path.join(repo.dir, ".git", "hook-dir"), "utf8")).not.toBe(
      `${await realpath(repo.dir)}\n`,
    );
    expect(result.into?.status).toBe("failed");
    expect(result.into?.reason).toMatch(
      /^main moved while the merge was prepared \(now [0-9a-f]{12}\); run again; /,
    );
    expect(await repo.git(["log", "-1", "--format=%s", "main"])).toBe("meanwhile");
    expect(await repo.git(["status", "--porcelain"])).toBe("");
  });

  test("a target that is not checked out anywhere gets a merge commit without any checkout", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await repo.git(["branch", "release", "main"]);
    const result = await integrateBranches(repo.dir, {
      name: "auth",
      base: "main",
      workers,
      into: "release",
    });
    expect(result.into).toMatchObject({ status: "merged", worktree: null });
    expect(await commitInfo(repo, "release")).toEqual({
      subject: "Merge integration/auth into release: a, c",
      parents: 2,
    });
    expect(await repo.git(["rev-parse", "release^2"])).toBe(result.head);
    expect(await repo.git(["rev-parse", "release^{tree}"])).toBe(
      await repo.git(["rev-parse", `${result.head}^{tree}`]),
    );
  });

  test("a final merge that would conflict is refused and the target is unchanged", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await repo.commit("main moved", { "a.txt": "main's own a\n" });
    const mainBefore = await repo.git(["rev-parse", "main"]);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main~1", workers, into: "main" });
    expect(result.merged).toEqual(["a", "c"]);
    expect(result.into).toMatchObject({ status: "conflict", files: ["a.txt"], sha: mainBefore });
    expect(await repo.git(["rev-parse", "main"])).toBe(mainBefore);
    expect(await repo.git(["status", "--porcelain"])).toBe("");
  });

  test("a target that already contains the integration branch is up to date", async () => {
    const repo = await gitRepo();
    const workers = await cleanWorkers(repo);
    await integrateBranches(repo.dir, { name: "auth", base: "main", workers, into: "main" });
    const again = await integrateBranches(repo.dir, { name: "auth", base: "main", workers, into: "main" });
    expect(again.into?.status).toBe("up-to-date");
  });

  test("the final merge is not attempted after a conflict", async () => {
    const repo = await gitRepo();
    const workers = await threeWorkers(repo);
    const result = await integrateBranches(repo.dir, { name: "auth", base: "main", workers, into: "main" });
    expect(result.into).toMatchObject({ status: "not-attempted", reason: "b conflicts" });
  });
});
