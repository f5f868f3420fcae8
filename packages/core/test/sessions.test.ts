import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  assertTmuxInstalled,
  createGitRepo,
  createIsolatedTmux,
  fixtureAgentCmd,
  type IsolatedTmux,
  waitFor,
} from "@wo/test-utils";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { Orchestrator, type OrchestratorOptions, type WoError } from "../src/index.js";

beforeAll(assertTmuxInstalled);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const echo = { agentCmd: fixtureAgentCmd("echo") };

/**
 * Two repositories on ONE isolated tmux server, both with worktrees `login` and `usersession`: repository A runs
 * `login` (session wt-login, an agent that records what is typed into it); the user made a plain
 * `tmux new -s wt-usersession`. Repository B has started nothing.
 */
async function neighbours() {
  const server = createIsolatedTmux();
  const repoA = await createGitRepo();
  const repoB = await createGitRepo();
  cleanups.push(server.cleanup, repoA.cleanup, repoB.cleanup);
  const env = { ...process.env, ...server.env };
  const open = (cwd: string, options: OrchestratorOptions = {}) =>
    Orchestrator.open({ cwd, env, ...options });
  const a = await open(repoA.dir);
  const b = await open(repoB.dir);
  for (const wo of [a, b]) {
    await wo.addWorktree("login");
    await wo.addWorktree("usersession");
  }
  await a.spawn("login", "Implement the login API", echo);
  await server.tmux(["new-session", "-d", "-s", "wt-usersession", "--", "sleep", "300"]);
  await waitFor(async () => (await a.status("login"))[0]?.lastOutput === "ready");
  return { server, a, b, open, env };
}

async function sessionNames(server: IsolatedTmux): Promise<string[]> {
  return (await server.tmux(["list-sessions", "-F", "#{session_name}"])).split("\n").sort();
}

async function errorOf(promise: Promise<unknown>): Promise<WoError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: WoError) => error,
  );
}

