import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { tempDir as makeTempDir, waitFor } from "@wo/test-utils";
import { afterEach, describe, expect, test } from "vitest";
import { WorktreeError } from "../src/errors.js";
import { runInWorktree } from "../src/run.js";

const made: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await makeTempDir();
  made.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("runInWorktree", () => {
  test("runs in the directory with stdin closed, stdout and stderr interleaved, the exit code kept", async () => {
    const dir = await tempDir();
    const command = 'pwd; echo two >&2; read x || echo "no stdin"; exit 3';
    const result = await runInWorktree(dir, ["sh", "-c", command]);
    expect(result).toMatchObject({ argv: ["sh", "-c", command], exitCode: 3, signal: null, timedOut: false });
    expect(result.startError).toBeNull();
    // Two pipes: lines of stdout and stderr arrive in the order they are read, which is not fixed between them.
    expect(result.output.split("\n").sort()).toEqual(["", dir, "no stdin", "two"].sort());
  });

  test("env adds variables and removes those set to undefined", async () => {
    const dir = await tempDir();
    process.env.WO_TEST_REMOVED = "present";
    try {
      const result = await runInWorktree(
        dir,
        ["sh", "-c", 'echo "$WO_FEATURE"; printenv WO_TEST_REMOVED || echo unset'],
        {
          env: { WO_FEATURE: "login", WO_TEST_REMOVED: undefined },
        },
      );
      expect(result.output).toBe("login\nunset\n");
    } finally {
      delete process.env.WO_TEST_REMOVED;
    }
  });

  test("a program that does not exist is a result with the reason, not a throw", async () => {
    const dir = await tempDir();
    const result = await runInWorktree(dir, ["wo-no-such-program-xyz"]);
    expect(result).toMatchObject({ exitCode: null, signal: null, timedOut: false });
    expect(result.startError).toContain("ENOENT");
  });

  test("on timeout the whole process group stops, grandchildren included", async () => {
    const dir = await tempDir();
    const pidFile = path.join(dir, "grandchild.pid");
    const started = Date.now();
    const result = await runInWorktree(
      dir,
      ["sh", "-c", `sleep 60 & echo $! > '${pidFile}'; echo started; wait`],
      {
        timeoutMs: 300,
      },
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result).toMatchObject({ exitCode: null, signal: "SIGTERM", timedOut: true, output: "started\n" });
    const grandchild = Number((await readFile(pidFile, "utf8")).trim());
    await waitFor(() => !isAlive(grandchild), { message: `sleep ${grandchild} still runs` });
  });

  test("a command that ignores SIGTERM is killed killAfterMs later", async () => {
    const dir = await tempDir();
    const result = await runInWorktree(dir, ["sh", "-c", "trap '' TERM; sleep 60 & wait; sleep 60"], {
      timeoutMs: 200,
      killAfterMs: 300,
    });
    expect(result).toMatchObject({ signal: "SIGKILL", timedOut: true });
  });

  test.each([
    [[], {}],
    [[""], {}],
    [["sh"], { timeoutMs: 0 }],
    [["sh"], { timeoutMs: 1.5 }],
    [["sh"], { timeoutMs: 3_000_000_000 }],
    [["sh"], { killAfterMs: -1 }],
  ] as const)("invalid input %j %j is E_INVALID_OPTION, nothing runs", async (argv, options) => {
    const dir = await tempDir();
    const error = await runInWorktree(dir, argv, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorktreeError);
    expect(error).toMatchObject({ code: "E_INVALID_OPTION" });
  });
});
