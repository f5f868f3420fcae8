import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, tempDir, waitFor } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { Orchestrator, reportWorker, type WoError } from "../src/index.js";
import { workerPrompt } from "../src/internal.js";
import { useWorld } from "./helpers.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

async function statusOf(wo: Orchestrator, feature: string) {
  const [entry] = await wo.status(feature);
  return entry;
}

async function errorOf(promise: Promise<unknown>): Promise<WoError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: WoError) => error,
  );
}

const HOSTILE_TASK = [
  `Fix "quotes" and 'single' quotes; $(touch pwned) and \`touch pwned2\` ;`,
  "newline\tand tab; ünïcödé — 日本語 🚀 ;",
  "x".repeat(10 * 1024),
  "ends with a semicolon;",
].join("\n");

describe("worker lifecycle", () => {
  test("spawn, status, collect and kill a worker that follows the protocol", async () => {
    const { wo, agent } = await world();
    const worktree = await wo.addWorktree("login");
    expect(worktree).toMatchObject({ feature: "login", branch: "work/login", session: "wt-login" });
    expect((await statusOf(wo, "login"))?.status).toBe("idle");

    const spawned = await wo.spawn("login", "Implement the login API", agent("complete-stay"));
    expect(spawned).toMatchObject({ feature: "login", session: "wt-login", port: 4100 });

    // The agent writes "done" and then prints its last line: wait for both, or a status read between the two races.
    const done = await waitFor(async () => {
      const entry = await statusOf(wo, "login");
      return entry?.status === "done" && entry.lastOutput === "work complete" && entry;
    });
    expect(done).toMatchObject({
      feature: "login",
      session: "wt-login",
      worktree: worktree.path,
      branch: "work/login",
      task: "Implement the login API",
      startedAt: spawned.startedAt,
    });
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    expect(done.lastOutput).toBe("work complete");

    expect(await wo.collect()).toEqual([
      { feature: "login", status: "done", result: "# Result\n\nDid: Implement the login API\n" },
    ]);

    expect(await wo.list()).toHaveLength(1);
    const killed = await wo.kill("login");
    expect(killed).toEqual({
      feature: "login",
      killed: true,
      previous: "done",
      resultFile: path.join(worktree.path, ".worker-result.md"),
    });
    expect(await wo.list()).toEqual([]);
    expect(await readFile(path.join(worktree.path, ".worker-result.md"), "utf8")).toContain("Did: Implement");
    expect((await statusOf(wo, "login"))?.status).toBe("done");
  });

  test("the worker's environment names its feature, worktree and a distinct port", async () => {
    const { wo } = await world();
    const script = `require('fs').writeFileSync('.env-seen', [process.env.WO_FEATURE, process.env.WO_WORKTREE, process.env.WO_PORT].join('|'))`;
    const agentCmd = `${process.execPath} -e "${script}" {prompt}`;
    const a = await wo.addWorktree("alpha");
    const b = await wo.addWorktree("beta");
    await wo.spawn("alpha", "task a", { agentCmd });
    await wo.spawn("beta", "task b", { agentCmd });
    const seenA = await waitFor(
      () => existsSync(path.join(a.path, ".env-seen")) && readFile(path.join(a.path, ".env-seen"), "utf8"),
    );
    const seenB = await waitFor(
      () => existsSync(path.join(b.path, ".env-seen")) && readFile(path.join(b.path, ".env-seen"), "utf8"),
    );
    expect(seenA).toBe(`alpha|${a.path}|4100`);
    expect(seenB).toBe(`beta|${b.path}|4101`);
  });

  test("a crashed agent shows as dead with its last output", async () => {
    const { wo, agent } = await world();
    await wo.addWorktree("crashy");
    await wo.spawn("crashy", "this will crash", agent("crash"));
    const entry = await waitFor(async () => {
      const e = await statusOf(wo, "crashy");
      return e?.status === "dead" && e;
    });
    expect(entry.lastOutput).toBe("fatal: segmentation fault in fixture agent");
  });

  test("a failing agent reports failed and its error is collected", async () => {
    const { wo, agent } = await world();
    await wo.addWorktree("sad");
    await wo.spawn("sad", "this will fail", agent("fail"));
    await waitFor(async () => (await statusOf(wo, "sad"))?.status === "failed");
    expect(await wo.collect("sad")).toEqual([
      { feature: "sad", status: "failed", result: "# Error\n\ncould not do it\n" },
    ]);
  });

  test("hostile task text reaches the agent byte for byte through a prompt file and executes nothing", async () => {
    const { wo, agent } = await world();
    const worktree = await wo.addWorktree("hostile");
    await wo.spawn("hostile", HOSTILE_TASK, agent("complete"));
    const received = await waitFor(async () => {
      const file = path.join(worktree.path, ".agent-prompt.txt");
      return existsSync(file) && (await readFile(file, "utf8"));
    });
    expect(received).toBe(workerPrompt(HOSTILE_TASK));
    expect(existsSync(path.join(worktree.path, "pwned"))).toBe(false);
    expect(existsSync(path.join(worktree.path, "pwned2"))).toBe(false);
  });

  test("hostile task text reaches the agent byte for byte as one argv element", async () => {
    const { wo } = await world();
    const worktree = await wo.addWorktree("argv");
    const agentCmd = `${process.execPath} -e "require('fs').writeFileSync('.agent-arg.txt', process.argv[1])" {prompt}`;
    await wo.spawn("argv", HOSTILE_TASK, { agentCmd });
    const file = path.join(worktree.path, ".agent-arg.txt");
    const received = await waitFor(async () => existsSync(file) && (await readFile(file, "utf8")));
    expect(received).toBe(workerPrompt(HOSTILE_TASK));
    expect(existsSync(path.join(worktree.path, "pwned"))).toBe(false);
  });

  test("text sent to a running agent arrives as typed, to one worker or to all", async () => {
    const { wo, agent } = await world();
    const one = await wo.addWorktree("one");
    const two = await wo.addWorktree("two");
    await wo.spawn("one", "listen", agent("echo"));
    await wo.spawn("two", "listen", agent("echo"));
    await waitFor(async () => (await wo.status()).every((e) => e.lastOutput === "ready"));
    expect(await wo.send("one", `only one; "$(x)"`)).toEqual({ sent: ["one"], failed: [] });
    expect(await wo.send({ all: true }, "to everyone;")).toEqual({ sent: ["one", "two"], failed: [] });
    const read = (dir: string) => readFile(path.join(dir, ".agent-input.txt"), "utf8").catch(() => "");
    await waitFor(
      async () =>
        (await read(one.path)).includes("to everyone;") && (await read(two.path)).includes("to everyone;"),
    );
    expect(await read(one.path)).toBe(`only one; "$(x)"\nto everyone;\n`);
    expect(await read(two.path)).toBe("to everyone;\n");
  });

  test("a respawned worker's previous result is archived, not lost", async () => {
    const { wo, agent } = await world();
    const worktree = await wo.addWorktree("again");
    await wo.spawn("again", "first run", agent("complete"));
    await waitFor(async () => (await statusOf(wo, "again"))?.status === "done");
    await wo.spawn("again", "second run", agent("hang"));
    expect(existsSync(path.join(worktree.path, ".worker-result.md"))).toBe(false);
    const archive = path.join(wo.stateDir, "results", "again");
    const saved = (await readdir(archive)).sort();
    expect(saved.map((name) => path.extname(name))).toEqual([".json", ".md"]);
    expect(await readFile(path.join(archive, saved[1] as string), "utf8")).toContain("Did: first run");
    expect(JSON.parse(await readFile(path.join(archive, saved[0] as string), "utf8"))).toMatchObject({
      feature: "again",
      status: "done",
      reason: "respawn",
    });
    expect((await statusOf(wo, "again"))?.status).toBe("running");
  });

  test("status uses a constant number of tmux calls however many workers there are", async () => {
    const { wo, agent } = await world();
    const count = async () => {
      const before = wo.tmux.calls;
      await wo.status();
      return wo.tmux.calls - before;
    };
    await wo.addWorktree("w1");
    await wo.spawn("w1", "t", agent("hang"));
    const withOne = await count();
    for (const name of ["w2", "w3", "w4", "w5"]) {
      await wo.addWorktree(name);
      await wo.spawn(name, "t", agent("hang"));
    }
    expect(await count()).toBe(withOne);
    expect(withOne).toBe(1);
  });
});

