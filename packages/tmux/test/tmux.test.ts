import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  assertTmuxInstalled,
  fixtureAgentPath,
  tempDir,
  tuiAgentPath,
  useIsolatedTmux,
  waitFor,
} from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { TmuxError } from "../src/errors.js";
import { resolveTmuxServer, serverArgs, socketPath } from "../src/server.js";
import { escapeArgument, paneTarget, Tmux } from "../src/tmux.js";
import { parsePaneView } from "../src/view.js";

beforeAll(assertTmuxInstalled);
const isolatedTmux = useIsolatedTmux();

function controller(): Tmux {
  return new Tmux({ socket: isolatedTmux().socket, configFile: null });
}

async function readIfExists(file: string): Promise<string | undefined> {
  return existsSync(file) ? readFile(file, "utf8") : undefined;
}

const HOSTILE = `it's "quoted" $(touch pwned) \`touch pwned2\` ; rm -rf / ;\nsecond line\tend; ünïcödé 日本語 ;`;

describe("resolveTmuxServer", () => {
  test.each([
    { socket: undefined, env: {}, expected: [] },
    { socket: undefined, env: { WO_TMUX_SOCKET: "wo" }, expected: ["-L", "wo"] },
    { socket: "mine", env: { WO_TMUX_SOCKET: "wo" }, expected: ["-L", "mine"] },
    { socket: "/tmp/x/sock", env: {}, expected: ["-S", "/tmp/x/sock"] },
    { socket: "", env: { WO_TMUX_SOCKET: "" }, expected: [] },
  ])("socket $socket with env $env selects $expected", ({ socket, env, expected }) => {
    expect(serverArgs(resolveTmuxServer(socket, env))).toEqual(expected);
  });

  test("a socket name containing a newline is refused", () => {
    expect(() => resolveTmuxServer("a\nb", {})).toThrowErrorMatchingInlineSnapshot(
      `[TmuxError: Invalid tmux socket "a\\nb": it contains a control character]`,
    );
  });

  test("a named socket lives in TMUX_TMPDIR/tmux-<uid>/<name>", () => {
    const uid = process.getuid?.() ?? 0;
    expect(socketPath({ kind: "name", name: "wo" }, { TMUX_TMPDIR: "/run/x" })).toBe(`/run/x/tmux-${uid}/wo`);
  });
});

describe("parsePaneView", () => {
  test.each([
    ["", { rows: [], cursor: { x: 0, y: 0 } }],
    ["3 1\n", { rows: [], cursor: { x: 3, y: 1 } }],
    ["0 2\na  \n\nb\n", { rows: ["a", "", "b"], cursor: { x: 0, y: 2 } }],
    ["x y\nrow\n", { rows: ["row"], cursor: { x: 0, y: 0 } }],
  ])("%j is read as %j", (out, expected) => {
    expect(parsePaneView(out)).toEqual(expected);
  });
});

describe("escapeArgument", () => {
  test.each([
    ["plain", "plain"],
    ["", ""],
    [";", "\\;"],
    ["x;", "x\\;"],
    ["x;;", "x;\\;"],
    ["a;b", "a;b"],
    ["y\\;", "y\\\\;"],
  ])("%j is passed to tmux as %j", (input, expected) => {
    expect(escapeArgument(input)).toBe(expected);
  });
});

