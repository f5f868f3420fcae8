import { existsSync, readFileSync } from "node:fs";
import { chmod, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, tempDir, waitFor } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { processesWithEnvironment } from "../src/agent-processes.js";
import { acceptClaudeConsent } from "../src/agents/claude-config.js";
import { Orchestrator, type WoError } from "../src/index.js";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

/** Writes an executable fake agent `name` into `dir`. */
async function fakeProgram(dir: string, name: string, script: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, script);
  await chmod(file, 0o755);
  return file;
}

/** A fake agent that records its argv, cwd and some of its environment in `.seen.json`, then stays alive. */
const RECORDER = `#!/bin/sh
exec "${process.execPath}" -e '
const env = {};
for (const k of ["SECRET", "ONLY_B", "WO_FEATURE", "WO_RUN_ID", "GEMINI_CLI_TRUST_WORKSPACE"]) env[k] = process.env[k] ?? null;
require("fs").writeFileSync(".seen.json", JSON.stringify({ argv: process.argv.slice(1), cwd: process.cwd(), env }));
setInterval(() => {}, 1000);
' -- "$@"
`;

async function seen(
  worktree: string,
): Promise<{ argv: string[]; cwd: string; env: Record<string, string | null> }> {
  const file = path.join(worktree, ".seen.json");
  return JSON.parse(await waitFor(() => existsSync(file) && readFile(file, "utf8")));
}

async function errorOf(promise: Promise<unknown>): Promise<WoError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: WoError) => error,
  );
}

/** Alive and not a zombie (an orphan's zombie waits for a PID 1 that may never reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** The processes that carry a run id of `feature`'s worker. */
function workerProcesses(worktree: string): Promise<number[]> {
  // By the worker's worktree, which no other test's (or an earlier run's) worker shares.
  return processesWithEnvironment((entry) => entry === `WO_WORKTREE=${worktree}`);
}

describe("one environment per worker", () => {
  test("each agent gets the environment of the wo command that spawned it, not the tmux server's nor another worker's", async () => {
    const { wo, env, repo } = await world();
    const bin = await tempDir();
    const agentCmd = await fakeProgram(bin, "recorder", RECORDER);
    const a = await wo.addWorktree("alpha");
    const b = await wo.addWorktree("beta");
    // The first spawn starts the tmux server, with this environment.
    const first = await Orchestrator.open({ cwd: repo.dir, env: { ...env, SECRET: "one" } });
    await first.spawn("alpha", "task a", { agentCmd });
    const second = await Orchestrator.open({ cwd: repo.dir, env: { ...env, SECRET: "two", ONLY_B: "b" } });
    await second.spawn("beta", "task b", { agentCmd });
    const seenA = await seen(a.path);
    const seenB = await seen(b.path);
    expect(seenA.env).toMatchObject({ SECRET: "one", ONLY_B: null, WO_FEATURE: "alpha" });
    expect(seenB.env).toMatchObject({ SECRET: "two", ONLY_B: "b", WO_FEATURE: "beta" });
    expect(seenA.env.WO_RUN_ID).toMatch(/^[0-9a-f]{32}\/alpha\/[0-9a-f]{16}$/);
    expect(seenA.cwd).toBe(a.path);
  });

  test("the launch spec, which holds the environment, is private and gone once the agent started", async () => {
    const { wo } = await world();
    const bin = await tempDir();
    const agentCmd = await fakeProgram(bin, "recorder", RECORDER);
    const a = await wo.addWorktree("alpha");
    await wo.spawn("alpha", "task a", { agentCmd });
    await seen(a.path);
    expect(existsSync(path.join(wo.stateDir, "launch", "alpha.json"))).toBe(false);
  });
});

/** A fake agent that double-forks a detached (setsid) child, records both pids, and stays alive. */
const DETACHING = `#!/bin/sh
( setsid sh -c 'echo $$ > "$0"; exec sleep 600' "$PWD/.detached.pid" & )
echo $$ > .agent.pid
exec sleep 600
`;

