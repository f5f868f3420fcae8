import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "@wo/test-utils";
import { execa } from "execa";
import { describe, expect, test } from "vitest";
import {
  PROTOCOL_FILES,
  parseWorkerStatus,
  readWorkerResult,
  readWorkerStatus,
  readWorktreeMeta,
  workerStatusTime,
  writeWorkerResult,
  writeWorkerStatus,
  writeWorktreeMeta,
} from "../src/protocol.js";

describe(".worktree.json", () => {
  test("an absent file reads as null", async () => {
    expect(await readWorktreeMeta(await tempDir())).toBeNull();
  });

  test("rewriting keeps keys wo does not know about, at the top level and in the worker block", async () => {
    const dir = await tempDir();
    await writeFile(
      path.join(dir, PROTOCOL_FILES.meta),
      JSON.stringify({
        feature: "login",
        custom: { keep: true },
        worker: { session: "wt-login", note: "mine" },
      }),
    );
    await writeWorktreeMeta(dir, { feature: "login", branch: "work/login", worker: { task: "new task" } });
    expect(await readWorktreeMeta(dir)).toEqual({
      feature: "login",
      branch: "work/login",
      custom: { keep: true },
      worker: { session: "wt-login", note: "mine", task: "new task" },
    });
  });

  test.each([
    ["{ not json", /is not JSON/],
    ["[1,2]", /it is not a JSON object/],
    ["null", /it is not a JSON object/],
    [`{"branch":"x"}`, /"feature" must be a string/],
    [`{"feature":"x","scope":"src/"}`, /"scope" must be an array of strings/],
    [`{"feature":"x","worker":[]}`, /"worker" must be an object/],
  ])("corrupt content %j is an error that names the file", async (content, reason) => {
    const dir = await tempDir();
    const file = path.join(dir, PROTOCOL_FILES.meta);
    await writeFile(file, content);
    const error = await readWorktreeMeta(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_META_CORRUPT", file });
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message.startsWith(`${file} is not valid worker metadata: `)).toBe(true);
  });

  test("writing over a corrupt file refuses instead of silently discarding it", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, PROTOCOL_FILES.meta), "{ broken");
    await expect(writeWorktreeMeta(dir, { feature: "x" })).rejects.toMatchObject({ code: "E_META_CORRUPT" });
    expect(await readFile(path.join(dir, PROTOCOL_FILES.meta), "utf8")).toBe("{ broken");
  });
});

describe(".worker-status", () => {
  test.each([
    ["running", "running"],
    ["done\n", "done"],
    ["  FAILED \r\n", "failed"],
    ["", null],
    ["\n", null],
  ])("%j parses as %j", (text, expected) => {
    expect(parseWorkerStatus(text)).toBe(expected);
  });

  test.each([
    ["finished", `.worker-status holds "finished"; expected running, done or failed`],
    [
      "\u0000\u0001\u0002binary",
      ".worker-status holds 9 bytes that are not a status; expected running, done or failed",
    ],
  ])("garbage %j is a clear error", (text, message) => {
    expect(() => parseWorkerStatus(text)).toThrow(message);
  });

  test("a status is written atomically and read back, leaving no temp file", async () => {
    const dir = await tempDir();
    expect(await readWorkerStatus(dir)).toBeNull();
    expect(await workerStatusTime(dir)).toBeNull();
    await writeWorkerStatus(dir, "running");
    await writeWorkerStatus(dir, "done");
    expect(await readWorkerStatus(dir)).toBe("done");
    expect(await workerStatusTime(dir)).toBeInstanceOf(Date);
    expect(await readdir(dir)).toEqual([PROTOCOL_FILES.status]);
  });

  test("a 1 MB garbage status file is refused after reading only its start", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, PROTOCOL_FILES.status), "x".repeat(1024 * 1024));
    await expect(readWorkerStatus(dir)).rejects.toMatchObject({ code: "E_STATUS_INVALID" });
  });

  test("a FIFO or directory in a protocol file's place is refused at once, never waited on", async () => {
    const dir = await tempDir();
    await execa("mkfifo", [path.join(dir, PROTOCOL_FILES.status)]);
    await execa("mkfifo", [path.join(dir, PROTOCOL_FILES.meta)]);
    // Nothing ever writes to these FIFOs: a blocking open would hang the test until its timeout.
    await expect(readWorkerStatus(dir)).rejects.toMatchObject({
      code: "E_FILE",
      message: expect.stringContaining("not a regular file"),
    });
    await expect(readWorktreeMeta(dir)).rejects.toMatchObject({ code: "E_FILE" });
    const other = await tempDir();
    await mkdir(path.join(other, PROTOCOL_FILES.status));
    await expect(readWorkerStatus(other)).rejects.toMatchObject({ code: "E_FILE" });
  });

  test("writing an unknown status is refused", async () => {
    // @ts-expect-error: testing the runtime guard
    await expect(writeWorkerStatus(await tempDir(), "maybe")).rejects.toMatchObject({
      code: "E_STATUS_INVALID",
    });
  });
});

describe(".worker-result.md", () => {
  test("a result is written with a final newline and read back", async () => {
    const dir = await tempDir();
    expect(await readWorkerResult(dir)).toBeNull();
    await writeWorkerResult(dir, "# Result\n\nünïcödé `$(x)`");
    expect(await readWorkerResult(dir)).toBe("# Result\n\nünïcödé `$(x)`\n");
  });

  test("writing into a missing directory is a clear error", async () => {
    await expect(writeWorkerResult("/nonexistent/dir", "x")).rejects.toMatchObject({ code: "E_FILE" });
  });
});
