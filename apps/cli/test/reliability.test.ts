import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { acquireRepositoryLock } from "@wo/core";
import { fixtureAgentCmd, waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { useCliWorld } from "./run.js";

const world = useCliWorld();

async function setup() {
  const w = await world();
  return { ...w, run: (args: string[], env: NodeJS.ProcessEnv = {}) => w.runProcess(args, { env }) };
}

describe("concurrency", () => {
  test("20 wo spawn of the same feature at once start exactly one worker", async () => {
    const { run, server } = await setup();
    expect((await run(["worktree", "add", "same"])).code).toBe(0);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        run(["spawn", "same", "task", "--agent-cmd", fixtureAgentCmd("hang")]),
      ),
    );
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    const refused = results.filter((r) => r.code !== 0);
    expect(refused).toHaveLength(19);
    for (const r of refused)
      expect(r.stderr).toMatch(/^error: Worker same is already running \(tmux session wt-same\)/);
    expect((await server.tmux(["list-sessions", "-F", "#{session_name}"])).trim()).toBe("wt-same");
  }, 120_000);

  test("20 worktrees and 20 workers created at once all succeed, without git lock errors", async () => {
    const { run, server } = await setup();
    const names = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const added = await Promise.all(names.map((n) => run(["worktree", "add", n])));
    expect(added.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const spawned = await Promise.all(
      names.map((n) => run(["spawn", n, `task ${n}`, "--agent-cmd", fixtureAgentCmd("hang")])),
    );
    expect(spawned.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
    const sessions = (await server.tmux(["list-sessions", "-F", "#{session_name}"]))
      .trim()
      .split("\n")
      .sort();
    expect(sessions).toEqual(names.map((n) => `wt-${n}`).sort());
    const features = new Set(
      JSON.parse((await run(["status", "--json"])).stdout).map((s: { feature: string }) => s.feature),
    );
    expect(features.size).toBe(20);
  }, 180_000);

  test("a command that cannot get the lock names the other process", async () => {
    const { repo, run } = await setup();
    const held = await acquireRepositoryLock(path.join(repo.dir, ".git/wo"), "wo integrate sprint-1");
    try {
      const result = await run(["worktree", "add", "late"], { WO_LOCK_WAIT_MS: "300" });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^error: Another wo is running in this repository \\(pid ${process.pid}: wo integrate sprint-1, for \\d+ s\\); gave up after 0 s\\nhint: Wait for it to finish`,
        ),
      );
    } finally {
      await held.release();
    }
    expect((await run(["worktree", "add", "late"])).code).toBe(0);
  });

  test("the lock of a wo that was killed expires and the next command goes on", async () => {
    const { repo, run } = await setup();
    const { spawn } = await import("node:child_process");
    const core = new URL("../../../packages/core/dist/index.js", import.meta.url).pathname;
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { acquireRepositoryLock } = await import(${JSON.stringify(core)}); await acquireRepositoryLock(${JSON.stringify(path.join(repo.dir, ".git/wo"))}, "wo setup"); console.log("locked"); setInterval(() => {}, 1e6);`,
      ],
      { env: { ...process.env, WO_LOCK_STALE_MS: "1500" } },
    );
    await new Promise<void>((resolve) =>
      holder.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve()),
    );
    holder.kill("SIGKILL");
    const result = await run(["worktree", "add", "after-crash"], { WO_LOCK_STALE_MS: "1500" });
    expect(result).toMatchObject({ code: 0 });
  });
});

describe("Ctrl-C", () => {
  async function startWo(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
    const { spawn } = await import("node:child_process");
    const { BIN } = await import("./run.js");
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    return { child, output: () => output, exited };
  }

  test("interrupting wo demo exits 130 and removes its repository and tmux server", async () => {
    const { repo, env } = await setup();
    const demo = await startWo(["demo"], repo.dir, env);
    await waitFor(() => demo.output().includes("4/8 Monitor"), { timeout: 30_000 });
    demo.child.kill("SIGINT");
    expect(await demo.exited).toBe(130);
    const repository = /1\/8 Repository +(\S+)/.exec(demo.output())?.[1] as string;
    const socket = /-L (wo-demo-\S+?)\)/.exec(demo.output())?.[1] as string;
    expect(existsSync(repository)).toBe(false);
    const { spawnSync } = await import("node:child_process");
    expect(spawnSync("tmux", ["-L", socket, "list-sessions"]).status).not.toBe(0);
  }, 60_000);

  test("interrupting wo monitor --watch exits 130", async () => {
    const { repo, env } = await setup();
    const monitor = await startWo(["monitor", "--watch"], repo.dir, env);
    await waitFor(() => monitor.output().includes("Worker Status Report"));
    monitor.child.kill("SIGINT");
    expect(await monitor.exited).toBe(130);
  });

  test("interrupting wo integrate kills its test command, and the next run recovers", async () => {
    const { repo, env, run } = await setup();
    await writeFile(
      path.join(repo.dir, "review.md"),
      "# R\n\n- [ ] Fix `src/a.ts`\n- [ ] Fix `src/b/c.ts`\n- [ ] Docs in `docs/x.md`\n",
    );
    await run(["plan", "review.md", "--yes"]);
    await run(["setup"]);
    const [first] = await readdir(path.join(repo.dir, "worktrees"));
    await repo.commit(
      "[COMPLETE] a",
      { "src/a.ts": "a\n" },
      { cwd: path.join(repo.dir, "worktrees", first as string) },
    );
    const marker = `sleep ${30 + Math.random()}`;
    const integrate = await startWo(["integrate", "rel", "--test", marker], repo.dir, env);
    const { execFileSync } = await import("node:child_process");
    const running = () => {
      try {
        // Anchored: wo's own command line contains the marker too.
        return execFileSync("pgrep", ["-f", `^${marker}`], { encoding: "utf8" }).trim() !== "";
      } catch {
        return false;
      }
    };
    await waitFor(running, { timeout: 30_000 });
    integrate.child.kill("SIGINT");
    expect(await integrate.exited).toBe(130);
    await waitFor(() => !running(), { timeout: 5_000 });
    const again = await run(["integrate", "rel", "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).merged.length + JSON.parse(again.stdout).alreadyMerged.length).toBe(1);
  }, 60_000);
});
