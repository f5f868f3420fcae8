import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, hookAgent, tempDir, waitFor } from "@wo/test-utils";
import { execa } from "execa";
import { beforeAll, describe, expect, test } from "vitest";
import { Orchestrator, reportWorker } from "../src/index.js";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

const fakeAgent = hookAgent;

/**
 * A world whose agents see a HOME of their own in which Claude Code's one-time consent (onboarding, trust of the
 * repository) is already given, as `wo doctor --fix` records it; as root, `IS_SANDBOX=1` (docs/agents.md).
 */
async function agentWorld() {
  const w = await world();
  const home = await tempDir();
  await writeFile(
    path.join(home, ".claude.json"),
    JSON.stringify({
      hasCompletedOnboarding: true,
      projects: { [w.repo.dir]: { hasTrustDialogAccepted: true } },
    }),
  );
  const env: NodeJS.ProcessEnv = { ...w.env, HOME: home, IS_SANDBOX: "1" };
  const { ANTHROPIC_API_KEY: _key, ...withoutKey } = env;
  return { ...w, env: withoutKey, wo: await Orchestrator.open({ cwd: w.repo.dir, env: withoutKey }) };
}

/** wo's own directory for a worker's agent files (docs/architecture.md, "Where state lives"). */
function agentDir(wo: Orchestrator, feature: string): string {
  return path.join(wo.stateDir, "agents", feature);
}

async function entryOf(wo: Orchestrator, feature: string) {
  const [entry] = await wo.status(feature);
  if (!entry) throw new Error(`no status for ${feature}`);
  return entry;
}

async function statusBecomes(wo: Orchestrator, feature: string, status: string, waitingFor: string | null) {
  return waitFor(
    async () => {
      const entry = await entryOf(wo, feature);
      return entry.status === status && entry.waitingFor === waitingFor && entry;
    },
    { timeout: 20_000, message: `${feature} becomes ${status} (${waitingFor})` },
  );
}