describe("workers belong to one repository", () => {
  test("status and list show none of another repository's sessions or the user's own wt-* session", async () => {
    const { a, b } = await neighbours();
    const statusOfB = await b.status();
    expect(statusOfB.map((w) => [w.feature, w.status, w.lastOutput])).toEqual([
      ["login", "idle", ""],
      ["usersession", "idle", ""],
    ]);
    expect(await b.list()).toEqual([]);
    expect((await a.list()).map((w) => [w.feature, w.status])).toEqual([["login", "running"]]);
    expect((await a.status("usersession"))[0]?.status).toBe("idle");
  });

  test("wo run from a linked worktree sees its repository's workers as its own", async () => {
    const { a, open } = await neighbours();
    const fromWorktree = await open(a.worktreePath("login"));
    expect((await fromWorktree.list()).map((w) => w.feature)).toEqual(["login"]);
  });

  test("kill --force and kill-all --force leave another repository's and the user's sessions running", async () => {
    const { server, a, b } = await neighbours();
    expect(await b.kill("login", { force: true })).toMatchObject({ killed: false });
    expect(await b.kill("usersession", { force: true })).toMatchObject({ killed: false });
    expect(await a.kill("usersession", { force: true })).toMatchObject({ killed: false });
    // kill-all lists every worker of b; none of them had a session of b's to kill.
    expect((await b.killAll({ force: true })).filter((r) => r.killed)).toEqual([]);
    expect(await sessionNames(server)).toEqual(["wt-login", "wt-usersession"]);
    expect((await a.status("login"))[0]?.status).toBe("running");
  });

  test("kill-all --force in the owning repository kills its own workers and not the user's session", async () => {
    const { server, a } = await neighbours();
    // Every worker is listed (kill-all --json); the user's session of the same name as a's worker is not killed.
    expect((await a.killAll({ force: true })).map((r) => [r.feature, r.killed])).toEqual([
      ["login", true],
      ["usersession", false],
    ]);
    expect(await sessionNames(server)).toEqual(["wt-usersession"]);
  });

  test("cleanup --force kills none of another repository's or the user's sessions", async () => {
    const { server, a, b } = await neighbours();
    expect((await b.cleanup({ force: true })).sessions).toEqual([]);
    expect((await a.cleanup({ only: ["usersession"], force: true })).sessions).toEqual([]);
    expect(await sessionNames(server)).toEqual(["wt-login", "wt-usersession"]);
  });

  test("send types into this repository's worker only, never into a same-named session", async () => {
    const { a, b } = await neighbours();
    const refused = await errorOf(b.send("login", "from b"));
    expect(refused.code).toBe("E_NO_WORKER");
    expect(refused.message).toMatchInlineSnapshot(`"Worker login is not running; nothing was sent"`);
    expect(await b.send({ all: true }, "to all of b")).toEqual({ sent: [], failed: [] });
    expect(await a.send({ all: true }, "to all of a")).toEqual({ sent: ["login"], failed: [] });
    const input = path.join(a.worktreePath("login"), ".agent-input.txt");
    await waitFor(async () => (await readFile(input, "utf8").catch(() => "")).includes("to all of a"));
    expect(await readFile(input, "utf8")).toBe("to all of a\n");
  });

  test("attach refuses a same-named session that is not this repository's worker", async () => {
    const { server, a, b } = await neighbours();
    for (const [wo, feature] of [
      [b, "login"],
      [a, "usersession"],
    ] as const) {
      const error = await errorOf(wo.attachCommand(feature));
      expect(error.code).toBe("E_NO_WORKER");
    }
    const { argv } = await a.attachCommand("login");
    const id = (await server.tmux(["display-message", "-p", "-t", "=wt-login:", "#{session_id}"])).trim();
    expect(argv.slice(-3)).toEqual(["attach-session", "-t", id]);
  });

  test("spawn over another repository's session of the same name is refused, naming that repository", async () => {
    const { server, a, b } = await neighbours();
    const error = await errorOf(b.spawn("login", "Another login", echo));
    expect(error.code).toBe("E_SESSION_TAKEN");
    expect(error.message.replace(a.repo.root, "<repo A>")).toMatchInlineSnapshot(
      `"Cannot spawn login: tmux session wt-login belongs to another repository (<repo A>)"`,
    );
    expect(error.hint?.replace(server.socket, "<socket>")).toMatchInlineSnapshot(
      `"Rename or end that session (tmux -L <socket> rename-session -t =wt-login wt-login-old), or give this repository its own session names or tmux server: set sessionPrefix or tmux.socket in wo.config.json"`,
    );
    expect((await a.status("login"))[0]?.status).toBe("running");
  });

  test("spawn over the user's own wt-* session is refused and leaves it running", async () => {
    const { server, a } = await neighbours();
    const error = await errorOf(a.spawn("usersession", "Take over", echo));
    expect(error.code).toBe("E_SESSION_TAKEN");
    expect(error.message).toMatchInlineSnapshot(
      `"Cannot spawn usersession: tmux session wt-usersession was not started by wo for this repository (a session of your own, or one an older wo started)"`,
    );
    expect(await sessionNames(server)).toEqual(["wt-login", "wt-usersession"]);
  });

  test("resume does not kill or take over another repository's session of the same name", async () => {
    const { server, a, b } = await neighbours();
    const error = await errorOf(b.resume("login", { ...echo, force: true }));
    expect(error.code).toBe("E_SESSION_TAKEN");
    expect(await sessionNames(server)).toEqual(["wt-login", "wt-usersession"]);
    expect((await a.status("login"))[0]?.lastOutput).toBe("ready");
  });

  test("with its own session prefix, a second repository runs the same feature on the same server, each seeing its own", async () => {
    const { server, a, b, open } = await neighbours();
    const b2 = await open(b.repo.root, { config: { sessionPrefix: "wb-" } });
    await b2.spawn("login", "Another login", echo);
    expect((await b2.list()).map((w) => [w.feature, w.session])).toEqual([["login", "wb-login"]]);
    expect((await a.list()).map((w) => [w.feature, w.session])).toEqual([["login", "wt-login"]]);
    expect(await b2.kill("login", { force: true })).toMatchObject({ killed: true });
    expect(await sessionNames(server)).toEqual(["wt-login", "wt-usersession"]);
  });
});