describe("safety rules", () => {
  test("spawn without a worktree is refused with a hint", async () => {
    const { wo, agent } = await world();
    const error = await errorOf(wo.spawn("ghost", "task", agent("hang")));
    expect(error.code).toBe("E_NO_WORKTREE");
    expect(error.message).toMatchInlineSnapshot(`"Cannot spawn ghost: it has no worktree"`);
    expect(error.hint).toBe("Create it first: wo worktree add ghost");
  });

  test("spawn while the worker is running is refused", async () => {
    const { wo, agent } = await world();
    await wo.addWorktree("busy");
    await wo.spawn("busy", "task", agent("hang"));
    const error = await errorOf(wo.spawn("busy", "another task", agent("hang")));
    expect(error.code).toBe("E_ALREADY_RUNNING");
    expect(error.message).toMatchInlineSnapshot(`"Worker busy is already running (tmux session wt-busy)"`);
  });

  test("spawn with an agent that is not installed names it and suggests alternatives", async () => {
    const { wo } = await world();
    await wo.addWorktree("noagent");
    const error = await errorOf(wo.spawn("noagent", "task", { agentCmd: "no-such-agent-cli --go {prompt}" }));
    expect(error.code).toBe("E_AGENT_NOT_FOUND");
    expect(error.message).toMatchInlineSnapshot(
      `"Cannot spawn noagent: the agent program "no-such-agent-cli" is not installed or not on PATH"`,
    );
    expect(error.hint).toMatchInlineSnapshot(
      `"Install it, or pick another agent: --agent claude|codex|aider|gemini or --agent-cmd "mycli {prompt}""`,
    );
    expect((await statusOf(wo, "noagent"))?.status).toBe("idle");
  });

  test("kill of a running worker warns and kills nothing; the repeated kill kills it", async () => {
    const { wo, agent } = await world();
    await wo.addWorktree("steady");
    await wo.spawn("steady", "task", agent("hang"));
    const warning = await errorOf(wo.kill("steady"));
    expect(warning.code).toBe("E_RUNNING");
    expect(warning.message).toMatchInlineSnapshot(`"Worker steady is still running; nothing was killed"`);
    expect((await statusOf(wo, "steady"))?.status).toBe("running");
    expect(await wo.kill("steady")).toMatchObject({ feature: "steady", killed: true, previous: "running" });
    expect((await statusOf(wo, "steady"))?.status).toBe("idle");
  });

  test("a repeated kill long after the warning warns again", async () => {
    let now = new Date("2026-01-01T10:00:00Z");
    const { wo, agent } = await world({ now: () => now });
    await wo.addWorktree("later");
    await wo.spawn("later", "task", agent("hang"));
    await expect(wo.kill("later")).rejects.toMatchObject({ code: "E_RUNNING" });
    now = new Date("2026-01-01T10:30:00Z");
    await expect(wo.kill("later")).rejects.toMatchObject({ code: "E_RUNNING" });
  });

  test("kill --force stops a running worker at once and keeps its result", async () => {
    const { wo, agent } = await world();
    const worktree = await wo.addWorktree("forced");
    await writeFile(path.join(worktree.path, ".worker-result.md"), "partial result\n");
    await wo.spawn("forced", "task", agent("hang"));
    // spawn archived the old result; the worker writes a new one while running
    await writeFile(path.join(worktree.path, ".worker-result.md"), "work in progress\n");
    expect(await wo.kill("forced", { force: true })).toMatchObject({ killed: true, previous: "running" });
    expect(await readFile(path.join(worktree.path, ".worker-result.md"), "utf8")).toBe("work in progress\n");
  });

  test("kill-all with a running worker is refused and kills nothing; --force kills all and keeps results", async () => {
    const { wo, agent } = await world();
    const a = await wo.addWorktree("fin");
    await wo.addWorktree("run");
    await wo.spawn("fin", "t", agent("complete-stay"));
    await wo.spawn("run", "t", agent("hang"));
    await waitFor(async () => (await statusOf(wo, "fin"))?.status === "done");
    const error = await errorOf(wo.killAll());
    expect(error.code).toBe("E_RUNNING");
    expect(error.message).toMatchInlineSnapshot(`"1 worker(s) still running (run); nothing was killed"`);
    expect(await wo.list()).toHaveLength(2);
    const results = await wo.killAll({ force: true });
    expect(results.map((r) => [r.feature, r.killed])).toEqual([
      ["fin", true],
      ["run", true],
    ]);
    expect(await wo.list()).toEqual([]);
    expect(await readFile(path.join(a.path, ".worker-result.md"), "utf8")).toContain("Did: t");
  });

  test("kill-all without running workers kills the finished ones", async () => {
    const { wo, agent } = await world();
    await wo.addWorktree("fin");
    await wo.spawn("fin", "t", agent("complete-stay"));
    await waitFor(async () => (await statusOf(wo, "fin"))?.status === "done");
    expect(await wo.killAll()).toEqual([
      {
        feature: "fin",
        killed: true,
        previous: "done",
        resultFile: expect.stringMatching(/\/fin\/\.worker-result\.md$/),
      },
    ]);
  });

  test("collect of a worker that has not finished says so", async () => {
    const { wo, agent } = await world();
    await wo.addWorktree("slow");
    await wo.spawn("slow", "t", agent("hang"));
    const error = await errorOf(wo.collect("slow"));
    expect(error.code).toBe("E_NOT_FINISHED");
    expect(error.message).toBe("Worker slow has not finished (status: running); nothing to collect");
  });

  test("an unknown worker is a clear error", async () => {
    const { wo } = await world();
    const error = await errorOf(wo.kill("nobody"));
    expect(error.code).toBe("E_NO_WORKER");
    expect(error.message).toMatch(/^No worker named nobody: there is no worktree .*\/worktrees\/nobody$/);
  });

  test("bad feature names are refused before anything happens", async () => {
    const { wo, agent } = await world();
    for (const name of ["../x", "a.b", "a:b", "", "x".repeat(100)]) {
      await expect(wo.addWorktree(name)).rejects.toMatchObject({ code: "E_FEATURE_NAME" });
      await expect(wo.spawn(name, "t", agent("hang"))).rejects.toMatchObject({ code: "E_FEATURE_NAME" });
    }
    expect(existsSync(path.join(wo.repo.root, "worktrees"))).toBe(false);
  });
});

