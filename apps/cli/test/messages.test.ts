import path from "node:path";
import { createIsolatedTmux, fixtureAgentCmd, waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { BIN, useCliWorld } from "./run.js";

const world = useCliWorld();

/** A world with worker `auth` whose agent hangs in its tmux session. */
async function spawned() {
  const w = await world();
  expect((await w.run(["worktree", "add", "auth"])).code).toBe(0);
  expect((await w.run(["spawn", "auth", "task", "--agent-cmd", fixtureAgentCmd("hang")])).code).toBe(0);
  return w;
}

describe("messages and exit codes", () => {
  test("wo checkpoint with nothing staged is a refusal (exit 1) with a hint", async () => {
    const w = await world();
    expect((await w.run(["worktree", "add", "auth"])).code).toBe(0);
    const result = await w.runProcess(["checkpoint", "half way"], {
      cwd: path.join(w.repo.dir, "worktrees", "auth"),
    });
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "error: Nothing to commit: no changes are staged\nhint: Stage your work with git add, or pass --all to commit every tracked change",
    });
  });

  test("wo attach without a terminal fails in one line with a hint instead of tmux's own error", async () => {
    const w = await spawned();
    const result = await w.runProcess(["attach", "auth"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      "error: Cannot attach to auth: this is not a terminal\nhint: Run wo attach auth in a terminal; from a script, read the worker with wo status auth or wo collect auth",
    );
  });

  test("wo attach in a terminal says how to detach, with the server's prefix key", async () => {
    const w = await spawned();
    await w.server.tmux(["set-option", "-g", "prefix", "C-a"]);
    // The user's terminal: a pane of a second isolated server runs the real binary.
    const terminal = createIsolatedTmux();
    try {
      const command = `cd '${w.repo.dir}' && WO_TMUX_SOCKET=${w.server.socket} '${process.execPath}' '${BIN}' attach auth; echo "EXIT=$?"; sleep 30`;
      await terminal.tmux(["new-session", "-d", "-s", "user", "-x", "120", "-y", "30", command]);
      await waitFor(async () => (await w.server.tmux(["list-clients"])).trim() !== "", { timeout: 20_000 });
      // Detached as the user would be; the command then ends and the screen shows what wo printed before.
      for (const tty of (await w.server.tmux(["list-clients", "-F", "#{client_tty}"])).split("\n"))
        await w.server.tmux(["detach-client", "-t", tty]);
      const screen = () => terminal.tmux(["capture-pane", "-p", "-J", "-S", "-100", "-t", "user"]);
      await waitFor(async () => (await screen()).includes("EXIT="), { timeout: 20_000 });
      expect(await screen()).toContain(
        "Attaching to auth. Detach with Ctrl-a then d: the worker keeps running (wo status shows it).",
      );
    } finally {
      await terminal.cleanup();
    }
  }, 60_000);

  test.each([
    [["plan", "review.md", "--workers", "0"]],
    [["integrate", "rel", "--skip", ","]],
    [["integrate", "rel", "--dry-run", "--markdown"]],
    [["spawn", "a", "task", "--agent", "claude", "--agent-cmd", "x {prompt}"]],
    [["report", "done", "-m", "x", "-F", "y"]],
    [["checkpoint", "--complete", "--needs", "a/b"]],
    [["resume", "a", "--all"]],
    [["frobnicate"]],
  ])("the usage error of wo %j is one error line and one hint line, exit 2", async (args) => {
    const w = await world();
    const result = await w.run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: [^\n]+\nhint: [^\n]+\n$/);
  });

  test("wo kill names the result file only when the worker wrote one", async () => {
    const w = await spawned();
    const result = await w.run(["kill", "auth", "--force"]);
    expect(result.stdout).toBe("Killed worker auth (was running)\n");
  });

  test("wo kill-all --json lists every worker, the same with or without sessions", async () => {
    const w = await world();
    expect((await w.run(["worktree", "add", "a"])).code).toBe(0);
    expect((await w.run(["worktree", "add", "b"])).code).toBe(0);
    const none = await w.run(["kill-all", "--json"]);
    expect(JSON.parse(none.stdout)).toEqual([
      { feature: "a", killed: false, previous: "idle", resultFile: null },
      { feature: "b", killed: false, previous: "idle", resultFile: null },
    ]);
  });
});
