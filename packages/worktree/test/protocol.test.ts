import { lstat, mkdir, readdir, readFile, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "@wo/test-utils";
import { execa } from "execa";
import { describe, expect, test } from "vitest";
import {
  META_MAX_BYTES,
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
import { archiveWorkerResult } from "../src/results.js";

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

  test("a file over 1 MiB is refused from its size, without being read", async () => {
    const dir = await tempDir();
    const file = path.join(dir, PROTOCOL_FILES.meta);
    await writeFile(file, "");
    await truncate(file, 600 * 1024 * 1024);
    await expect(readWorktreeMeta(dir)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[WorktreeError: Cannot read ${file}: it is 600 MiB, over the 1 MiB wo reads]`,
    );
  });

  test("a write that would pass 1 MiB is refused and leaves the file as it was", async () => {
    const dir = await tempDir();
    await writeWorktreeMeta(dir, { feature: "big" });
    const error = await writeWorktreeMeta(dir, {
      feature: "big",
      worker: { task: "x".repeat(META_MAX_BYTES) },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_TOO_LARGE" });
    expect((error as Error).message).toMatch(/over the 1 MiB limit of \.worktree\.json$/);
    expect(await readWorktreeMeta(dir)).toEqual({ feature: "big" });
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

  test("a result of any size comes back whole, however many reads it takes", async () => {
    const dir = await tempDir();
    // Around the first read's size (the file's own, at least 1 KiB) and the 64 KiB of later ones; multi-byte
    // characters land across read boundaries.
    for (const size of [1, 1022, 1023, 1024, 1025, 65_535, 65_536, 65_537, 300_001]) {
      const text = `${"ü".repeat(Math.floor(size / 2))}${"x".repeat(size % 2)}`;
      await writeFile(path.join(dir, PROTOCOL_FILES.result), text);
      expect(await readWorkerResult(dir)).toBe(text);
    }
  });

  test("writing into a missing directory is a clear error", async () => {
    await expect(writeWorkerResult("/nonexistent/dir", "x")).rejects.toMatchObject({ code: "E_FILE" });
  });
});

/** A git repository in a temporary directory, and a file outside it that links will point to. */
async function repoWithOutsideFile(): Promise<{ dir: string; outside: string }> {
  const dir = await tempDir();
  await execa("git", ["init", "-q", dir]);
  const outside = path.join(await tempDir(), "somefile");
  await writeFile(outside, "precious\n");
  return { dir, outside };
}

async function commitLink(dir: string, name: string, target: string): Promise<void> {
  await symlink(target, path.join(dir, name));
  await execa("git", ["add", name], { cwd: dir });
}

describe("links in a protocol file's place", () => {
  const writers = [
    ["status", PROTOCOL_FILES.status, (dir: string) => writeWorkerStatus(dir, "running")],
    ["meta", PROTOCOL_FILES.meta, (dir: string) => writeWorktreeMeta(dir, { feature: "x" }).then(() => {})],
    ["result", PROTOCOL_FILES.result, (dir: string) => writeWorkerResult(dir, "result")],
  ] as const;

  test.each(writers)(
    "an untracked %s link is replaced by a regular file; its target is unchanged",
    async (_, name, write) => {
      const { dir, outside } = await repoWithOutsideFile();
      await symlink(outside, path.join(dir, name));
      await write(dir);
      expect(await readFile(outside, "utf8")).toBe("precious\n");
      expect((await lstat(path.join(dir, name))).isFile()).toBe(true);
    },
  );

  test.each(writers)(
    "a committed %s link is refused with one line naming the file",
    async (_, name, write) => {
      const { dir, outside } = await repoWithOutsideFile();
      await commitLink(dir, name, outside);
      const file = path.join(dir, name);
      await expect(write(dir)).rejects.toThrow(
        `Cannot write ${file}: it is a symbolic link committed to the repository, and wo never writes through one`,
      );
      expect(await readFile(outside, "utf8")).toBe("precious\n");
      expect((await lstat(file)).isSymbolicLink()).toBe(true);
    },
  );

  test.each([
    [PROTOCOL_FILES.status, readWorkerStatus],
    [PROTOCOL_FILES.meta, readWorktreeMeta],
    [PROTOCOL_FILES.result, readWorkerResult],
  ] as const)("%s is never read through a link", async (name, read) => {
    const { dir, outside } = await repoWithOutsideFile();
    await writeFile(outside, name === PROTOCOL_FILES.meta ? `{"feature":"outside"}` : "done\n");
    await symlink(outside, path.join(dir, name));
    const error = await read(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_FILE_LINK", file: path.join(dir, name) });
    expect((error as Error).message).toBe(
      `Cannot read ${path.join(dir, name)}: it is a symbolic link, and wo never reads through one`,
    );
  });

  test("the time of a status link is unknown rather than its target's", async () => {
    const { dir, outside } = await repoWithOutsideFile();
    await symlink(outside, path.join(dir, PROTOCOL_FILES.status));
    expect(await workerStatusTime(dir)).toBeNull();
  });
});

/** How a respawn archives: the result moves out of the worktree. */
const MOVE = { feature: "x", reason: "respawn", move: true };

describe("archiving .worker-result.md", () => {
  test("a result moves into the archive and a second one with the same time does not replace it", async () => {
    const { dir } = await repoWithOutsideFile();
    const archive = path.join(await tempDir(), "results", "x");
    await writeWorkerResult(dir, "first");
    const first = await archiveWorkerResult(dir, archive, MOVE);
    await writeWorkerResult(dir, "second");
    const { utimes } = await import("node:fs/promises");
    const { mtime } = await lstat(first as string);
    await utimes(path.join(dir, PROTOCOL_FILES.result), mtime, mtime);
    const second = await archiveWorkerResult(dir, archive, MOVE);
    expect(second).not.toBe(first);
    expect(await readFile(first as string, "utf8")).toBe("first\n");
    expect(await readFile(second as string, "utf8")).toBe("second\n");
    expect(await readWorkerResult(dir)).toBeNull();
  });

  test("a result link is never archived: an untracked one is removed and its target is unchanged", async () => {
    const { dir, outside } = await repoWithOutsideFile();
    const archive = path.join(await tempDir(), "results", "x");
    await symlink(outside, path.join(dir, PROTOCOL_FILES.result));
    expect(await archiveWorkerResult(dir, archive, MOVE)).toBeNull();
    expect(await readFile(outside, "utf8")).toBe("precious\n");
    await expect(lstat(path.join(dir, PROTOCOL_FILES.result))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(readdir(archive)).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("a committed result link stays where it is and is not archived", async () => {
    const { dir, outside } = await repoWithOutsideFile();
    const archive = path.join(await tempDir(), "results", "x");
    await commitLink(dir, PROTOCOL_FILES.result, outside);
    expect(await archiveWorkerResult(dir, archive, MOVE)).toBeNull();
    expect((await lstat(path.join(dir, PROTOCOL_FILES.result))).isSymbolicLink()).toBe(true);
    expect(await readFile(outside, "utf8")).toBe("precious\n");
  });

  test("an archive directory that is a link is refused", async () => {
    const { dir, outside } = await repoWithOutsideFile();
    const results = await tempDir();
    await symlink(path.dirname(outside), path.join(results, "x"));
    await writeWorkerResult(dir, "r");
    await expect(archiveWorkerResult(dir, path.join(results, "x"), MOVE)).rejects.toMatchObject({
      code: "E_FILE_LINK",
    });
    expect(await readdir(path.dirname(outside))).toEqual(["somefile"]);
    expect(await readWorkerResult(dir)).toBe("r\n");
  });
});
