import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fixtureAgentCmd, waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { BIN, type CliResult, REVIEW_THREE_GROUPS, useCliWorld } from "./run.js";

const world = useCliWorld();

async function setup() {
  const w = await world({ files: { "review.md": REVIEW_THREE_GROUPS } });
  return { ...w, run: (args: string[], env: NodeJS.ProcessEnv = {}) => w.runProcess(args, { env }) };
}

/** Starts wo in its own process group, so a crash can be simulated by killing wo and everything it started. */
function startDetached(args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, env, detached: true, stdio: "ignore" });
}

function crash(child: ChildProcess): void {
  process.kill(-(child.pid as number), "SIGKILL");
}

async function statuses(run: (args: string[]) => Promise<CliResult>) {
  return JSON.parse((await run(["status", "--json"])).stdout).map(
    (s: { feature: string; status: string }) => [s.feature, s.status],
  );
}

describe("faults", () => {
  test("the tmux server dies under running workers (a reboot): status says dead, resume --all brings them back", async () => {
    const { run, server } = await setup();
    await run(["plan", "review.md", "--workers", "3", "--yes"]);
    expect((await run(["setup", "--spawn", "--agent-cmd", fixtureAgentCmd("hang")])).code).toBe(0);
    expect((await statuses(run)).map(([, s]: string[]) => s)).toEqual(["running", "running", "running"]);
    await server.tmux(["kill-server"]);
    expect((await statuses(run)).map(([, s]: string[]) => s)).toEqual(["dead", "dead", "dead"]);
    const monitor = JSON.parse((await run(["monitor", "--json"])).stdout);
    expect(monitor.findings.filter((f: { kind: string }) => f.kind === "dead")).toHaveLength(3);
    const resumed = await run(["resume", "--all", "--agent-cmd", fixtureAgentCmd("hang")]);
    expect(resumed.code).toBe(0);
    expect((await statuses(run)).map(([, s]: string[]) => s)).toEqual(["running", "running", "running"]);
  }, 60_000);

  test("a worktree deleted behind git's back is reported, and cleanup prunes it", async () => {
    const { run, repo } = await setup();
    await run(["worktree", "add", "gone"]);
    await rm(path.join(repo.dir, "worktrees/gone"), { recursive: true, force: true });
    const [entry] = JSON.parse((await run(["status", "--json"])).stdout);
    expect(entry.problem).toMatch(
      /its worktree .*worktrees\/gone is gone \(deleted outside git\); wo cleanup prunes the entry/,
    );
    const cleaned = JSON.parse((await run(["cleanup", "--json"])).stdout);
    expect(cleaned.items).toEqual([
      {
        feature: "gone",
        kind: "worktree",
        target: expect.stringMatching(/worktrees\/gone$/),
        action: "removed",
        reason: "stale entry pruned (its directory was gone)",
      },
      {
        feature: "gone",
        kind: "branch",
        target: "work/gone",
        action: "removed",
        reason: "its work is in main",
      },
    ]);
    expect(await repo.git(["worktree", "list", "--porcelain"])).not.toContain("worktrees/gone");
  });

  test.each([
    ["while git creates a worktree (post-checkout hook)", "post-checkout"],
    ["while a worktree is bootstrapped (setup.postCreate)", "postCreate"],
  ])(
    "wo setup killed %s: the next run finishes the job and leaves nothing half-done",
    async (_label, point) => {
      const { repo, env, run } = await setup();
      await run(["plan", "review.md", "--workers", "3", "--yes"]);
      const marker = path.join(repo.dir, ".git", "crash-point-reached");
      const pause = `touch ${JSON.stringify(marker)}; sleep 30`;
      if (point === "post-checkout") {
        // Pause only in the second worker's checkout.
        const hook = path.join(repo.dir, ".git/hooks/post-checkout");
        await writeFile(hook, `#!/bin/sh\ncase "$PWD" in *task-2-*) ${pause};; esac\n`);
        await chmod(hook, 0o755);
      }
      await writeFile(
        path.join(repo.dir, "wo.config.json"),
        JSON.stringify({
          setup: {
            postCreate:
              point === "postCreate"
                ? `case "$WO_FEATURE" in task-2-*) ${pause};; esac; echo ok > .bootstrapped`
                : "echo ok > .bootstrapped",
          },
        }),
      );
      const child = startDetached(["setup"], repo.dir, env);
      await waitFor(() => existsSync(marker), { timeout: 30_000 });
      crash(child);
      await rm(path.join(repo.dir, ".git/hooks/post-checkout"), { force: true });
      await rm(marker, { force: true });
      await waitFor(
        async () => {
          // The lock of the crashed setup expires (it is no longer refreshed).
          const again = await run(["setup", "--json"], { WO_LOCK_WAIT_MS: "20000" });
          return again.code === 0 && again;
        },
        { timeout: 60_000 },
      );
      const after = JSON.parse((await run(["setup", "--json"])).stdout);
      expect(after.changed).toBe(false);
      for (const w of after.workers) {
        expect(await readFile(path.join(w.worktree, ".bootstrapped"), "utf8")).toBe("ok\n");
        expect(JSON.parse(await readFile(path.join(w.worktree, ".worktree.json"), "utf8"))).toMatchObject({
          bootstrapped: true,
          workerId: w.id,
        });
      }
    },
    120_000,
  );

  test("wo integrate killed mid-merge: the next run rolls forward and merges everything once", async () => {
    const { run, repo, env } = await setup();
    await run(["plan", "review.md", "--workers", "3", "--yes"]);
    const setUp = JSON.parse((await run(["setup", "--json"])).stdout);
    for (const w of setUp.workers)
      await repo.commit(`[COMPLETE] ${w.feature}`, { [`${w.feature}.txt`]: "x\n" }, { cwd: w.worktree });
    // The hook pauses the second merge: the first one is complete, the second one half-done when wo dies.
    const counter = path.join(repo.dir, ".git", "merges-started");
    const hook = path.join(repo.dir, ".git/hooks/pre-merge-commit");
    await writeFile(
      hook,
      `#!/bin/sh\nn=$(cat ${JSON.stringify(counter)} 2>/dev/null || echo 0); n=$((n+1)); echo $n > ${JSON.stringify(counter)}\nif [ $n -eq 2 ]; then sleep 30; fi\n`,
    );
    await chmod(hook, 0o755);
    const child = startDetached(["integrate", "rel"], repo.dir, env);
    await waitFor(async () => existsSync(counter) && (await readFile(counter, "utf8")).trim() === "2", {
      timeout: 30_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    crash(child);
    const again = await run(["integrate", "rel", "--json"], { WO_LOCK_WAIT_MS: "20000" });
    expect(again.code, again.stderr).toBe(0);
    const result = JSON.parse(again.stdout);
    expect(result.recovered).toMatchObject({ mode: "roll-forward", reason: "interrupted" });
    expect([...result.alreadyMerged, ...result.merged].sort()).toEqual(
      setUp.workers.map((w: { feature: string }) => w.feature).sort(),
    );
    const merges = (await repo.git(["log", "--merges", "--format=%s", "integration/rel"])).split("\n");
    expect(merges).toHaveLength(3);
    expect(await repo.git(["status", "--porcelain", "--untracked-files=no"])).toBe("");
  }, 120_000);
});