describe("broken state", () => {
  test("a corrupt .worktree.json is reported in status and blocks spawn, naming the file", async () => {
    const { wo, agent } = await world();
    const worktree = await wo.addWorktree("broken");
    const file = path.join(worktree.path, ".worktree.json");
    await writeFile(file, "{ this is not json");
    const [entry] = await wo.status();
    expect(entry?.problem).toMatch(`${file} is not valid worker metadata: it is not JSON`);
    const error = await errorOf(wo.spawn("broken", "t", agent("hang")));
    expect(error.message).toContain(file);
  });

  test("garbage in .worker-status is reported for that worker only", async () => {
    const { wo } = await world();
    const bad = await wo.addWorktree("bad");
    await wo.addWorktree("good");
    await writeFile(path.join(bad.path, ".worker-status"), Buffer.from([0, 1, 2, 255, 254]));
    const entries = await wo.status();
    expect(entries.find((e) => e.feature === "bad")?.problem).toMatch(
      /\.worker-status holds .* expected running, done or failed/,
    );
    expect(entries.find((e) => e.feature === "good")).toMatchObject({ status: "idle" });
    expect(entries.find((e) => e.feature === "good")?.problem).toBeUndefined();
  });

  test("outside a git repository the orchestrator refuses to open", async () => {
    const dir = await tempDir();
    await expect(Orchestrator.open({ cwd: dir })).rejects.toMatchObject({ code: "E_NOT_A_REPO" });
  });
});

