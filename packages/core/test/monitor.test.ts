import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, fixtureAgentCmd, waitFor } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { checkpointWorker, Orchestrator } from "../src/index.js";
import { useWorld, type World } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

async function planned(options: Parameters<typeof world>[0] = {}) {
  const w = await world(options);
  await w.wo.setup(samplePlan());
  const dir = (feature: string) => path.join(w.repo.dir, "worktrees", feature);
  const commitIn = (feature: string, message: string, files: Record<string, string> = {}) =>
    w.repo.commit(message, files, { cwd: dir(feature) });
  return { ...w, dir, commitIn };
}

function kinds(report: Awaited<ReturnType<Orchestrator["monitor"]>>) {
  return report.findings.map((f) => `${f.kind}:${f.worker ?? "-"}`);
}

describe("wo monitor", () => {
  test("reports each worker's branch, commits and status from its commit prefixes", async () => {
    const { wo, commitIn } = await planned();
    await commitIn("task-1-auth", "[CHECKPOINT] fix login", { "src/auth/login.ts": "fixed" });
    await commitIn("task-1-auth", "plain commit", { "src/auth/util.ts": "x" });
    await commitIn("task-2-models", "[BLOCKED:missing-spec] need the schema", { "src/models/a.ts": "a" });
    const report = await wo.monitor();
    expect(report.workers).toEqual([
      {
        worker: "task-1-auth",
        branch: "work/task-1-auth",
        commits: 2,
        lastCommitAt: expect.any(String),
        status: "checkpoint",
        reason: null,
        needs: null,
        waitingFor: null,
      },
      {
        worker: "task-2-models",
        branch: "work/task-2-models",
        commits: 1,
        lastCommitAt: expect.any(String),
        status: "blocked",
        reason: "missing-spec",
        needs: null,
        waitingFor: null,
      },
      {
        worker: "task-3-api",
        branch: "work/task-3-api",
        commits: 0,
        lastCommitAt: null,
        status: "none",
        reason: null,
        needs: null,
        waitingFor: null,
      },
    ]);
    expect(report.alerts).toEqual(["Worker task-2-models is BLOCKED: missing-spec (need the schema)"]);
  });

  test("a NEEDS pair: unmet, then satisfied, and --notify types the Resume Work prompt into the waiting agent once", async () => {
    const { wo, commitIn, dir } = await planned();
    await commitIn("task-3-api", "[NEEDS:task-2/UserModel] waiting for the model");
    await wo.spawn("task-3-api", "api", { agentCmd: fixtureAgentCmd("echo") });
    await waitFor(async () => (await wo.status("task-3-api"))[0]?.lastOutput === "ready");

    const before = await wo.monitor();
    expect(kinds(before)).toEqual(["needs-unmet:task-3-api"]);
    expect(await wo.notifySatisfiedNeeds(before)).toEqual([]);

    await commitIn("task-2-models", "[CHECKPOINT] Add UserModel with validation", {
      "src/models/user.ts": "model",
    });
    const after = await wo.monitor();
    expect(kinds(after)).toEqual(["needs-satisfied:task-3-api"]);
    expect(await wo.notifySatisfiedNeeds(after)).toEqual([
      { worker: "task-3-api", provider: "task-2-models", item: "UserModel", submitted: true, error: null },
    ]);
    const input = path.join(dir("task-3-api"), ".agent-input.txt");
    await waitFor(
      async () =>
        existsSync(input) && (await readFile(input, "utf8")).includes("Continue with your remaining tasks."),
    );
    const received = await readFile(input, "utf8");
    expect(received).toContain("# Resume Work: task-3-api");
    expect(received).toContain("git merge work/task-2-models");
    expect(await wo.notifySatisfiedNeeds(await wo.monitor())).toEqual([]);
  });

  test("a worker without commits past the threshold is stalled (clock injected)", async () => {
    let now = new Date();
    const { repo, env, commitIn, wo } = await planned({ now: () => now });
    await wo.spawn("task-1-auth", "t", { agentCmd: fixtureAgentCmd("hang") });
    await commitIn("task-1-auth", "[CHECKPOINT] started", { "src/auth/a.ts": "a" });
    expect(kinds(await wo.monitor())).toEqual([]);
    now = new Date(Date.now() + 3 * 3600_000);
    const later = await Orchestrator.open({ cwd: repo.dir, env, now: () => now });
    const report = await later.monitor();
    expect(report.alerts).toEqual(["Worker task-1-auth has not committed in 3h (expected checkpoints)"]);
    expect(report.actions).toEqual([
      "Check on task-1-auth (wo attach task-1-auth); if it is stuck: wo resume task-1-auth",
    ]);
  });

  test("a commit with a worker prefix on the base branch is a wrong-branch alert with recovery commands", async () => {
    const { wo, repo, commitIn } = await planned();
    await commitIn("task-1-auth", "[CHECKPOINT] fine", { "src/auth/a.ts": "a" });
    const stray = await repo.commit("[CHECKPOINT] Add login form", { "src/auth/form.ts": "oops" });
    const report = await wo.monitor();
    expect(report.findings.filter((f) => f.kind === "stray").map((f) => f.sha)).toEqual([stray]);
    expect(report.actions.join("\n")).toContain(`git cherry-pick ${stray}`);
  });

  test("two workers needing each other are a deadlock", async () => {
    const { wo, commitIn } = await planned();
    await commitIn("task-2-models", "[NEEDS:task-3/Api] need the API shape");
    await commitIn("task-3-api", "[NEEDS:task-2/UserModel] need the model");
    const report = await wo.monitor();
    expect(report.alerts).toContain(
      "Cross-dependency deadlock: task-2-models → task-3-api → task-2-models (each waits for the next)",
    );
  });

  test("changes outside a worker's scope are reported, but not files it merged from another worker", async () => {
    const { wo, commitIn, repo, dir } = await planned();
    await commitIn("task-3-api", "[CHECKPOINT] api skeleton", { "src/api/index.ts": "api" });
    await commitIn("task-2-models", "[CHECKPOINT] Add UserModel", { "src/models/user.ts": "model" });
    await repo.git(["merge", "-q", "--no-edit", "work/task-2-models"], { cwd: dir("task-3-api") });
    await commitIn("task-3-api", "[CHECKPOINT] api", { "src/api/users.ts": "api", "package.json": "{}" });
    const report = await wo.monitor();
    expect(report.findings.filter((f) => f.kind === "out-of-scope")).toMatchObject([
      { worker: "task-3-api", files: ["package.json"] },
    ]);
  });

  test("a dead worker is reported and wo resume restarts it with the continuation prompt", async () => {
    const { wo, commitIn, dir } = await planned();
    await commitIn("task-1-auth", "[CHECKPOINT] fixed the null check", { "src/auth/login.ts": "x" });
    await wo.spawn("task-1-auth", "auth fixes", { agentCmd: fixtureAgentCmd("crash") });
    await waitFor(async () => (await wo.status("task-1-auth"))[0]?.status === "dead");
    expect(kinds(await wo.monitor())).toEqual(["dead:task-1-auth"]);

    await import("node:fs/promises").then((fs) => fs.rm(path.join(dir("task-1-auth"), ".agent-prompt.txt")));
    await wo.resume("task-1-auth", { agentCmd: fixtureAgentCmd("complete") });
    const prompt = await waitFor(async () => {
      const file = path.join(dir("task-1-auth"), ".agent-prompt.txt");
      return existsSync(file) && (await readFile(file, "utf8"));
    });
    expect(prompt).toMatch(
      /^# Continue Work: task-1-auth\n\nPrevious session crashed \(its tmux session ended\)/,
    );
    expect(prompt).toContain("## Completed (from git log)\n- [CHECKPOINT] fixed the null check");
    expect(prompt).toContain("## Remaining\n- Fix the null check in src/auth/login.ts");
    await waitFor(async () => (await wo.status("task-1-auth"))[0]?.status === "done");
  });

  test("resume refuses a worker whose agent is alive unless forced", async () => {
    const { wo } = await planned();
    await wo.spawn("task-1-auth", "t", { agentCmd: fixtureAgentCmd("hang") });
    await expect(wo.resume("task-1-auth", { agentCmd: fixtureAgentCmd("hang") })).rejects.toMatchObject({
      code: "E_ALREADY_RUNNING",
    });
    await expect(
      wo.resume("task-1-auth", { agentCmd: fixtureAgentCmd("hang"), force: true }),
    ).resolves.toMatchObject({ feature: "task-1-auth" });
  });

  test("watch fires when a worker commits or writes its status file", async () => {
    const { wo, commitIn, dir } = await planned();
    const reasons: string[] = [];
    const watcher = wo.watch((reason) => reasons.push(reason), {
      intervalMs: 60_000,
      debounceMs: 50,
    });
    try {
      await watcher.ready;
      await commitIn("task-1-auth", "[CHECKPOINT] a", { "src/auth/a.ts": "a" });
      await waitFor(() => reasons.some((r) => r.includes("refs/heads/work/task-1-auth")));
      reasons.length = 0;
      const { writeWorkerStatus } = await import("@wo/worktree");
      await writeWorkerStatus(dir("task-2-models"), "done");
      await waitFor(() => reasons.some((r) => r.includes("task-2-models/.worker-status")));
    } finally {
      await watcher.close();
    }
  });

  test("watch refreshes while events keep coming faster than its debounce", async () => {
    const { wo, dir } = await planned();
    const reasons: string[] = [];
    const watcher = wo.watch((reason) => reasons.push(reason), {
      intervalMs: 60_000,
      debounceMs: 300,
    });
    try {
      await watcher.ready;
      const { writeWorkerStatus } = await import("@wo/worktree");
      // A write every 100 ms for 2 s: a debounce pushed back by each event would fire only after the last one.
      let firedWhileWriting = 0;
      for (let i = 0; i < 20; i++) {
        await writeWorkerStatus(
          dir(i % 2 === 0 ? "task-1-auth" : "task-2-models"),
          i % 4 < 2 ? "done" : "failed",
        );
        await new Promise((resolve) => setTimeout(resolve, 100));
        firedWhileWriting = reasons.length;
      }
      expect(firedWhileWriting).toBeGreaterThanOrEqual(2);
    } finally {
      await watcher.close();
    }
  });

  test("an on-change tick stays silent while tmux shows nothing new, and fires when a pane prints or ends", async () => {
    const { wo, server } = await planned();
    await server.tmux([
      "new-session",
      "-d",
      "-s",
      "agent",
      "--",
      "sh",
      "-c",
      "read line; echo $line; sleep 60",
    ]);
    const ticks: number[] = [];
    const watcher = wo.watch((reason) => (reason === "interval" ? ticks.push(Date.now()) : undefined), {
      intervalMs: 150,
      debounceMs: 50,
      tick: "on-change",
    });
    const silentFor = async (ms: number) => {
      const before = ticks.length;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ticks.length === before;
    };
    try {
      await watcher.ready;
      await waitFor(() => ticks.length > 0); // the first tick has nothing to compare with
      expect(await silentFor(1500)).toBe(true); // ten ticks, one tmux call each, no read
      // The pane prints: its window's activity time moves (tmux keeps whole seconds).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // Counted before each action: the tick that sees it may come before the action's own tmux call returns.
      const printed = ticks.length;
      await server.tmux(["send-keys", "-t", "agent", "printed", "Enter"]);
      await waitFor(() => ticks.length > printed);
      // The typed line and the shell's echo of it may land in two different seconds: once both show and a second
      // has passed, nothing is new any more.
      await waitFor(async () =>
        /printed\nprinted/.test(await server.tmux(["capture-pane", "-p", "-t", "agent"])),
      );
      await new Promise((resolve) => setTimeout(resolve, 1200));
      expect(await silentFor(1500)).toBe(true);
      const ended = ticks.length;
      await server.tmux(["kill-session", "-t", "agent"]);
      await waitFor(() => ticks.length > ended);
    } finally {
      await watcher.close();
    }
  });

  test("watch names every event of a burst, not only the last one", async () => {
    const { wo, dir } = await planned();
    const reasons: string[] = [];
    const watcher = wo.watch((reason) => reasons.push(reason), {
      intervalMs: 60_000,
      debounceMs: 400,
    });
    try {
      await watcher.ready;
      const { writeWorkerStatus } = await import("@wo/worktree");
      await writeWorkerStatus(dir("task-1-auth"), "done");
      await writeWorkerStatus(dir("task-2-models"), "failed");
      const seen = () => reasons.join("\n");
      await waitFor(
        () =>
          seen().includes("task-1-auth/.worker-status") && seen().includes("task-2-models/.worker-status"),
      );
      expect(reasons.join("\n")).not.toMatch(/\.lock\b/);
    } finally {
      await watcher.close();
    }
  });
});

