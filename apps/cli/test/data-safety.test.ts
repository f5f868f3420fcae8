import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fixtureAgentCmd } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { useCliWorld } from "./run.js";

const world = useCliWorld();

function setup() {
  return world({ env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
}

describe("bad task input is refused before anything is spawned", () => {
  test("a task with a NUL byte is a usage error and starts nothing", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "nul"]);
    const result = await run(["spawn", "nul", "-", "--agent-cmd", fixtureAgentCmd("hang")], {
      stdin: "fix it\u0000now",
    });
    expect(result).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: Cannot spawn nul: the task contains a NUL byte
      hint: Remove the NUL (\\0) bytes: an agent cannot receive them (is the task file binary?)
      ",
        "stdout": "",
      }
    `);
    expect((await run(["list", "--json"])).stdout).toBe("[]\n");
    expect(existsSync(path.join(repo.dir, "worktrees/nul/.worker-status"))).toBe(false);
  });

  test("a prompt larger than one argument can hold is refused up front, naming the limit", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "big"]);
    await writeFile(path.join(repo.dir, "task.md"), "x".repeat(200 * 1024));
    const result = await run(["spawn", "big", "--task-file", "task.md", "--agent-cmd", "true {prompt}"]);
    expect(result).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: Cannot spawn big: the prompt is 201 KiB, and an agent gets it as one argument, which Linux limits to 128 KiB
      hint: Shorten the task, or use an agent that reads the prompt from a file: --agent-cmd "mycli --prompt-file {prompt_file}"
      ",
        "stdout": "",
      }
    `);
    expect((await run(["list", "--json"])).stdout).toBe("[]\n");
  });

  test("the same large prompt goes through an agent command that reads {prompt_file}", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "big"]);
    await writeFile(path.join(repo.dir, "task.md"), "x".repeat(200 * 1024));
    const result = await run([
      "spawn",
      "big",
      "--task-file",
      "task.md",
      "--agent-cmd",
      fixtureAgentCmd("hang"),
    ]);
    expect(result.code).toBe(0);
    expect((await readFile(path.join(repo.dir, ".git/wo/prompts/big.md"), "utf8")).length).toBeGreaterThan(
      200 * 1024,
    );
  });
});

describe("the repository lock", () => {
  test("a lock lost while a command runs ends in one error line with a hint, after the work finished", async () => {
    const { repo, run } = await setup();
    await writeFile(path.join(repo.dir, "review.md"), "# Review\n\n- [ ] Fix `src/a.ts`\n");
    // The bootstrap removes wo's lock behind its back and outlasts one refresh: proper-lockfile sees the lock gone,
    // as when another wo took it over while this one was suspended.
    const lockDir = path.join(repo.dir, ".git/wo/repo.lock");
    await writeFile(
      path.join(repo.dir, "wo.config.json"),
      JSON.stringify({ setup: { postCreate: `rm -rf '${lockDir}'; sleep 3; echo ok > .bootstrapped` } }),
    );
    const result = await run(["setup", "review.md"], { env: { WO_LOCK_STALE_MS: "2000" } });
    expect({ ...result, stdout: "" }).toMatchInlineSnapshot(`
      {
        "code": 1,
        "stderr": "error: Lost the repository lock during setup (wo could not refresh it for 2 s: wo was suspended, e.g. with Ctrl-Z, or the clock jumped); its work finished, but another wo may have run at the same time
      hint: Check the result with wo status (each command can safely be run again); raise WO_LOCK_STALE_MS if wo is often paused
      ",
        "stdout": "",
      }
    `);
    const status = await run(["status", "--json"]);
    expect(JSON.parse(status.stdout)).toHaveLength(1);
    expect(
      existsSync(path.join(repo.dir, "worktrees", JSON.parse(status.stdout)[0].feature, ".bootstrapped")),
    ).toBe(true);
  });
});