async function hookLog(file: string): Promise<Array<{ event: string; status: number; json?: boolean }>> {
  if (!existsSync(file)) return [];
  return (await readFile(file, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("waiting, from the agents' own hooks", () => {
  test("claude: a turn that ends shows as waiting (turn-ended) with its last real line; a sent message makes it run; a report makes it done", async () => {
    const { wo } = await agentWorld();
    const agent = await fakeAgent("claude");
    const worktree = await wo.addWorktree("auth");
    await wo.spawn("auth", "Add login", {
      agentCmd: agent.agentCmd,
      env: { FAKE_LOG: agent.log, FAKE_WORK_MS: "3000" },
    });
    const waiting = await statusBecomes(wo, "auth", "waiting", "turn-ended");
    // Box borders, the input box and the status bar are skipped: the last line that says something is shown.
    expect(waiting.lastOutput).toBe("Finished the turn: wrote hello.txt");
    // The hook state lives in wo's state directory, never in the worktree.
    const state = JSON.parse(await readFile(path.join(agentDir(wo, "auth"), "hook-state.json"), "utf8"));
    expect(state).toMatchObject({
      agent: "claude",
      hooks: true,
      state: "waiting",
      waitingFor: "turn-ended",
      event: "Stop",
    });
    const tracked = await execa("git", ["status", "--porcelain", "--ignored"], { cwd: worktree.path });
    expect(tracked.stdout).not.toMatch(/hook|settings/);

    await wo.send("auth", "also add logout");
    await statusBecomes(wo, "auth", "running", null);
    await statusBecomes(wo, "auth", "waiting", "turn-ended");
    // The agent logs a hook run after it returns, which may be just after wo saw its effect.
    await waitFor(async () => (await hookLog(agent.log)).length === 5);
    expect((await hookLog(agent.log)).map((e) => e.event)).toEqual([
      "SessionStart",
      "UserPromptSubmit",
      "Stop",
      "UserPromptSubmit",
      "Stop",
    ]);
    expect((await hookLog(agent.log)).every((e) => e.status === 0)).toBe(true);

    await reportWorker(worktree.path, "done", "# Result\n\nlogin and logout\n");
    await statusBecomes(wo, "auth", "done", null);
  });

  test("claude: a permission prompt reported by its Notification hook shows as waiting (permission), and monitor says to attach", async () => {
    const { wo } = await agentWorld();
    const agent = await fakeAgent("claude");
    await wo.addWorktree("perm");
    await wo.spawn("perm", "Clean the build", {
      agentCmd: agent.agentCmd,
      env: { FAKE_PLAN: "permission", FAKE_LOG: agent.log, FAKE_WORK_MS: "3000" },
    });
    const waiting = await statusBecomes(wo, "perm", "waiting", "permission");
    expect(waiting.lastOutput).toBe("● Bash(rm -rf build)");
    const report = await wo.monitor();
    expect(report.workers[0]).toMatchObject({ worker: "perm", waitingFor: "permission" });
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        kind: "waiting",
        worker: "perm",
        action: "Answer perm's agent at its pane: wo attach perm",
      }),
    );
    // Granting it (the tool then runs) makes it work again.
    await wo.send("perm", "1");
    await statusBecomes(wo, "perm", "running", null);
  });

  test("a dialog on screen shows as waiting (dialog) with its question as last output", async () => {
    const { wo } = await agentWorld();
    const agent = await fakeAgent("claude");
    await wo.addWorktree("trust");
    await wo.spawn("trust", "Anything", { agentCmd: agent.agentCmd, env: { FAKE_PLAN: "dialog" } });
    const waiting = await statusBecomes(wo, "trust", "waiting", "dialog");
    expect(waiting.lastOutput).toBe("Do you trust the files in this folder?");
    const report = await wo.monitor();
    expect(report.actions).toContain("Answer trust's agent at its pane: wo attach trust");
  });

  test("codex: notify of the title thread is ignored; the real turn's end shows as waiting; typing makes it run", async () => {
    const { wo } = await agentWorld();
    const agent = await fakeAgent("codex");
    const worktree = await wo.addWorktree("cx");
    await wo.spawn("cx", "Do it", {
      agentCmd: agent.agentCmd,
      env: { FAKE_LOG: agent.log, FAKE_WORK_MS: "2500" },
    });
    await waitFor(() => existsSync(path.join(worktree.path, ".fake-title-sent")));
    expect(await entryOf(wo, "cx")).toMatchObject({ status: "running", waitingFor: null });
    const waiting = await statusBecomes(wo, "cx", "waiting", "turn-ended");
    expect(waiting.lastOutput).toBe("Finished the turn: wrote hello.txt");
    await waitFor(async () => (await hookLog(agent.log)).length === 2);
    expect((await hookLog(agent.log)).map((e) => e.status)).toEqual([0, 0]);
    // Codex says when a turn ends, not when the next starts: a change in its pane after the end does.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await wo.send("cx", "next step");
    await statusBecomes(wo, "cx", "running", null);
    await statusBecomes(wo, "cx", "waiting", "turn-ended");
  });

  test("gemini: hooks come through the system-defaults variable (the user's ~/.gemini untouched) and print JSON", async () => {
    const { wo } = await agentWorld();
    const agent = await fakeAgent("gemini");
    await wo.addWorktree("gm");
    await wo.spawn("gm", "Do it", {
      agentCmd: agent.agentCmd,
      env: { FAKE_LOG: agent.log, FAKE_WORK_MS: "2000" },
    });
    const waiting = await statusBecomes(wo, "gm", "waiting", "turn-ended");
    expect(waiting.lastOutput).toBe("Finished the turn: wrote hello.txt");
    await waitFor(async () => (await hookLog(agent.log)).length === 2);
    const log = await hookLog(agent.log);
    expect(log.map((e) => e.event)).toEqual(["BeforeAgent", "AfterAgent"]);
    expect(log.every((e) => e.status === 0 && e.json)).toBe(true);
    await wo.send("gm", "more");
    await statusBecomes(wo, "gm", "running", null);
  });

  test("a state from an earlier run never speaks for the current one, and a late hook of that run is ignored", async () => {
    const { wo } = await agentWorld();
    const agent = await fakeAgent("claude");
    await wo.addWorktree("re");
    await wo.spawn("re", "First run", { agentCmd: agent.agentCmd });
    await statusBecomes(wo, "re", "waiting", "turn-ended");
    const settings = JSON.parse(
      await readFile(path.join(agentDir(wo, "re"), "claude-settings.json"), "utf8"),
    ) as { hooks: { Stop: Array<{ hooks: Array<{ command: string }> }> } };
    const oldStop = settings.hooks.Stop[0]?.hooks[0]?.command as string;
    await wo.kill("re", { force: true });

    // Respawned with an agent without hooks that keeps working: it is running, not the old run's waiting.
    const script = "setInterval(() => console.log('still working'), 500)";
    await wo.spawn("re", "Second run", { agentCmd: `${process.execPath} -e "${script}" {prompt}` });
    await waitFor(async () => (await entryOf(wo, "re")).lastOutput === "still working");
    expect(await entryOf(wo, "re")).toMatchObject({ status: "running", waitingFor: null });
    const before = await readFile(path.join(agentDir(wo, "re"), "hook-state.json"), "utf8");
    await execa("sh", ["-c", oldStop], { input: JSON.stringify({ hook_event_name: "Stop" }) });
    expect(await readFile(path.join(agentDir(wo, "re"), "hook-state.json"), "utf8")).toBe(before);
    expect(await entryOf(wo, "re")).toMatchObject({ status: "running", waitingFor: null });
  });

  test("monitor --notify never types into an agent at a permission prompt; it does once the agent is free", async () => {
    const w = await agentWorld();
    const { wo, repo } = w;
    await wo.setup(samplePlan());
    const dir = (feature: string) => path.join(repo.dir, "worktrees", feature);
    await repo.commit("[NEEDS:task-2/UserModel] waiting for the model", {}, { cwd: dir("task-3-api") });
    const agent = await fakeAgent("claude");
    await wo.spawn("task-3-api", "api", {
      agentCmd: agent.agentCmd,
      env: { FAKE_PLAN: "permission", FAKE_WORK_MS: "600000" },
    });
    await statusBecomes(wo, "task-3-api", "waiting", "permission");
    await repo.commit(
      "[CHECKPOINT] Add UserModel",
      { "src/models/user.ts": "model" },
      { cwd: dir("task-2-models") },
    );
    const report = await wo.monitor();
    expect(report.findings.map((f) => f.kind)).toEqual(["needs-satisfied", "waiting"]);
    expect(await wo.notifySatisfiedNeeds(report)).toEqual([]);
    expect(existsSync(path.join(dir("task-3-api"), ".fake-input"))).toBe(false);

    await wo.send("task-3-api", "1");
    await statusBecomes(wo, "task-3-api", "running", null);
    expect(await wo.notifySatisfiedNeeds(await wo.monitor())).toMatchObject([
      { worker: "task-3-api", provider: "task-2-models", item: "UserModel" },
    ]);
  });

  test("a watch fires when an agent's hook records that it waits", async () => {
    const { wo } = await agentWorld();
    const agent = await fakeAgent("claude");
    await wo.addWorktree("wt");
    const reasons: string[] = [];
    const watcher = wo.watch((reason) => reasons.push(reason), { intervalMs: 60_000, debounceMs: 50 });
    try {
      await watcher.ready;
      await wo.spawn("wt", "Do it", { agentCmd: agent.agentCmd });
      await statusBecomes(wo, "wt", "waiting", "turn-ended");
      await waitFor(() => reasons.some((r) => r.includes(path.join("agents", "wt", "hook-state.json"))));
      expect(reasons.join(";")).not.toMatch(/hook-state\.json\.\d+\.tmp|hook\.cjs/);
    } finally {
      await watcher.close();
    }
  });
});
