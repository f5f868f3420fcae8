import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { REVIEW_THREE_GROUPS, useCliWorld } from "./run.js";

const world = useCliWorld();

async function setup() {
  const w = await world({ files: { "review.md": REVIEW_THREE_GROUPS, "shared.txt": "base\n" } });
  const { repo, run } = w;
  await run(["plan", "review.md", "--workers", "3", "--yes"]);
  const setUp = JSON.parse((await run(["setup", "--json"])).stdout);
  expect(setUp.workers.map((w: { feature: string }) => w.feature)).toEqual([
    "task-1-auth",
    "task-2-models",
    "task-3-docs",
  ]);
  const dir = (f: string) => path.join(repo.dir, "worktrees", f);
  const commitIn = (f: string, message: string, files: Record<string, string>) =>
    repo.commit(message, files, { cwd: dir(f) });
  return { ...w, dir, commitIn };
}

describe("wo integrate", () => {
  test("--dry-run forecasts the merges and changes nothing; the real run merges and reports", async () => {
    const { run, repo, commitIn } = await setup();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "src/auth/login.ts": "x", "shared.txt": "auth\n" });
    await commitIn("task-2-models", "[COMPLETE] models", {
      "src/models/user.ts": "x",
      "shared.txt": "models\n",
    });
    await commitIn("task-3-docs", "[COMPLETE] docs", { "docs/guide.md": "x" });
    const refs = await repo.git(["for-each-ref"]);
    const dry = await run(["integrate", "rel", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^Conflict forecast for integration\/rel \(base main, 3 worker\(s\); nothing was changed\)/,
    );
    expect(dry.stdout).toMatch(/2 +task-2-models +conflict +shared\.txt/);
    expect(dry.stdout).toContain("task-1-auth × task-2-models: shared.txt");
    expect(dry.stdout).toMatch(
      /Suggested order: (task-1-auth, task-3-docs|task-3-docs, task-1-auth), task-2-models \(2 of 3 merge cleanly\)/,
    );
    expect(await repo.git(["for-each-ref"])).toBe(refs);
    const dryJson = JSON.parse((await run(["integrate", "rel", "--dry-run", "--json"])).stdout);
    expect(dryJson).toMatchObject({
      dryRun: true,
      branch: "integration/rel",
      merged: ["task-1-auth", "task-3-docs"],
      conflicts: [{ feature: "task-2-models", files: ["shared.txt"] }],
    });

    const real = await run(["integrate", "rel", "--only", "task-1-auth,task-3-docs", "--json"]);
    expect(real.code).toBe(0);
    const json = JSON.parse(real.stdout);
    expect(json).toMatchObject({
      branch: "integration/rel",
      merged: ["task-1-auth", "task-3-docs"],
      conflicts: [],
    });
    expect(json.skipped).toEqual([]);
    expect(existsSync(path.join(repo.dir, ".git/wo/reports/rel.md"))).toBe(true);
  });

  test("a conflict stops the run with exit code 1, keeps earlier merges and names the files", async () => {
    const { run, commitIn, repo } = await setup();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "shared.txt": "auth\n" });
    await commitIn("task-2-models", "[COMPLETE] models", { "shared.txt": "models\n" });
    const result = await run(["integrate", "rel", "--report", "report.md"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("merged          task-1-auth");
    expect(result.stdout).toContain(
      "conflict        task-2-models: shared.txt (merge aborted; earlier merges kept)",
    );
    expect(await readFile(path.join(repo.dir, "report.md"), "utf8")).toMatch(
      /^# Integration integration\/rel/,
    );
    expect(await repo.git(["status", "--porcelain", "--untracked-files=no"])).toBe("");
  });

  test("--test runs the user's command on the integrated result and --into merges only when it passed", async () => {
    const { run, commitIn, repo } = await setup();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "src/auth/login.ts": "ok\n" });
    const failing = await run(["integrate", "rel", "--test", "test -f does-not-exist", "--into", "main"]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain("test failed: test -f does-not-exist");
    expect(await repo.git(["log", "-1", "--format=%s", "main"])).toBe("project");
    const passing = await run(["integrate", "rel", "--test", "test -f src/auth/login.ts", "--into", "main"]);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toContain("into main: merged");
    expect(await readFile(path.join(repo.dir, "src/auth/login.ts"), "utf8")).toBe("ok\n");
  });

  test("--test-timeout stops a test that hangs; a bad duration or a missing --test is a usage error", async () => {
    const { run, commitIn, repo } = await setup();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "src/auth/login.ts": "ok\n" });
    const hung = await run([
      "integrate",
      "rel",
      "--test",
      "sleep 60",
      "--test-timeout",
      "1s",
      "--into",
      "main",
    ]);
    expect(hung.code).toBe(1);
    expect(hung.stdout).toContain("test failed: sleep 60 (timed out after 1s, stopped)");
    expect(await repo.git(["log", "-1", "--format=%s", "main"])).toBe("project");
    expect(await run(["integrate", "rel", "--test", "true", "--test-timeout", "soon"])).toMatchObject({
      code: 2,
      stderr:
        'error: Invalid --test-timeout "soon": expected a duration such as 90s, 10m or 1h\nhint: A plain number is seconds; the longest is 24 days, e.g. --test-timeout 15m\n',
    });
    expect(await run(["integrate", "rel", "--test-timeout", "10m"])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: --test-timeout limits the --test command; pass --test too\n/),
    });
  });

  test("with a dirty checkout of the target branch, --into refuses and loses nothing", async () => {
    const { run, commitIn, repo } = await setup();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "src/auth/login.ts": "ok\n" });
    await writeFile(path.join(repo.dir, "shared.txt"), "my local edit\n");
    const result = await run(["integrate", "rel", "--into", "main"]);
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toMatch(/uncommitted|dirty/i);
    expect(await readFile(path.join(repo.dir, "shared.txt"), "utf8")).toBe("my local edit\n");
  });

  test("with a git older than 2.38 the forecast is refused in one line naming the version found", async () => {
    const { commitIn, repo, runProcess } = await setup();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "src/auth/login.ts": "ok\n" });
    // A git first on PATH that says it is 2.37.1 and otherwise is the real git.
    const realGit = execFileSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).trim();
    const bin = path.join(repo.dir, ".git", "old-git-bin");
    await mkdir(bin);
    await writeFile(
      path.join(bin, "git"),
      `#!/bin/sh\nfor last; do :; done\nif [ "$last" = version ]; then echo "git version 2.37.1"; exit 0; fi\nexec '${realGit}' "$@"\n`,
      { mode: 0o755 },
    );
    const result = await runProcess(["integrate", "rel", "--dry-run"], {
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH}` },
    });
    expect(result).toMatchObject({
      code: 1,
      stderr:
        "error: git 2.37.1 is too old: conflict forecasts need git 2.38 or newer (git merge-tree --write-tree)\nhint: Upgrade git to 2.38 or newer (found 2.37.1)",
    });
    expect(await repo.git(["branch", "--list", "integration/*"])).toBe("");
  });

  test("nothing finished is a clear refusal", async () => {
    const { run } = await setup();
    expect(await run(["integrate", "rel"])).toMatchObject({
      code: 1,
      stderr:
        "error: No finished workers to integrate\nhint: Workers finish with a [COMPLETE] commit or wo report done; --include-incomplete merges unfinished ones\n",
    });
  });
});

describe("wo cleanup", () => {
  test("removes merged workers and keeps unmerged work with the reason", async () => {
    const { run, commitIn, repo } = await setup();
    await commitIn("task-2-models", "[COMPLETE] models", { "src/models/user.ts": "x" });
    const result = await run(["cleanup"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/kept +branch +work\/task-2-models +unmerged work: 1 commit not in main/);
    expect(result.stdout).toMatch(/removed +branch +work\/task-1-auth/);
    expect(await repo.git(["branch", "--list", "work/*", "--format=%(refname:short)"])).toBe(
      "work/task-2-models",
    );
  });
});

describe("wo demo", () => {
  test("runs the whole flow and leaves nothing behind", async () => {
    const { run, server } = await world();
    const result = await run(["demo", "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      kept: false,
      testPassed: true,
      merged: ["task-1-auth", "task-2-models", "task-3-api"],
    });
    expect(result.stderr).toContain("8/8 Cleanup");
    expect(result.stderr).toContain("→ notified task-3-api: UserModel from task-2-models is available");
    expect(existsSync(summary.repository)).toBe(false);
    expect(summary.socket).not.toBe(server.socket);
  });
});
