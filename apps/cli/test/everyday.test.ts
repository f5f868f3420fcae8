import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fixtureAgentCmd, tempDir, waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { HELP_EXAMPLES } from "../src/help-examples.js";
import { BIN, useCliWorld } from "./run.js";

const world = useCliWorld();

/** A world with worker `auth` that made two commits (a checkpoint, then [COMPLETE]) on its branch. */
async function workerWithCommits() {
  const w = await world();
  expect((await w.runProcess(["worktree", "add", "auth"])).code).toBe(0);
  const cwd = path.join(w.repo.dir, "worktrees", "auth");
  await w.repo.commit("[CHECKPOINT] login form", { "src/login.ts": "export const login = 1;\n" }, { cwd });
  await w.repo.commit(
    "feat: [COMPLETE] rate limiting",
    { "src/limit.ts": "export const limit = 5;\n" },
    { cwd },
  );
  // The base moves on after the worker started: the diff is still against where the branch left it.
  await w.repo.commit("main moves on", { "CHANGELOG.md": "later\n" });
  return w;
}

/** A directory with executables, for PATH: `files` maps a name to a shell script body. */
async function binDir(files: Record<string, string>): Promise<string> {
  const dir = await tempDir("wo-bin-");
  for (const [name, body] of Object.entries(files)) {
    await writeFile(path.join(dir, name), `#!/bin/sh\n${body}\n`);
    await chmod(path.join(dir, name), 0o755);
  }
  return dir;
}