describe("without tmux installed", () => {
  test("read-only commands work and only starting an agent asks for tmux", async () => {
    const { repo, agent } = await world();
    const bin = await tempDir();
    const { symlink } = await import("node:fs/promises");
    const { execSync } = await import("node:child_process");
    await symlink(
      execSync("command -v git", { encoding: "utf8", shell: "/bin/sh" }).trim(),
      path.join(bin, "git"),
    );
    const wo = await Orchestrator.open({ cwd: repo.dir, env: { ...process.env, PATH: bin } });
    await wo.addWorktree("ci");
    expect((await wo.status()).map((s) => s.status)).toEqual(["idle"]);
    expect((await wo.monitor()).workers.map((w) => w.worker)).toEqual(["ci"]);
    expect(await wo.kill("ci")).toEqual({ feature: "ci", killed: false, previous: "idle", resultFile: null });
    await expect(wo.spawn("ci", "task", agent("hang"))).rejects.toMatchObject({
      code: "E_TMUX_NOT_INSTALLED",
    });
  });
});

describe("worker side", () => {
  test("report writes the result and then the status inside a worktree", async () => {
    const { wo } = await world();
    const worktree = await wo.addWorktree("reporter");
    await mkdir(path.join(worktree.path, "src"), { recursive: true });
    expect(await reportWorker(path.join(worktree.path, "src"), "done", "all good")).toEqual({
      worktree: worktree.path,
      status: "done",
    });
    expect(await readFile(path.join(worktree.path, ".worker-result.md"), "utf8")).toBe("all good\n");
    expect((await statusOf(wo, "reporter"))?.status).toBe("done");
  });

  test("report in the main checkout is refused", async () => {
    const { repo } = await world();
    await expect(reportWorker(repo.dir, "done", "x")).rejects.toMatchObject({ code: "E_NOT_A_WORKER" });
  });
});