describe("wo checkpoint", () => {
  async function inWorker(w: World & { dir: (f: string) => string }) {
    const cwd = w.dir("task-1-auth");
    await w.repo.write({ "src/auth/a.ts": "a" }, { cwd });
    return cwd;
  }

  test("commits the staged work with the prefix on the worker branch", async () => {
    const w = await planned();
    const cwd = await inWorker(w);
    await w.repo.git(["add", "src"], { cwd });
    const result = await checkpointWorker(cwd, { kind: "checkpoint", message: "auth helpers" });
    expect(result).toMatchObject({ branch: "work/task-1-auth", message: "[CHECKPOINT] auth helpers" });
    expect(await w.repo.git(["log", "-1", "--format=%s", "work/task-1-auth"])).toBe(
      "[CHECKPOINT] auth helpers",
    );
  });

  test("other prefixes and --all work too", async () => {
    const w = await planned();
    const cwd = await inWorker(w);
    await w.repo.git(["add", "src"], { cwd });
    await checkpointWorker(cwd, { kind: "checkpoint", message: "first" });
    await w.repo.write({ "src/auth/a.ts": "changed" }, { cwd });
    await checkpointWorker(
      cwd,
      { kind: "needs", worker: "task-2", item: "UserModel", message: "waiting" },
      { all: true },
    );
    expect(await w.repo.git(["log", "-1", "--format=%s", "work/task-1-auth"])).toBe(
      "[NEEDS:task-2/UserModel] waiting",
    );
  });

  test("nothing staged is a clear error", async () => {
    const w = await planned();
    const cwd = await inWorker(w);
    await expect(checkpointWorker(cwd, { kind: "checkpoint", message: "x" })).rejects.toThrow(
      "Nothing to commit: no changes are staged",
    );
  });

  test("on the base branch it refuses: that is committing to the wrong branch", async () => {
    const w = await planned();
    await expect(checkpointWorker(w.repo.dir, { kind: "checkpoint", message: "x" })).rejects.toMatchObject({
      code: "E_NOT_A_WORKER",
      message: "Not on a worker branch (HEAD is main); nothing was committed",
    });
  });
});