describe("Tmux", () => {
  test("a command longer than tmux accepts fails with a clear error", async () => {
    const tmux = controller();
    const error = await tmux
      .newSession({ name: "wt-long", cwd: "/", command: ["echo", "x".repeat(20_000)] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_TMUX_INVALID" });
    expect((error as TmuxError).message).toMatchInlineSnapshot(
      `"tmux new-session failed: the command is longer than tmux accepts (16 KB)"`,
    );
  });

  test("a missing tmux binary gives a clear error with an install hint", async () => {
    const tmux = new Tmux({ bin: "tmux-that-does-not-exist", socket: "wo-none" });
    const error = await tmux.listSessions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TmuxError);
    expect((error as TmuxError).code).toBe("E_TMUX_NOT_INSTALLED");
    expect((error as TmuxError).message).toMatchInlineSnapshot(
      `"tmux is not installed or not on PATH (tried "tmux-that-does-not-exist")"`,
    );
    expect((error as TmuxError).hint).toMatch(/Install tmux/);
  });

  test("listing sessions without a running server returns an empty list", async () => {
    expect(await controller().listSessions()).toEqual([]);
    expect(await controller().listPanes()).toEqual([]);
  });

  test("a new session runs its command as argv, never through a shell", async () => {
    const tmux = controller();
    const dir = await tempDir();
    const script = "require('fs').writeFileSync('arg.txt', process.argv[1]); setInterval(() => {}, 1e6)";
    await tmux.newSession({ name: "wt-argv", cwd: dir, command: [process.execPath, "-e", script, HOSTILE] });
    const written = await waitFor(() => readIfExists(path.join(dir, "arg.txt")));
    expect(written).toBe(HOSTILE);
    expect(existsSync(path.join(dir, "pwned"))).toBe(false);
    expect(existsSync(path.join(dir, "pwned2"))).toBe(false);
  });

  test("a new session gets the extra environment and the start directory", async () => {
    const tmux = controller();
    const dir = await tempDir();
    const script = "require('fs').writeFileSync('env.txt', process.env.WO_FEATURE + '|' + process.cwd())";
    await tmux.newSession({
      name: "wt-env",
      cwd: dir,
      command: [process.execPath, "-e", script],
      env: { WO_FEATURE: "a b;c" },
    });
    const written = await waitFor(() => readIfExists(path.join(dir, "env.txt")));
    expect(written).toBe(`a b;c|${dir}`);
  });

  test("a second session with the same name is refused", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({ name: "wt-dup", cwd: dir, command: ["sleep", "30"] });
    const error = await tmux
      .newSession({ name: "wt-dup", cwd: dir, command: ["sleep", "30"] })
      .catch((e) => e);
    expect(error).toMatchObject({ code: "E_TMUX_DUPLICATE_SESSION" });
    expect((error as TmuxError).argv).toContain("new-session");
  });

  test("an empty command is refused before tmux runs", async () => {
    const tmux = controller();
    await expect(tmux.newSession({ name: "x", cwd: "/", command: [] })).rejects.toMatchObject({
      code: "E_TMUX_INVALID",
    });
    expect(tmux.calls).toBe(0);
  });

  test("session lookups match names exactly, not by prefix", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({ name: "wt-login", cwd: dir, command: ["sleep", "30"] });
    expect(await tmux.hasSession("wt-login")).toBe(true);
    expect(await tmux.hasSession("wt-log")).toBe(false);
    expect(await tmux.killSession("wt-log")).toBe(false);
    expect(await tmux.hasSession("wt-login")).toBe(true);
  });

  test("all sessions are listed with one tmux call", async () => {
    const tmux = controller();
    const dir = await tempDir();
    for (const name of ["wt-a", "wt-b", "wt-c"])
      await tmux.newSession({ name, cwd: dir, command: ["sleep", "30"] });
    const before = tmux.calls;
    const sessions = await tmux.listSessions();
    expect(tmux.calls - before).toBe(1);
    expect(sessions.map((s) => s.name).sort()).toEqual(["wt-a", "wt-b", "wt-c"]);
    expect(sessions[0]?.created.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(sessions.every((s) => !s.attached && s.windows === 1)).toBe(true);
  });

  test("a session's owner is recorded at creation and listed with every pane and session", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({
      name: "wt-mine",
      cwd: dir,
      command: ["sleep", "30"],
      owner: { id: "repo-a-id", label: "/srv/a b/.git" },
    });
    await tmux.newSession({ name: "wt-plain", cwd: dir, command: ["sleep", "30"] });
    const owners = (await tmux.listPanes()).map((p) => [p.session, p.owner]).sort();
    expect(owners).toEqual([
      ["wt-mine", "repo-a-id"],
      ["wt-plain", ""],
    ]);
    expect((await tmux.listSessions()).map((s) => [s.name, s.owner]).sort()).toEqual(owners);
    const { panes } = await tmux.listPanesAndCapture(["wt-mine"], { lines: 1 });
    expect(panes.map((p) => [p.session, p.owner]).sort()).toEqual(owners);
    expect(await tmux.sessionOwnerLabel("wt-mine")).toBe("/srv/a b/.git");
    expect(await tmux.sessionOwnerLabel("wt-plain")).toBeNull();
    expect(await tmux.sessionOwnerLabel("wt-none")).toBeNull();
  });

  test("an owner is set in the same invocation, so even an agent that exits at once leaves it recorded", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({ name: "wt-quick", cwd: dir, command: ["true"], owner: { id: "quick" } });
    const pane = await waitFor(async () => (await tmux.listPanes()).find((p) => p.dead));
    expect(pane).toMatchObject({ session: "wt-quick", owner: "quick" });
  });

  test("a session id targets that very session, not a newer one that took its name", async () => {
    const tmux = controller();
    const dir = await tempDir();
    // A server that loses its last session exits, and a new one counts ids from $0 again: keep one alive.
    await tmux.newSession({ name: "keeper", cwd: dir, command: ["sleep", "30"] });
    await tmux.newSession({ name: "wt-id", cwd: dir, command: ["sleep", "30"] });
    const old = (await tmux.listPanes()).find((p) => p.session === "wt-id");
    expect(old?.sessionId).toMatch(/^\$\d+$/);
    await tmux.killSession("wt-id");
    await tmux.newSession({ name: "wt-id", cwd: dir, command: ["sleep", "30"] });
    expect(await tmux.killSession({ id: old?.sessionId ?? "" })).toBe(false);
    expect(await tmux.hasSession("wt-id")).toBe(true);
    const current = (await tmux.listPanes()).find((p) => p.session === "wt-id");
    expect(await tmux.killSession({ id: current?.sessionId ?? "" })).toBe(true);
    expect(await tmux.hasSession("wt-id")).toBe(false);
  });

  test("killing a session removes it and killing it again reports false", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({ name: "wt-kill", cwd: dir, command: ["sleep", "30"] });
    expect(await tmux.killSession("wt-kill")).toBe(true);
    expect(await tmux.hasSession("wt-kill")).toBe(false);
    expect(await tmux.killSession("wt-kill")).toBe(false);
  });

  test("a crashed command leaves a dead pane with its exit status and last output", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({
      name: "wt-crash",
      cwd: dir,
      command: [process.execPath, fixtureAgentPath, "crash"],
    });
    // tmux marks the pane dead on end of output and records the status when it reaps the process, a moment later.
    const pane = await waitFor(async () =>
      (await tmux.listPanes()).find((p) => p.session === "wt-crash" && p.dead && p.deadStatus !== null),
    );
    expect(pane.deadStatus).toBe(3);
    const last = await tmux.capturePane(paneTarget("wt-crash"), { lines: 2 });
    expect(last).toEqual(["agent: about to crash", "fatal: segmentation fault in fixture agent"]);
  });

  test("a pane killed by a signal reports 128 + the signal number", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({ name: "wt-killed", cwd: dir, command: ["sh", "-c", "kill -9 $$"] });
    const pane = await waitFor(async () =>
      (await tmux.listPanes()).find((p) => p.dead && p.deadStatus !== null),
    );
    expect(pane.deadStatus).toBe(137);
  });

  test("a live pane is reported alive with its process id", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({ name: "wt-alive", cwd: dir, command: ["sleep", "30"] });
    const [pane] = await tmux.listPanes();
    expect(pane).toMatchObject({ session: "wt-alive", dead: false, deadStatus: null });
    expect(pane?.pid).toBeGreaterThan(0);
  });

  test("a pane's activity time is when it last printed, and moves when it prints again", async () => {
    const tmux = controller();
    const dir = await tempDir();
    const before = Math.floor(Date.now() / 1000) * 1000;
    await tmux.newSession({
      name: "wt-talks",
      cwd: dir,
      command: ["sh", "-c", "echo one; sleep 2; echo two; sleep 30"],
    });
    const first = await waitFor(async () => (await tmux.listPanes())[0]?.activityAt);
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first % 1000).toBe(0);
    const later = await waitFor(async () => {
      const at = (await tmux.listPanes())[0]?.activityAt ?? 0;
      return at > first && at;
    });
    expect(later - first).toBeGreaterThanOrEqual(1000);
    const { panes } = await tmux.listPanesAndCapture(["wt-talks"]);
    expect(panes[0]?.activityAt).toBe(later);
  });

  test("text sent to a pane arrives byte for byte, trailing semicolons and all", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({
      name: "wt-echo",
      cwd: dir,
      command: [process.execPath, fixtureAgentPath, "echo"],
    });
    await waitFor(async () => (await tmux.capturePane(paneTarget("wt-echo"))).includes("ready"));
    await tmux.sendText(paneTarget("wt-echo"), HOSTILE);
    const input = path.join(dir, ".agent-input.txt");
    const received = await waitFor(async () => {
      const text = existsSync(input) ? await readFile(input, "utf8") : "";
      return text.includes("end;") && text;
    });
    // The terminal turns the embedded newline into a line break; every character arrives as typed.
    expect(received).toBe(`${HOSTILE}\n`);
    expect(existsSync(path.join(dir, "pwned"))).toBe(false);
    expect(await tmux.run(["list-buffers"])).toBe("");
  });

  test("a paste reaches a program that asked for bracketed paste as one paste; its newline submits nothing", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({ name: "wt-tui", cwd: dir, command: [process.execPath, tuiAgentPath, "submit"] });
    const target = paneTarget("wt-tui");
    await waitFor(async () => (await tmux.capturePane(target)).includes(">"));
    await tmux.pasteText(target, "first line\nsecond; line;");
    await waitFor(async () => (await tmux.capturePane(target)).includes("> first line⏎second; line;"));
    await tmux.sendKeys(target, ["Enter"]);
    const input = path.join(dir, ".agent-input.txt");
    const received = await waitFor(() => readIfExists(input));
    // The terminal turns the paste's newline into CR; inside the paste it is text, not Enter.
    expect(received).toBe(`${JSON.stringify("first line\rsecond; line;")}\n`);
    expect(await tmux.run(["list-buffers"])).toBe("");
  });

  test("paneView shows the visible rows and the cursor", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({
      name: "wt-view",
      cwd: dir,
      command: ["sh", "-c", "printf 'top\\nab  '; sleep 30"],
      width: 30,
      height: 5,
    });
    const view = await waitFor(async () => {
      const seen = await tmux.paneView(paneTarget("wt-view"));
      return seen.rows[1] === "ab" && seen;
    });
    expect(view).toEqual({ rows: ["top", "ab", "", "", ""], cursor: { x: 4, y: 1 } });
  });

  test("several panes are captured in one tmux call", async () => {
    const tmux = controller();
    const dir = await tempDir();
    for (const name of ["wt-one", "wt-two"]) {
      await tmux.newSession({ name, cwd: dir, command: ["sh", "-c", `echo hello from ${name}; sleep 30`] });
    }
    await waitFor(async () => (await tmux.capturePane(paneTarget("wt-two"))).length > 0);
    const before = tmux.calls;
    const captured = await tmux.capturePanes([paneTarget("wt-one"), paneTarget("wt-two")], { lines: 5 });
    expect(tmux.calls - before).toBe(1);
    expect(captured.get(paneTarget("wt-one"))).toEqual(["hello from wt-one"]);
    expect(captured.get(paneTarget("wt-two"))).toEqual(["hello from wt-two"]);
  });

  test("hundreds of panes are captured in a few calls that each stay under tmux's command limit", async () => {
    const tmux = controller();
    const dir = await tempDir();
    const names = Array.from({ length: 320 }, (_, i) => `wt-many-worker-number-${i}`);
    for (let i = 0; i < names.length; i += 40) {
      await tmux.run(
        names
          .slice(i, i + 40)
          .flatMap((name, j) => [
            ...(j > 0 ? [";"] : []),
            ...[
              "new-session",
              "-d",
              "-s",
              name,
              "-c",
              dir,
              "--",
              "sh",
              "-c",
              `echo I am ${name}; exec sleep 60`,
            ],
          ]),
      );
    }
    await waitFor(async () => (await tmux.capturePane(paneTarget(names.at(-1) as string))).length > 0);
    const before = tmux.calls;
    const captured = await tmux.capturePanes(names.map(paneTarget), { lines: 1 });
    expect(tmux.calls - before).toBeLessThanOrEqual(4);
    expect(names.every((name) => captured.get(paneTarget(name))?.[0] === `I am ${name}`)).toBe(true);
  });

  test("capturing a pane that has gone away yields no lines for it and still captures the others", async () => {
    const tmux = controller();
    const dir = await tempDir();
    await tmux.newSession({ name: "wt-here", cwd: dir, command: ["sh", "-c", "echo still here; sleep 30"] });
    await waitFor(async () => (await tmux.capturePane(paneTarget("wt-here"))).length > 0);
    const captured = await tmux.capturePanes([paneTarget("wt-gone"), paneTarget("wt-here")]);
    expect(captured.get(paneTarget("wt-gone"))).toEqual([]);
    expect(captured.get(paneTarget("wt-here"))).toEqual(["still here"]);
  });

  test("listPanesAndCapture lists every pane and captures the named sessions in one call, skipping gone ones", async () => {
    const tmux = controller();
    const dir = await tempDir();
    for (const name of ["wt-a", "wt-b"]) {
      await tmux.newSession({ name, cwd: dir, command: ["sh", "-c", `echo line of ${name}; sleep 30`] });
    }
    await tmux.newSession({ name: "wt-exited", cwd: dir, command: ["sh", "-c", "echo last words; exit 4"] });
    await waitFor(async () => (await tmux.listPanes()).some((pane) => pane.dead));
    await waitFor(async () => (await tmux.capturePane(paneTarget("wt-b"))).length > 0);
    const before = tmux.calls;
    const { panes, captures } = await tmux.listPanesAndCapture(
      ["wt-gone", "wt-a", "wt-b", "wt-exited", "wt-a"],
      {
        lines: 1,
      },
    );
    expect(tmux.calls - before).toBe(1);
    expect(panes).toEqual(await tmux.listPanes());
    expect(panes.find((pane) => pane.session === "wt-exited")).toMatchObject({ dead: true, deadStatus: 4 });
    expect(Object.fromEntries(captures)).toEqual({
      "wt-a": ["line of wt-a"],
      "wt-b": ["line of wt-b"],
      "wt-exited": ["last words"],
    });
  });

  test("listPanesAndCapture takes two calls for names a command file would read differently, with the same answer", async () => {
    const tmux = controller();
    const dir = await tempDir();
    const odd = "wt-ünï+x@y";
    await tmux.newSession({ name: odd, cwd: dir, command: ["sh", "-c", "echo odd one; sleep 30"] });
    await waitFor(async () => (await tmux.capturePane(paneTarget(odd))).length > 0);
    const before = tmux.calls;
    const { panes, captures } = await tmux.listPanesAndCapture([odd, "wt-none"], { lines: 1 });
    expect(tmux.calls - before).toBe(2);
    expect(panes.map((pane) => pane.session)).toEqual([odd]);
    expect(Object.fromEntries(captures)).toEqual({ [odd]: ["odd one"] });
  });

  test("listPanesAndCapture without a server is empty, and tmux missing is E_TMUX_NOT_INSTALLED", async () => {
    const tmux = controller();
    expect(await tmux.listPanesAndCapture(["wt-a"])).toEqual({ panes: [], captures: new Map() });
    const missing = new Tmux({ socket: isolatedTmux().socket, bin: "/nonexistent/tmux" });
    await expect(missing.listPanesAndCapture(["wt-a"])).rejects.toMatchObject({
      code: "E_TMUX_NOT_INSTALLED",
    });
  });

  test("attaching from inside a client of the same server switches instead of nesting", () => {
    const tmux = controller();
    const inside = tmux.attachArgv("wt-x", { TMUX: `${tmux.socketPath},123,0` });
    expect(inside.mode).toBe("switch");
    expect(inside.argv.slice(-3)).toEqual(["switch-client", "-t", "=wt-x"]);
    const outside = tmux.attachArgv("wt-x", { TMUX: "/tmp/tmux-0/default,1,0" });
    expect(outside.mode).toBe("attach");
    expect(outside.argv).toContain("-L");
  });
});