describe("no process of an agent outlives its worker", () => {
  async function detachedWorker(feature: string) {
    const w = await world();
    const bin = await tempDir();
    const agentCmd = await fakeProgram(bin, "detacher", DETACHING);
    const worktree = await w.wo.addWorktree(feature);
    await w.wo.spawn(feature, "task", { agentCmd });
    const pidFile = path.join(worktree.path, ".detached.pid");
    const detached = Number(
      await waitFor(async () => existsSync(pidFile) && (await readFile(pidFile, "utf8")).trim()),
    );
    expect(alive(detached)).toBe(true);
    const before = await workerProcesses(worktree.path);
    expect(before).toContain(detached);
    expect(before.length).toBeGreaterThanOrEqual(3); // launcher, agent, detached child (and tmux's forwarder)
    return { ...w, detached, worktree };
  }

  test("wo kill --force", async () => {
    const { wo, detached, worktree } = await detachedWorker("kk");
    await wo.kill("kk", { force: true });
    expect(alive(detached)).toBe(false);
    expect(await workerProcesses(worktree.path)).toEqual([]);
  });

  test("wo kill-all --force", async () => {
    const { wo, detached, worktree } = await detachedWorker("ka");
    await wo.killAll({ force: true });
    expect(alive(detached)).toBe(false);
    expect(await workerProcesses(worktree.path)).toEqual([]);
  });

  test("wo cleanup --force", async () => {
    const { wo, detached, worktree } = await detachedWorker("kc");
    await wo.cleanup({ force: true });
    expect(alive(detached)).toBe(false);
    expect(await workerProcesses(worktree.path)).toEqual([]);
  });
});

describe("the recorded agent is reused", () => {
  test("resume restarts the agent the worker was spawned with, not the configured default", async () => {
    const { wo } = await world({ config: { agent: "claude" } });
    const bin = await tempDir();
    const agentCmd = `${await fakeProgram(bin, "recorder", RECORDER)} --mine {prompt}`;
    const a = await wo.addWorktree("alpha");
    await wo.spawn("alpha", "task a", { agentCmd });
    expect((await seen(a.path)).argv[0]).toBe("--mine");
    await wo.kill("alpha", { force: true });
    await writeFile(path.join(a.path, ".seen.json"), "");
    const resumed = await wo.resume("alpha");
    expect(resumed.agent).toBe("recorder");
    await waitFor(async () => (await readFile(path.join(a.path, ".seen.json"), "utf8")) !== "");
    expect((await seen(a.path)).argv[0]).toBe("--mine");
  });

  test("an agent chosen for the resume wins over the recorded one", async () => {
    const { wo } = await world();
    const bin = await tempDir();
    const first = `${await fakeProgram(bin, "recorder", RECORDER)} --first {prompt}`;
    const second = `${path.join(bin, "recorder")} --second {prompt}`;
    const a = await wo.addWorktree("alpha");
    await wo.spawn("alpha", "task a", { agentCmd: first });
    await seen(a.path);
    await wo.kill("alpha", { force: true });
    await writeFile(path.join(a.path, ".seen.json"), "");
    await wo.resume("alpha", { agentCmd: second });
    await waitFor(async () => (await readFile(path.join(a.path, ".seen.json"), "utf8")) !== "");
    expect((await seen(a.path)).argv[0]).toBe("--second");
  });
});

describe("setup --spawn", () => {
  test("a worker set up with one agent is spawned with it by a later plain setup --spawn", async () => {
    const { wo } = await world({ config: { agent: "claude" } });
    const bin = await tempDir();
    const agentCmd = `${await fakeProgram(bin, "recorder", RECORDER)} --chosen {prompt}`;
    const first = await wo.setup(samplePlan(), { agentCmd });
    expect(first.failed).toBe(0);
    const spawned = await wo.setup(samplePlan(), { spawn: true });
    expect(spawned.failed).toBe(0);
    const worktree = spawned.workers[0]?.worktree as string;
    expect((await seen(worktree)).argv[0]).toBe("--chosen");
  });

  test("an agent that still needs the user's consent is refused before anything is set up", async () => {
    const bin = await tempDir();
    const home = await tempDir();
    await fakeProgram(bin, "claude", RECORDER);
    const w = await world();
    const env: NodeJS.ProcessEnv = { ...w.env, PATH: `${bin}:${w.env.PATH}`, HOME: home, IS_SANDBOX: "1" };
    delete env.CLAUDE_CONFIG_DIR;
    delete env.ANTHROPIC_API_KEY;
    await writeFile(path.join(home, ".claude.json"), JSON.stringify({ hasCompletedOnboarding: true }));
    const wo = await Orchestrator.open({ cwd: w.repo.dir, env });
    const error = await errorOf(wo.setup(samplePlan(), { spawn: true, agent: "claude" }));
    expect(error.code).toBe("E_AGENT_CONSENT");
    expect(error.message).toBe(
      `Cannot spawn workers: Claude Code does not trust ${w.repo.dir} yet (its "Do you trust this folder?" dialog would block the worker); nothing was set up`,
    );
    expect(existsSync(path.join(w.repo.dir, "worktrees"))).toBe(false);
  });
});

