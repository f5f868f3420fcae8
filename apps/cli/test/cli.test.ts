import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createIsolatedTmux, fixtureAgentCmd, tempDir, tuiAgentCmd, waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { VERSION } from "../src/main.js";
import { BIN, useCliWorld } from "./run.js";

const world = useCliWorld();

const STATUS_KEYS = [
  "branch",
  "durationMs",
  "feature",
  "lastOutput",
  "session",
  "startedAt",
  "status",
  "task",
  "waitingFor",
  "worktree",
];
const ANSI = /\u001b\[/;

function setup() {
  return world({ env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
}

async function statusJson(run: Awaited<ReturnType<typeof setup>>["run"], feature?: string) {
  const result = await run(["status", ...(feature ? [feature] : []), "--json"]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Array<Record<string, unknown>>;
}

describe("wo basics", () => {
  test("--version prints the version", async () => {
    const { run } = await setup();
    expect(await run(["--version"])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: "" });
  });

  test("--help lists the lifecycle commands on stdout", async () => {
    const { run } = await setup();
    const result = await run(["--help"]);
    expect(result.code).toBe(0);
    for (const command of [
      "worktree",
      "spawn",
      "status",
      "collect",
      "kill",
      "list",
      "kill-all",
      "attach",
      "send",
      "report",
    ]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
    }
  });

  test("no arguments print usage to stderr with exit code 2", async () => {
    const { run } = await setup();
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^Usage: wo /);
  });

  test("an unknown command is a usage error with a hint", async () => {
    const { run } = await setup();
    expect(await run(["frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command 'frobnicate'\nhint: run wo --help for its usage\n",
    });
  });

  test("an unknown option or a missing argument of a command ends with a hint naming that command's help", async () => {
    const { run } = await setup();
    expect(await run(["integrate", "rel", "--frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown option '--frobnicate'\nhint: run wo integrate --help for its usage\n",
    });
    expect(await run(["worktree", "add"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: missing required argument 'feature'\nhint: run wo worktree add --help for its usage\n",
    });
  });

  test("outside a git repository the error says so in one line plus a hint", async () => {
    const { run } = await setup();
    const dir = await tempDir();
    const result = await run(["status"], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `error: Cannot use ${dir}: it is not inside a git repository\nhint: Run wo inside a git repository (or pass -C <repo>); create one with \`git init\`\n`,
    );
  });

  test("-C runs as if started in that directory", async () => {
    const { repo, run } = await setup();
    const elsewhere = await tempDir();
    expect((await run(["-C", repo.dir, "worktree", "add", "login"], { cwd: elsewhere })).code).toBe(0);
    const listed = await run(["-C", repo.dir, "worktree", "list", "--json"], { cwd: elsewhere });
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        feature: "login",
        path: path.join(repo.dir, "worktrees/login"),
        branch: "work/login",
        session: "wt-login",
      },
    ]);
  });
});

describe("worker lifecycle through the CLI", () => {
  test("add, spawn, status, collect, list, kill with the documented --json shapes", async () => {
    const { run, repo } = await setup();
    expect(await run(["worktree", "add", "login"])).toEqual({
      code: 0,
      stdout: "Created worktree worktrees/login on branch work/login\n",
      stderr: "",
    });
    const spawned = await run([
      "spawn",
      "login",
      "Implement",
      "the login API",
      "--agent-cmd",
      fixtureAgentCmd("complete-stay"),
    ]);
    expect(spawned.code).toBe(0);
    expect(spawned.stdout).toMatch(
      /^Spawned login \(node\) in tmux session wt-login, worktree worktrees\/login, WO_PORT=4100\n/,
    );

    // The agent writes "done" and then prints its last line: wait for both, or a status read between the two races.
    const [entry] = await waitFor(async () => {
      const entries = await statusJson(run);
      return entries[0]?.status === "done" && entries[0]?.lastOutput === "work complete" && entries;
    });
    expect(Object.keys(entry as object).sort()).toEqual(STATUS_KEYS);
    expect(entry).toMatchObject({
      feature: "login",
      status: "done",
      task: "Implement the login API",
      lastOutput: "work complete",
    });

    const table = await run(["status"]);
    expect(table.stdout).toMatch(
      /^WORKER {2}STATUS {2}DURATION {2}LAST OUTPUT\nlogin {3}done {4}\d+s +work complete\n$/,
    );

    const collected = await run(["collect", "--json"]);
    expect(JSON.parse(collected.stdout)).toEqual([
      { feature: "login", status: "done", result: "# Result\n\nDid: Implement the login API\n" },
    ]);
    expect((await run(["collect"])).stdout).toBe("== login done\n# Result\n\nDid: Implement the login API\n");

    expect(JSON.parse((await run(["list", "--json"])).stdout)).toHaveLength(1);
    expect(await run(["kill", "login"])).toEqual({
      code: 0,
      stdout: "Killed worker login (was done); its result stays in worktrees/login/.worker-result.md\n",
      stderr: "",
    });
    expect(JSON.parse((await run(["list", "--json"])).stdout)).toEqual([]);
    expect(existsSync(path.join(repo.dir, "worktrees/login/.worker-result.md"))).toBe(true);
  });

  test("every --json command prints exactly one JSON document and nothing on stderr", async () => {
    const { run } = await setup();
    await run(["worktree", "add", "one"]);
    await run(["spawn", "one", "t", "--agent-cmd", fixtureAgentCmd("hang")]);
    for (const args of [["status"], ["status", "one"], ["collect"], ["list"], ["worktree", "list"]]) {
      const result = await run([...args, "--json"]);
      expect(result.code, args.join(" ")).toBe(0);
      expect(result.stderr).toBe("");
      expect(() => JSON.parse(result.stdout)).not.toThrow();
    }
  });

  test("the task can come from stdin or a file", async () => {
    const { run, repo } = await setup();
    await run(["worktree", "add", "piped"]);
    await run(["worktree", "add", "filed"]);
    expect(
      (
        await run(["spawn", "piped", "-", "--agent-cmd", fixtureAgentCmd("hang")], {
          stdin: "task from\nstdin;",
        })
      ).code,
    ).toBe(0);
    await writeFile(path.join(repo.dir, "task.md"), "task from a file");
    expect(
      (await run(["spawn", "filed", "--task-file", "task.md", "--agent-cmd", fixtureAgentCmd("hang")])).code,
    ).toBe(0);
    const entries = await statusJson(run);
    expect(entries.map((e) => e.task)).toEqual(["task from a file", "task from\nstdin;"]);
  });

  test("a crashed agent is dead, shown with its last output", async () => {
    const { run } = await setup();
    await run(["worktree", "add", "crashy"]);
    await run(["spawn", "crashy", "boom", "--agent-cmd", fixtureAgentCmd("crash")]);
    const [entry] = await waitFor(async () => {
      const entries = await statusJson(run);
      return entries[0]?.status === "dead" && entries;
    });
    expect(entry?.lastOutput).toBe("fatal: segmentation fault in fixture agent");
  });

  test("send types text into the agent", async () => {
    const { run, repo } = await setup();
    await run(["worktree", "add", "talk"]);
    await run(["spawn", "talk", "listen", "--agent-cmd", fixtureAgentCmd("echo")]);
    await waitFor(async () => (await statusJson(run))[0]?.lastOutput === "ready");
    expect(await run(["send", "talk", "hello;", "$(whoami)"])).toEqual({
      code: 0,
      stdout: "Sent to talk\n",
      stderr: "",
    });
    expect((await run(["send", "--all", "everyone"])).stdout).toBe("Sent to talk\n");
    const input = path.join(repo.dir, "worktrees/talk/.agent-input.txt");
    await waitFor(async () => existsSync(input) && (await readFile(input, "utf8")).includes("everyone"));
    expect(await readFile(input, "utf8")).toBe("hello; $(whoami)\neveryone\n");
  });

  test("send --all submits to agents that take the text and names those that did not, exit 1", async () => {
    const { run, repo } = await setup();
    for (const [feature, mode] of [
      ["listens", "drop-early"],
      ["deaf", "ignore"],
    ] as const) {
      await run(["worktree", "add", feature]);
      await run(["spawn", feature, "listen", "--agent-cmd", tuiAgentCmd(mode)]);
    }
    await waitFor(async () => (await statusJson(run)).every((entry) => entry.lastOutput === ">"));
    const result = await run(["send", "--all", "--json", "pasted\u001b[201~ then submitted"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual({
      sent: ["listens"],
      failed: [
        {
          feature: "deaf",
          code: "E_NOT_SUBMITTED",
          error: expect.stringContaining("so Enter was not pressed"),
          hint: expect.stringContaining("wo attach deaf"),
        },
      ],
    });
    const input = path.join(repo.dir, "worktrees/listens/.agent-input.txt");
    expect(await readFile(input, "utf8")).toBe(`${JSON.stringify("pasted then submitted")}\n`);
    const human = await run(["send", "deaf", "still there?"]);
    expect(human.code).toBe(1);
    expect(human.stdout).toBe("");
    expect(human.stderr).toMatch(
      /^error: The text was pasted into deaf's agent, .*\nhint: Look with wo attach deaf/,
    );
  }, 60_000);

  test("report done inside a worktree writes the result and the status", async () => {
    const { run, repo } = await setup();
    await run(["worktree", "add", "rep"]);
    const dir = path.join(repo.dir, "worktrees/rep");
    expect((await run(["report", "done", "--message", "all good"], { cwd: dir })).code).toBe(0);
    expect(await readFile(path.join(dir, ".worker-result.md"), "utf8")).toBe("all good\n");
    expect((await statusJson(run))[0]?.status).toBe("done");
    expect((await run(["report", "finished"], { cwd: dir })).code).toBe(2);
  });

  test("colour only on a TTY, and never with NO_COLOR", async () => {
    const { run } = await setup();
    await run(["worktree", "add", "c"]);
    await run(["spawn", "c", "t", "--agent-cmd", fixtureAgentCmd("hang")]);
    expect((await run(["status"])).stdout).not.toMatch(ANSI);
    expect((await run(["status"], { tty: true })).stdout).toMatch(ANSI);
    expect((await run(["status"], { tty: true, env: { NO_COLOR: "1" } })).stdout).not.toMatch(ANSI);
    expect((await run(["status", "--no-color"], { tty: true })).stdout).not.toMatch(ANSI);
  });

  test("escape sequences in agent output never reach the terminal", async () => {
    const { run, repo } = await setup();
    await run(["worktree", "add", "esc"]);
    await writeFile(
      path.join(repo.dir, "worktrees/esc/.worker-result.md"),
      "evil \u001b]0;pwned\u0007 \u001b[2J text\n",
    );
    await writeFile(path.join(repo.dir, "worktrees/esc/.worker-status"), "done\n");
    const result = await run(["collect"]);
    expect(result.stdout).toBe("== esc done\nevil   text\n");
  });

  test("report --file .worker-result.md refuses a link there and reads nothing through it", async () => {
    const { run, repo } = await setup();
    await run(["worktree", "add", "rep"]);
    const outside = path.join(await tempDir(), "secret");
    await writeFile(outside, "secret\n");
    const { symlink } = await import("node:fs/promises");
    await symlink(outside, path.join(repo.dir, "worktrees/rep/.worker-result.md"));
    const result = await run(["report", "done", "--file", ".worker-result.md"], {
      cwd: path.join(repo.dir, "worktrees/rep"),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "Cannot read .worker-result.md: it is a symbolic link, and wo never reads a result through one",
    );
    expect(existsSync(path.join(repo.dir, "worktrees/rep/.worker-status"))).toBe(false);
  });

  test("collect prints an unreadable result as one line naming the file and goes on with the others", async () => {
    const { run, repo } = await setup();
    await run(["worktree", "add", "bad"]);
    await run(["worktree", "add", "good"]);
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(repo.dir, "worktrees/bad/.worker-result.md"));
    await writeFile(path.join(repo.dir, "worktrees/good/.worker-result.md"), "fine\n");
    for (const name of ["bad", "good"])
      await writeFile(path.join(repo.dir, `worktrees/${name}/.worker-status`), "done\n");
    const file = path.join(repo.dir, "worktrees/bad/.worker-result.md");
    expect(await run(["collect"])).toEqual({
      code: 0,
      stdout: `== bad done\n! Cannot read ${file}: it is a directory, not a regular file\n\n== good done\nfine\n`,
      stderr: "",
    });
  });
});

describe("the safety table through the CLI", () => {
  test("spawn without a worktree is refused with a hint", async () => {
    const { run } = await setup();
    expect(await run(["spawn", "ghost", "task", "--agent-cmd", fixtureAgentCmd("hang")])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: Cannot spawn ghost: it has no worktree\nhint: Create it first: wo worktree add ghost\n",
    });
  });

  test("spawn while running is refused", async () => {
    const { run } = await setup();
    await run(["worktree", "add", "busy"]);
    await run(["spawn", "busy", "task", "--agent-cmd", fixtureAgentCmd("hang")]);
    const again = await run(["spawn", "busy", "task", "--agent-cmd", fixtureAgentCmd("hang")]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatchInlineSnapshot(`
      "error: Worker busy is already running (tmux session wt-busy)
      hint: Stop it first (wo kill busy), or talk to it: wo send busy "<text>"
      "
    `);
  });

  test("kill of a running worker warns and kills nothing; repeating it kills; --force kills at once", async () => {
    const { run } = await setup();
    await run(["worktree", "add", "a"]);
    await run(["worktree", "add", "b"]);
    await run(["spawn", "a", "task", "--agent-cmd", fixtureAgentCmd("hang")]);
    await run(["spawn", "b", "task", "--agent-cmd", fixtureAgentCmd("hang")]);
    const warned = await run(["kill", "a"]);
    expect(warned).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "warning: Worker a is still running; nothing was killed\nhint: Run the same command again to kill it anyway, or pass --force\n",
    });
    expect((await statusJson(run, "a"))[0]?.status).toBe("running");
    expect((await run(["kill", "a"])).code).toBe(0);
    expect((await run(["kill", "b", "--force"])).code).toBe(0);
    expect((await statusJson(run)).map((e) => e.status)).toEqual(["idle", "idle"]);
  });

  test("kill-all with a running worker is refused unless --force", async () => {
    const { run } = await setup();
    await run(["worktree", "add", "r"]);
    await run(["spawn", "r", "task", "--agent-cmd", fixtureAgentCmd("hang")]);
    const refused = await run(["kill-all"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^warning: 1 worker\(s\) still running \(r\); nothing was killed\nhint: Pass --force/,
    );
    expect((await statusJson(run))[0]?.status).toBe("running");
    expect(await run(["kill-all", "--force"])).toEqual({
      code: 0,
      stdout: "Killed 1 worker(s): r; results are kept\n",
      stderr: "",
    });
  });

  test.each([["../x"], ["a.b"], ["a:b"], [""], ["x".repeat(100)]])(
    "bad feature name %j is refused with exit code 2",
    async (name) => {
      const { run } = await setup();
      const result = await run(["worktree", "add", name]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /^error: Invalid feature name ".*": it .*\nhint: Use 1–63 lowercase letters/,
      );
    },
  );

  test("an agent that is not installed is named, with alternatives", async () => {
    const { run } = await setup();
    await run(["worktree", "add", "x"]);
    const result = await run(["spawn", "x", "task", "--agent", "codex"], { env: { PATH: "/usr/bin:/bin" } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: Cannot spawn x: the agent program "codex" is not installed or not on PATH\nhint: /,
    );
  });
});

describe("the real binary", () => {
  test("runs as a process: exit codes, one-line errors, no stack traces", async () => {
    const { runProcess } = await world();
    expect(await runProcess(["--version"])).toMatchObject({ code: 0, stdout: VERSION });
    const refused = await runProcess(["spawn", "nope", "x"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split("\n")).toHaveLength(2);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect((await runProcess(["status", "--bogus-flag"])).code).toBe(2);
    const listed = await runProcess(["status", "--json"]);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });

  test("the bundled binary runs the whole lifecycle", async () => {
    const { runProcess: run } = await world();
    expect((await run(["worktree", "add", "real"])).code).toBe(0);
    expect(
      (await run(["spawn", "real", "task; with $(x)", "--agent-cmd", fixtureAgentCmd("complete")])).code,
    ).toBe(0);
    await waitFor(async () => JSON.parse((await run(["status", "--json"])).stdout)[0]?.status === "done");
    expect(JSON.parse((await run(["collect", "--json"])).stdout)).toEqual([
      { feature: "real", status: "done", result: "# Result\n\nDid: task; with $(x)\n" },
    ]);
    expect((await run(["kill-all"])).code).toBe(0);
  });

  test("attach puts a terminal on the worker's session, even from inside another tmux", async () => {
    const { repo, server, run } = await world();
    await run(["worktree", "add", "att"]);
    await run(["spawn", "att", "t", "--agent-cmd", fixtureAgentCmd("hang")]);
    // A second, unrelated tmux server plays the user's terminal: its pane is a real TTY.
    const outer = createIsolatedTmux();
    try {
      await outer.tmux([
        "new-session",
        "-d",
        "-s",
        "user",
        "-x",
        "120",
        "-y",
        "40",
        "-e",
        `WO_TMUX_SOCKET=${server.socket}`,
        "--",
        process.execPath,
        BIN,
        "-C",
        repo.dir,
        "attach",
        "att",
      ]);
      await waitFor(async () =>
        (await server.tmux(["list-sessions", "-F", "#{session_name} #{session_attached}"])).includes(
          "wt-att 1",
        ),
      );
    } finally {
      await outer.cleanup();
    }
  });
});
