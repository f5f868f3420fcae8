import { chmod, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { type GitRepo, tempDir, useGitRepo } from "@wo/test-utils";
import { openRepository } from "@wo/worktree";
import { execa } from "execa";
import { afterEach, describe, expect, test } from "vitest";
import { installScopeGuard } from "../src/guard.js";

// The scope guard against real git: real hooks of the repository's, real commits, cherry-picks and merges in a real
// linked worktree whose `.worktree.json` gives the scope `src/`.

const gitRepo = useGitRepo();
const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Worker {
  repo: GitRepo;
  dir: string;
  log: string;
  /** Runs git in the worker (argv); never throws, returns the result. */
  run(args: string[]): Promise<{ exitCode: number; stderr: string; stdout: string }>;
  install(): Promise<void>;
}

/** A repository, a worker worktree at `worktrees/w` on `work/w` with scope `src/`, and a hook log file. */
async function worker(options: { install?: boolean } = {}): Promise<Worker> {
  const repo = await gitRepo();
  await repo.commit("base", { "src/a.ts": "a\n", "docs/readme.md": "docs\n" });
  const dir = path.join(repo.dir, "worktrees", "w");
  await repo.git(["worktree", "add", "-q", "-b", "work/w", dir, "main"]);
  await writeFile(path.join(dir, ".worktree.json"), JSON.stringify({ feature: "w", scope: ["src/"] }));
  await writeFile(path.join(repo.dir, ".git", "info", "exclude"), ".worktree.json\nworktrees/\n");
  const log = path.join(repo.dir, ".git", "hooks.log");
  const self: Worker = {
    repo,
    dir,
    log,
    run: async (args) => {
      const result = await execa("git", args, { cwd: dir, reject: false });
      return {
        exitCode: result.exitCode ?? -1,
        stderr: String(result.stderr),
        stdout: String(result.stdout),
      };
    },
    install: async () => {
      const repository = await openRepository(repo.dir);
      await installScopeGuard(repository, dir, "w", path.join(repo.dir, ".git", "wo", "hooks", "w"), {
        base: "main",
      });
    },
  };
  if (options.install !== false) await self.install();
  return self;
}

/** A hook that appends its name (and first argument) to the log, then exits with `exit`. */
async function loggingHook(dir: string, name: string, log: string, exit = 0): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\necho "${name} $1" >> '${log}'\nexit ${exit}\n`);
  await chmod(file, 0o755);
}

async function readLog(log: string): Promise<string[]> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(log, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.split(" ")[0]!);
}

/** Commits `files` in the worker with `git commit` and extra arguments; returns git's result. */
async function commitIn(w: Worker, files: Record<string, string>, extra: string[] = []) {
  await w.repo.write(files, { cwd: w.dir });
  await w.run(["add", "--", ...Object.keys(files)]);
  return w.run(["commit", "-q", "-m", "[CHECKPOINT] change", ...extra]);
}

describe("the scope guard keeps the repository's own hooks", () => {
  test("every hook type the repository has in .git/hooks runs in a worker, after the guard", async () => {
    const w = await worker({ install: false });
    const hooks = path.join(w.repo.dir, ".git", "hooks");
    for (const name of ["pre-commit", "prepare-commit-msg", "commit-msg", "post-commit", "pre-push"])
      await loggingHook(hooks, name, w.log);
    await w.install();
    // A hook the repository adds after the guard was installed runs too.
    await loggingHook(hooks, "post-checkout", w.log);
    expect((await commitIn(w, { "src/b.ts": "b\n" })).exitCode).toBe(0);
    const remote = await tempDir("wo-remote-");
    temps.push(remote);
    await execa("git", ["init", "-q", "--bare", remote]);
    expect((await w.run(["push", "-q", remote, "work/w"])).exitCode).toBe(0);
    expect((await w.run(["checkout", "-q", "-b", "other"])).exitCode).toBe(0);
    expect(await readLog(w.log)).toEqual([
      "pre-commit",
      "prepare-commit-msg",
      "commit-msg",
      "post-commit",
      "pre-push",
      "post-checkout",
    ]);
  });

  test("a commit-msg hook that rejects (a sign-off check) still rejects commits in a worker", async () => {
    const w = await worker({ install: false });
    const hook = path.join(w.repo.dir, ".git", "hooks", "commit-msg");
    await writeFile(
      hook,
      '#!/bin/sh\ngrep -q "^Signed-off-by: " "$1" || { echo "DCO: missing sign-off" >&2; exit 1; }\n',
    );
    await chmod(hook, 0o755);
    await w.install();
    const refused = await commitIn(w, { "src/b.ts": "b\n" });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain("DCO: missing sign-off");
    expect((await w.run(["commit", "-q", "-s", "-m", "signed"])).exitCode).toBe(0);
  });

  test("the repository's own relative core.hooksPath keeps running, also after the guard is installed again", async () => {
    const w = await worker({ install: false });
    await w.repo.git(["config", "core.hooksPath", ".githooks"]);
    await loggingHook(path.join(w.dir, ".githooks"), "pre-commit", w.log);
    await loggingHook(path.join(w.dir, ".githooks"), "commit-msg", w.log);
    await w.install();
    await w.install();
    expect((await commitIn(w, { "src/b.ts": "b\n" })).exitCode).toBe(0);
    expect(await readLog(w.log)).toEqual(["pre-commit", "commit-msg"]);
    expect(await w.run(["config", "--worktree", "core.hooksPath"])).toMatchObject({
      stdout: path.join(w.repo.dir, ".git", "wo", "hooks", "w"),
    });
  });

  test("a global core.hooksPath keeps running in workers", async () => {
    const w = await worker({ install: false });
    const home = await tempDir("wo-global-");
    temps.push(home);
    const globalConfig = path.join(home, "gitconfig");
    await writeFile(globalConfig, `[core]\n\thooksPath = ${path.join(home, "hooks")}\n`);
    await loggingHook(path.join(home, "hooks"), "commit-msg", w.log);
    const saved = process.env.GIT_CONFIG_GLOBAL;
    process.env.GIT_CONFIG_GLOBAL = globalConfig;
    try {
      await w.install();
    } finally {
      process.env.GIT_CONFIG_GLOBAL = saved;
    }
    expect((await commitIn(w, { "src/b.ts": "b\n" })).exitCode).toBe(0);
    expect(await readLog(w.log)).toEqual(["commit-msg"]);
  });
});

describe("the scope guard checks what commits, cherry-picks and merges bring", () => {
  test("a commit outside the scope is refused, also with --no-verify; one inside passes", async () => {
    const w = await worker();
    const refused = await commitIn(w, { "docs/readme.md": "changed\n" });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain("wo scope guard: 1 staged path(s) outside the scope of w (src/):");
    expect(refused.stderr).toContain('"docs/readme.md"');
    const noVerify = await w.run(["commit", "-q", "--no-verify", "-m", "sneak"]);
    expect(noVerify.exitCode).not.toBe(0);
    expect(noVerify.stderr).toContain('"docs/readme.md"');
    await w.run(["restore", "--staged", "--worktree", "docs/readme.md"]);
    expect((await commitIn(w, { "src/b.ts": "b\n" })).exitCode).toBe(0);
  });

  test("git cherry-pick of a commit outside the scope is stopped; one inside passes", async () => {
    const w = await worker();
    await w.repo.git(["switch", "-q", "-c", "elsewhere"]);
    const outside = await w.repo.commit("docs", { "docs/readme.md": "changed\n" });
    const inside = await w.repo.commit("src", { "src/c.ts": "c\n" });
    await w.repo.git(["switch", "-q", "main"]);
    const head = (await w.run(["rev-parse", "HEAD"])).stdout;
    const picked = await w.run(["cherry-pick", outside]);
    expect(picked.exitCode).not.toBe(0);
    expect(picked.stderr).toContain(
      'wo scope guard: 1 staged path(s) outside the scope of w (src/):\n  "docs/readme.md"',
    );
    expect((await w.run(["rev-parse", "HEAD"])).stdout).toBe(head);
    expect((await w.run(["cherry-pick", "--abort"])).exitCode).toBe(0);
    expect((await w.run(["cherry-pick", inside])).exitCode).toBe(0);
  });

  test("git merge of a branch outside the scope is stopped, also with --no-verify; merging the base branch is allowed", async () => {
    const w = await worker();
    expect((await commitIn(w, { "src/b.ts": "b\n" })).exitCode).toBe(0);
    await w.repo.git(["switch", "-q", "-c", "elsewhere"]);
    await w.repo.commit("docs", { "docs/other.md": "other\n" });
    await w.repo.git(["switch", "-q", "main"]);
    const head = (await w.run(["rev-parse", "HEAD"])).stdout;
    for (const extra of [[], ["--no-verify"]]) {
      const merged = await w.run(["merge", "--no-ff", "--no-edit", ...extra, "elsewhere"]);
      expect(merged.exitCode).not.toBe(0);
      expect(merged.stderr).toContain('"docs/other.md"');
      expect((await w.run(["rev-parse", "HEAD"])).stdout).toBe(head);
      await w.run(["merge", "--abort"]);
    }
    await w.repo.commit("upstream docs", { "docs/readme.md": "upstream\n" });
    expect((await w.run(["merge", "--no-edit", "main"])).exitCode).toBe(0);
    expect((await w.run(["log", "-1", "--format=%P"])).stdout.split(" ")).toHaveLength(2);
  });

  test("an edit outside the scope slipped into a merge of the base branch is stopped", async () => {
    const w = await worker();
    expect((await commitIn(w, { "src/b.ts": "b\n" })).exitCode).toBe(0);
    await w.repo.commit("upstream docs", { "docs/readme.md": "upstream\n" });
    expect((await w.run(["merge", "--no-commit", "--no-ff", "main"])).exitCode).toBe(0);
    await w.repo.write({ "docs/other.md": "sneaked in\n" }, { cwd: w.dir });
    await w.run(["add", "docs/other.md"]);
    const refused = await w.run(["commit", "--no-edit"]);
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(
      'wo scope guard: 1 staged path(s) outside the scope of w (src/):\n  "docs/other.md"',
    );
    await w.run(["rm", "-q", "--cached", "docs/other.md"]);
    expect((await w.run(["commit", "--no-edit"])).exitCode).toBe(0);
  });

  test("a fast-forward merge that brings paths outside the scope is undone; one to the base branch stays", async () => {
    const w = await worker();
    const start = (await w.run(["rev-parse", "HEAD"])).stdout;
    await w.repo.git(["switch", "-q", "-c", "elsewhere"]);
    await w.repo.commit("docs", { "docs/other.md": "other\n" });
    await w.repo.git(["switch", "-q", "main"]);
    const merged = await w.run(["merge", "--ff-only", "elsewhere"]);
    expect(merged.stderr).toContain(
      'wo scope guard: 1 merged path(s) outside the scope of w (src/):\n  "docs/other.md"',
    );
    expect(merged.stderr).toContain(`The merge was undone (git reset --keep ${start.slice(0, 12)}).`);
    expect((await w.run(["rev-parse", "HEAD"])).stdout).toBe(start);
    expect((await w.run(["status", "--porcelain"])).stdout).toBe("");
    const upstream = await w.repo.commit("upstream docs", { "docs/readme.md": "upstream\n" });
    expect((await w.run(["merge", "--ff-only", "main"])).exitCode).toBe(0);
    expect((await w.run(["rev-parse", "HEAD"])).stdout).toBe(upstream);
  });
});

describe("the scope guard fails closed", () => {
  test.each([
    ["missing", async (file: string) => rm(file), "it does not exist"],
    [
      "a symbolic link",
      async (file: string) => {
        await rm(file);
        await symlink("/etc/hostname", file);
      },
      "it is a symbolic link",
    ],
    [
      "a directory",
      async (file: string) => {
        await rm(file);
        await mkdir(file);
      },
      "it is not a regular file",
    ],
    ["not JSON", async (file: string) => writeFile(file, "{ not json"), "it is not valid JSON"],
    [
      "a scope that is not a list of paths",
      async (file: string) => writeFile(file, JSON.stringify({ feature: "w", scope: "src/" })),
      'its "scope" is not a list of paths',
    ],
  ])("a .worktree.json that is %s stops the commit, naming the file", async (_, spoil, why) => {
    const w = await worker();
    const file = path.join(w.dir, ".worktree.json");
    await spoil(file);
    const refused = await commitIn(w, { "src/b.ts": "b\n" });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toContain(`wo scope guard: cannot read this worker's scope from ${file}: ${why}.`);
    expect(refused.stderr).toContain("Nothing was committed.");
    expect((await w.run(["log", "-1", "--format=%s"])).stdout).toBe("base");
  });
});