describe("aider", () => {
  test("starts interactive and receives the prompt as its first typed message", async () => {
    const bin = await tempDir();
    await fakeProgram(
      bin,
      "aider",
      `#!/bin/sh
echo "$@" > .aider-argv
printf '> '
exec cat > .aider-typed
`,
    );
    const w = await world();
    const wo = await Orchestrator.open({ cwd: w.repo.dir, env: { ...w.env, PATH: `${bin}:${w.env.PATH}` } });
    const a = await wo.addWorktree("alpha");
    await wo.spawn("alpha", "Add the login form; then test it", { agent: "aider" });
    expect(await readFile(path.join(a.path, ".aider-argv"), "utf8")).toBe("--yes-always\n");
    const typed = await waitFor(async () => {
      const text = existsSync(path.join(a.path, ".aider-typed"))
        ? await readFile(path.join(a.path, ".aider-typed"), "utf8")
        : "";
      return text.includes("Add the login form; then test it") && text;
    });
    expect(typed.startsWith("Add the login form; then test it")).toBe(true);
  });
});

describe("one-time consent is checked before spawning", () => {
  async function claudeWorld(extra: NodeJS.ProcessEnv = {}) {
    const bin = await tempDir();
    const home = await tempDir();
    await fakeProgram(bin, "claude", RECORDER);
    const w = await world();
    const env: NodeJS.ProcessEnv = { ...w.env, PATH: `${bin}:${w.env.PATH}`, HOME: home, IS_SANDBOX: "1" };
    delete env.CLAUDE_CONFIG_DIR;
    delete env.ANTHROPIC_API_KEY;
    Object.assign(env, extra);
    const wo = await Orchestrator.open({ cwd: w.repo.dir, env });
    return { ...w, wo, env, home };
  }

  test("an untrusted repository refuses the spawn in one line with what to do, and starts nothing", async () => {
    const { wo, repo, env } = await claudeWorld();
    await writeFile(
      path.join(env.HOME as string, ".claude.json"),
      JSON.stringify({ hasCompletedOnboarding: true }),
    );
    await wo.addWorktree("alpha");
    const error = await errorOf(wo.spawn("alpha", "task", { agent: "claude" }));
    expect(error.code).toBe("E_AGENT_CONSENT");
    expect(error.message).toBe(
      `Cannot spawn alpha: Claude Code does not trust ${repo.dir} yet (its "Do you trust this folder?" dialog would block the worker)`,
    );
    expect(error.hint).toBe(
      `Run claude once in ${repo.dir} and answer yes, or let wo record the answer: wo doctor --fix`,
    );
    expect((await wo.status("alpha"))[0]?.status).toBe("idle");
  });

  test("as root without IS_SANDBOX=1 the Claude preset is refused with what to do", async () => {
    if (process.getuid?.() !== 0) return;
    const { wo } = await claudeWorld({ IS_SANDBOX: "" });
    await wo.addWorktree("alpha");
    const error = await errorOf(wo.spawn("alpha", "task", { agent: "claude" }));
    expect(error.message).toMatch(
      /^Cannot spawn alpha: Claude Code refuses --dangerously-skip-permissions when run as root/,
    );
    expect(error.hint).toBe(
      "In a container or sandbox, export IS_SANDBOX=1 before wo spawn; otherwise run wo as a normal user",
    );
  });

  test("once the consent is recorded the worker starts, with the bypass warning pre-accepted", async () => {
    const { wo, repo, env } = await claudeWorld({
      ANTHROPIC_API_KEY: "sk-test-key-000000000000000000000001",
    });
    await writeFile(
      path.join(env.HOME as string, ".claude.json"),
      JSON.stringify({ hasCompletedOnboarding: false }),
    );
    await acceptClaudeConsent(
      { feature: "", worktree: repo.dir, repoRoot: repo.dir, stateDir: "", env },
      new Date(),
    );
    const a = await wo.addWorktree("alpha");
    await wo.spawn("alpha", "task", { agent: "claude" });
    const { argv } = await seen(a.path);
    // One --settings: wo's own file (with its hooks), the warning pre-accepted in it.
    expect(argv[0]).toBe("--settings");
    expect(argv[2]).toBe("--dangerously-skip-permissions");
    const settings = JSON.parse(await readFile(argv[1] as string, "utf8"));
    expect(settings.skipDangerousModePermissionPrompt).toBe(true);
  });
});