describe("wo diff", () => {
  test("--stat summarises the worker's change against its merge base, without the base's later commits", async () => {
    const w = await workerWithCommits();
    const result = await w.runProcess(["diff", "auth", "--stat"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("src/limit.ts | 1 +");
    expect(result.stdout).toContain("src/login.ts | 1 +");
    expect(result.stdout).toContain("2 files changed, 2 insertions(+)");
    expect(result.stdout).not.toContain("CHANGELOG");
  });

  test("prints git's patch, without colour when stdout is not a terminal", async () => {
    const w = await workerWithCommits();
    const result = await w.runProcess(["diff", "auth"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("+++ b/src/login.ts\n@@ -0,0 +1 @@\n+export const login = 1;");
    expect(result.stdout).not.toContain("\u001b[");
  });

  test("--json gives the branch, the base, the merge base, the files and the text", async () => {
    const w = await workerWithCommits();
    const mergeBase = await w.repo.git(["merge-base", "main", "work/auth"]);
    const result = await w.runProcess(["diff", "auth", "--json", "--stat"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      feature: "auth",
      branch: "work/auth",
      base: "main",
      mergeBase,
      files: ["src/limit.ts", "src/login.ts"],
    });
    expect(json.text).toContain("2 files changed");
  });

  test("in a terminal git colours the patch, and NO_COLOR turns it off", async () => {
    const w = await workerWithCommits();
    const env = { ...w.env, NO_COLOR: "", FORCE_COLOR: "" };
    const coloured = await w.run(["diff", "auth"], { tty: true, env });
    expect(coloured.stdout).toContain("\u001b[32m+\u001b[m\u001b[32mexport const login = 1;");
    const plain = await w.run(["diff", "auth"], { tty: true, env: { ...env, NO_COLOR: "1" } });
    expect(plain.stdout).toContain("\n+export const login = 1;");
    expect(plain.stdout).not.toContain("\u001b[");
  });

  test("an unknown worker is refused with exit 1 and a hint", async () => {
    const w = await world();
    const result = await w.runProcess(["diff", "nobody"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "error: No worker nobody: there is no worktree and no branch work/nobody
      hint: See the workers with wo status (or the branches with git branch --list 'work/*')"
    `);
  });

  test("an unknown --base is refused with a hint to name the right one", async () => {
    const w = await workerWithCommits();
    const result = await w.runProcess(["diff", "auth", "--base", "develop"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "error: Unknown base develop: no such branch or commit
      hint: Name the branch the worker started from with --base <branch>"
    `);
  });
});

describe("wo log", () => {
  test("prints one line per commit of the worker, newest first, with its status prefix", async () => {
    const w = await workerWithCommits();
    const result = await w.runProcess(["log", "auth"]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n").map((line) => line.replace(/^[0-9a-f]{7} /, "<sha> "));
    expect(lines).toEqual([
      "<sha> COMPLETE   feat: [COMPLETE] rate limiting",
      "<sha> CHECKPOINT [CHECKPOINT] login form",
    ]);
  });

  test("--json lists each commit with its parsed status", async () => {
    const w = await workerWithCommits();
    const result = await w.runProcess(["log", "auth", "--json"]);
    const json = JSON.parse(result.stdout);
    expect(json.commits.map((c: { subject: string; status: unknown }) => [c.subject, c.status])).toEqual([
      ["feat: [COMPLETE] rate limiting", { kind: "complete", message: "rate limiting" }],
      ["[CHECKPOINT] login form", { kind: "checkpoint", message: "login form" }],
    ]);
    expect(json.commits[0].sha).toBe(await w.repo.git(["rev-parse", "work/auth"]));
  });

  test("a worker without commits of its own says so on stderr and prints nothing", async () => {
    const w = await world();
    await w.runProcess(["worktree", "add", "fresh"]);
    const result = await w.runProcess(["log", "fresh"]);
    expect(result).toMatchObject({ code: 0, stdout: "" });
    expect(result.stderr).toBe("fresh has no commits of its own on work/fresh (since main)");
  });
});

describe("wo init", () => {
  test("writes wo.config.json with the agent found on PATH and the excludes, and checks the tools", async () => {
    const w = await world();
    const bin = await binDir({ codex: 'echo "codex-cli 1.2.3"' });
    const result = await w.runProcess(["init"], { env: { PATH: `${bin}:${process.env.PATH}` } });
    expect(result.code).toBe(0);
    const config = JSON.parse(await readFile(path.join(w.repo.dir, "wo.config.json"), "utf8"));
    expect(config).toMatchObject({ agent: "codex", worktreeRoot: "worktrees", branchPrefix: "work/" });
    expect(result.stdout).toMatch(/codex +codex-cli 1\.2\.3 +\//);
    expect(result.stdout).toMatch(/git +git version \d/);
    expect(result.stdout).toContain("agent                 the agent wo spawn starts: codex (found on PATH)");
    const exclude = await readFile(path.join(w.repo.dir, ".git", "info", "exclude"), "utf8");
    expect(exclude).toContain("/worktrees/\n");
    expect(exclude).toContain(".worker-status\n");
    // What it wrote is a configuration wo reads.
    expect((await w.runProcess(["status"])).code).toBe(0);
  });

  test("refuses to overwrite an existing wo.config.json without --force", async () => {
    const w = await world({ files: { "wo.config.json": '{ "agent": "aider" }\n' } });
    const result = await w.runProcess(["init"]);
    expect(result.code).toBe(1);
    expect(result.stderr.replace(w.repo.dir, "<repo>")).toMatchInlineSnapshot(`
      "error: wo.config.json already exists in <repo>; it was left as it is
      hint: Edit it (see docs/configuration.md), or replace it with wo init --force"
    `);
    expect(await readFile(path.join(w.repo.dir, "wo.config.json"), "utf8")).toBe('{ "agent": "aider" }\n');
  });

  test("--force replaces an existing (even broken) wo.config.json, with --agent as asked", async () => {
    const w = await world({ files: { "wo.config.json": "{ not json" } });
    const result = await w.runProcess(["init", "--force", "--agent", "gemini", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ replaced: true, agent: { name: "gemini" } });
    expect(JSON.parse(await readFile(path.join(w.repo.dir, "wo.config.json"), "utf8")).agent).toBe("gemini");
  });
});

describe("wo completion", () => {
  test("the bash script completes a command name", async () => {
    const w = await world();
    const bin = await binDir({ wo: `exec "${process.execPath}" "${BIN}" "$@"` });
    const script = (await w.runProcess(["completion", "bash"])).stdout;
    expect(script).toContain("complete -F __wo_complete wo");
    const result = spawnSync("bash", ["--norc", "-c", bashCompletion(script, ["wo", "st"])], {
      cwd: w.repo.dir,
      env: { ...w.env, PATH: `${bin}:${process.env.PATH}` },
      encoding: "utf8",
    });
    // (bash warns that compopt runs outside a real completion; the answer is what counts)
    expect(result.stdout.trim().split("\n")).toEqual(["status"]);
  });

  test("the bash script completes a feature name from the worker worktrees", async () => {
    const w = await world();
    await w.runProcess(["worktree", "add", "auth"]);
    await w.runProcess(["worktree", "add", "docs"]);
    const bin = await binDir({ wo: `exec "${process.execPath}" "${BIN}" "$@"` });
    const script = (await w.runProcess(["completion", "bash"])).stdout;
    const result = spawnSync("bash", ["--norc", "-c", bashCompletion(script, ["wo", "diff", ""])], {
      cwd: w.repo.dir,
      env: { ...w.env, PATH: `${bin}:${process.env.PATH}` },
      encoding: "utf8",
    });
    expect(result.stdout.trim().split("\n")).toEqual(["auth", "docs"]);
  });

  test("feature names complete from inside a worker's worktree too", async () => {
    const w = await world();
    await w.runProcess(["worktree", "add", "auth"]);
    const result = await w.runProcess(["complete", "--", "log", ""], {
      cwd: path.join(w.repo.dir, "worktrees", "auth"),
    });
    expect(result.stdout.split("\n")).toContain("auth\tworker");
  });

  test("completion requests list a command's options", async () => {
    const w = await world();
    const result = await w.runProcess(["complete", "--", "diff", "auth", "--s"]);
    expect(result.stdout.split("\n")).toContain(
      "--stat\tonly the summary: files changed, lines added and removed",
    );
  });

  test.each(["zsh", "fish"])("prints a %s script that calls wo back", async (shell) => {
    const w = await world();
    const result = await w.runProcess(["completion", shell]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("wo complete");
  });

  test("an unknown shell is a usage error", async () => {
    const w = await world();
    const result = await w.runProcess(["completion", "tcsh"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Allowed choices are bash, zsh, fish");
  });
});

/**
 * Bash that loads `script` and runs its completion function for `words` (the last one being completed), then prints
 * COMPREPLY one per line. bash-completion's `_get_comp_words_by_ref` is used when installed, else a minimal one.
 */
function bashCompletion(script: string, words: string[]): string {
  const quoted = words.map((word) => `'${word}'`).join(" ");
  const shim = existsSync("/usr/share/bash-completion/bash_completion")
    ? "source /usr/share/bash-completion/bash_completion"
    : `_get_comp_words_by_ref() { cur="\${COMP_WORDS[COMP_CWORD]}"; prev="\${COMP_WORDS[COMP_CWORD-1]}"; words=("\${COMP_WORDS[@]}"); cword=$COMP_CWORD; }`;
  return [
    shim,
    script,
    `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; COMP_LINE="${words.join(" ")}"; COMP_POINT=\${#COMP_LINE}`,
    "__wo_complete",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own expansion
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
}

describe("wo status --watch", () => {
  test("without a terminal prints a new table when a worker appears, and Ctrl-C exits 130", async () => {
    const w = await world();
    const child = spawn(process.execPath, [BIN, "status", "--watch"], {
      cwd: w.repo.dir,
      env: { ...w.env, NO_COLOR: "1" },
    });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      await waitFor(() => stdout.includes("No workers."), { timeout: 20_000 });
      expect((await w.runProcess(["worktree", "add", "late"])).code).toBe(0);
      await waitFor(() => /late +idle/.test(stdout), { timeout: 20_000 });
      // Piped, an unchanged table is not printed again (the one-second tick redraws only in a terminal).
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const tables = stdout.match(/WORKER/g)?.length;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(stdout.match(/WORKER/g)?.length).toBe(tables);
      expect(stdout).not.toContain("\u001b[");
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(130);
  }, 60_000);

  test("in a terminal redraws in place, so the screen holds one table however many refreshes", async () => {
    const w = await world();
    await w.runProcess(["worktree", "add", "auth"]);
    // A real terminal: a tmux pane on the test's own server runs the binary, and the screen is read back.
    const command = `cd '${w.repo.dir}' && NO_COLOR=1 WO_TMUX_SOCKET=${w.server.socket} '${process.execPath}' '${BIN}' status --watch; echo "EXIT=$?"; sleep 30`;
    await w.server.tmux(["new-session", "-d", "-s", "watch", "-x", "100", "-y", "20", command]);
    const screen = () => w.server.tmux(["capture-pane", "-p", "-S", "-100", "-t", "watch"]);
    await waitFor(async () => /auth +idle/.test(await screen()), { timeout: 20_000 });
    // Several one-second ticks later the table is still drawn once, at the top: nothing scrolled.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const shown = await screen();
    expect(shown.match(/WORKER/g)).toHaveLength(1);
    expect(shown.split("\n").findIndex((line) => line.startsWith("WORKER"))).toBe(0);
    expect(shown).toMatch(/\(watching; updated .*; Ctrl-C to stop\)/);
    await w.server.tmux(["send-keys", "-t", "watch", "C-c"]);
    await waitFor(async () => (await screen()).includes("EXIT=130"), { timeout: 20_000 });
  }, 60_000);

  test("--alert without --watch is a usage error", async () => {
    const w = await world();
    const result = await w.run(["status", "--alert"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatchInlineSnapshot(`
      "error: --alert works only with --watch
      hint: Run wo status --watch --alert
      "
    `);
  });
});

/** Starts the real binary with `args`; its stdout and stderr are collected, Ctrl-C is `stop()`. */
function startWo(args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { stdout: () => stdout, stderr: () => stderr, stop: () => child.kill("SIGINT"), exited };
}

describe("--alert on a watch", () => {
  test("wo status --watch --alert announces a worker that finishes after the watch started", async () => {
    const w = await world();
    await w.runProcess(["worktree", "add", "auth"]);
    const watch = startWo(["status", "--watch", "--alert"], w.repo.dir, w.env);
    try {
      await waitFor(() => /auth +idle/.test(watch.stdout()), { timeout: 20_000 });
      const spawned = await w.runProcess([
        "spawn",
        "auth",
        "task",
        "--agent-cmd",
        fixtureAgentCmd("complete"),
      ]);
      expect(spawned.code).toBe(0);
      await waitFor(() => watch.stderr().includes("wo: auth finished"), { timeout: 30_000 });
      expect(watch.stderr().match(/wo: auth finished/g)).toHaveLength(1);
    } finally {
      watch.stop();
    }
    expect(await watch.exited).toBe(130);
  }, 60_000);

  test("wo monitor --watch --alert announces a [BLOCKED] commit as waiting", async () => {
    const w = await world();
    await w.runProcess(["worktree", "add", "db"]);
    const watch = startWo(["monitor", "--watch", "--alert"], w.repo.dir, w.env);
    try {
      await waitFor(() => watch.stdout().includes("Worker Status Report"), { timeout: 20_000 });
      await w.repo.commit(
        "[BLOCKED:password] need the DB password",
        {},
        { cwd: path.join(w.repo.dir, "worktrees", "db") },
      );
      await waitFor(() => watch.stderr().includes("wo: db is waiting: BLOCKED password"), {
        timeout: 30_000,
      });
    } finally {
      watch.stop();
    }
    expect(await watch.exited).toBe(130);
  }, 60_000);
});

describe("--alert delivery", () => {
  test("a finished worker reaches notify-send as argv, and the terminal gets a bell and OSC 9/777", async () => {
    const log = path.join(await tempDir("wo-notify-"), "calls");
    const bin = await binDir({ "notify-send": `printf '%s|' "$@" >> "${log}"; echo >> "${log}"` });
    const { deliverAlerts } = await import("../src/alert-output.js");
    let written = "";
    await deliverAlerts([{ worker: "auth", kind: "finished", message: "auth finished; \u001b]0;x\u0007" }], {
      stdout: { write: (t: string) => (written += t), isTTY: true },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      cwd: process.cwd(),
    });
    expect(await readFile(log, "utf8")).toBe("--app-name=wo|wo: finished|auth finished ]0 x|\n");
    expect(written).toBe(
      "\u0007\u001b]9;wo: auth finished ]0 x\u0007\u001b]777;notify;wo;auth finished ]0 x\u0007",
    );
  });
});

test("with --json the terminal sequences stay out of stdout, which carries JSON only", async () => {
  const { deliverAlerts } = await import("../src/alert-output.js");
  let written = "";
  await deliverAlerts(
    [{ worker: "a", kind: "failed", message: "a failed" }],
    {
      stdout: { write: (t: string) => (written += t), isTTY: true },
      stderr: { write: () => true },
      stdin: process.stdin,
      env: { ...process.env, PATH: "/nonexistent" },
      cwd: process.cwd(),
    },
    { json: true },
  );
  expect(written).toBe("");
});

describe("--help examples", () => {
  test("every visible command's help ends with examples", async () => {
    const { wo } = await import("./run.js");
    const dir = await tempDir("wo-help-");
    await mkdir(dir, { recursive: true });
    const help = await wo(["--help"], { cwd: dir });
    const names = [...help.stdout.matchAll(/^ {2}([a-z][a-z-]*)/gm)]
      .map((m) => m[1] as string)
      .filter((n) => n !== "help");
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      expect(HELP_EXAMPLES[name], name).toBeDefined();
      const own = await wo([name, "--help"], { cwd: dir });
      expect(own.stdout, name).toContain(`Examples:\n  $ ${HELP_EXAMPLES[name]?.[0]}`);
    }
  });
});