describe("results are never lost", () => {
  test("a result nobody collected survives wo cleanup: archived in .git/wo/results and shown by wo collect", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "quiet"]);
    const worktree = path.join(repo.dir, "worktrees/quiet");
    expect((await run(["report", "done", "-m", "Nothing needed changing."], { cwd: worktree })).code).toBe(0);
    const cleaned = await run(["cleanup", "--json"]);
    expect(JSON.parse(cleaned.stdout).items).toMatchObject([
      { kind: "worktree", action: "removed" },
      { kind: "branch", action: "removed" },
    ]);
    expect(existsSync(worktree)).toBe(false);
    const archive = path.join(repo.dir, ".git/wo/results/quiet");
    const [text] = (await readdir(archive)).filter((name) => name.endsWith(".md"));
    expect(await readFile(path.join(archive, text as string), "utf8")).toBe("Nothing needed changing.\n");
    const collected = await run(["collect"]);
    expect(collected.stdout).toBe(
      `== quiet done (archived: .git/wo/results/quiet/${text})\nNothing needed changing.\n`,
    );
    expect(JSON.parse((await run(["collect", "--json"])).stdout)).toMatchObject([
      { feature: "quiet", status: "done", result: "Nothing needed changing.\n" },
    ]);
  });

  test("wo worktree remove archives the result first, and --force names the uncommitted files it dropped", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "wip"]);
    const worktree = path.join(repo.dir, "worktrees/wip");
    await run(["report", "failed", "-m", "Stuck on the schema."], { cwd: worktree });
    await writeFile(path.join(worktree, "draft.ts"), "unsaved\n");
    const refused = await run(["worktree", "remove", "wip"]);
    expect(refused.code).toBe(1);
    const removed = await run(["worktree", "remove", "wip", "--force"]);
    expect(removed.stdout).toMatch(
      /^Removed worktree worktrees\/wip \(branch work\/wip kept\)\n {2}its result is archived: \.git\/wo\/results\/wip\/[\dTZ-]+\.md\n {2}uncommitted changes dropped: draft\.ts\n$/,
    );
    const collected = await run(["collect", "wip", "--json"]);
    expect(collected.stderr).toBe("");
    expect(JSON.parse(collected.stdout)).toMatchObject([
      { feature: "wip", status: "failed", result: "Stuck on the schema.\n" },
    ]);
  });

  test("wo collect --archived lists the results a respawn moved aside, oldest first", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "again"]);
    const worktree = path.join(repo.dir, "worktrees/again");
    await run(["report", "done", "-m", "first run"], { cwd: worktree });
    await run(["spawn", "again", "second run", "--agent-cmd", fixtureAgentCmd("hang")]);
    const archived = JSON.parse((await run(["collect", "--archived", "--json"])).stdout);
    expect(archived).toMatchObject([{ feature: "again", status: "done", result: "first run\n" }]);
    expect(existsSync(path.join(worktree, ".worker-result.md"))).toBe(false);
  });
});

describe("commands wo prints for the user to run", () => {
  test("a hostile branch name is quoted in the suggested command, so pasting it runs nothing", async () => {
    const { repo, run } = await setup();
    const evil = "work/evil$(>pwned)";
    await repo.git(["branch", evil]);
    const report = JSON.parse((await run(["monitor", "--json"])).stdout);
    const action: string = report.findings.find((f: { kind: string }) => f.kind === "bad-branch").action;
    expect(action).toBe("Rename it: git branch -m 'work/evil$(>pwned)' work/<valid-name>");
    const command = action.replace("Rename it: ", "").replace("<valid-name>", "fixed");
    execFileSync("sh", ["-c", command], { cwd: repo.dir });
    expect(existsSync(path.join(repo.dir, "pwned"))).toBe(false);
    expect(await repo.git(["branch", "--list", "work/*", "--format=%(refname:short)"])).toBe("work/fixed");
  });

  test("ordinary names stay bare in suggested commands", async () => {
    const { repo, run } = await setup();
    await repo.git(["branch", "work/Plain_Name"]);
    const report = JSON.parse((await run(["monitor", "--json"])).stdout);
    expect(report.findings.find((f: { kind: string }) => f.kind === "bad-branch").action).toBe(
      "Rename it: git branch -m work/Plain_Name work/<valid-name>",
    );
  });
});
