import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { archiveWorkerResult, readArchivedResults } from "../src/results.js";

async function worker(files: Record<string, string>): Promise<{ worktree: string; results: string }> {
  const worktree = await tempDir();
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(worktree, name), text);
  return { worktree, results: path.join(await tempDir(), "results", "w") };
}

describe("archiveWorkerResult", () => {
  test("copies the result and records the final status beside it", async () => {
    const { worktree, results } = await worker({
      ".worker-result.md": "did it\n",
      ".worker-status": "done\n",
    });
    const file = await archiveWorkerResult(worktree, results, { feature: "w", reason: "cleanup" });
    expect(file).toMatch(/\.md$/);
    expect(await readFile(path.join(worktree, ".worker-result.md"), "utf8")).toBe("did it\n");
    expect(await readArchivedResults(results, "w")).toMatchObject([
      { feature: "w", status: "done", result: "did it\n", reason: "cleanup", file },
    ]);
  });

  test("archiving the same result twice adds nothing", async () => {
    const { worktree, results } = await worker({ ".worker-result.md": "once\n", ".worker-status": "done\n" });
    await archiveWorkerResult(worktree, results, { feature: "w", reason: "cleanup" });
    await archiveWorkerResult(worktree, results, { feature: "w", reason: "worktree remove" });
    expect((await readdir(results)).sort().map((name) => path.extname(name))).toEqual([".json", ".md"]);
  });

  test("move takes the result out of the worktree", async () => {
    const { worktree, results } = await worker({ ".worker-result.md": "old run\n" });
    await archiveWorkerResult(worktree, results, { feature: "w", reason: "respawn", move: true });
    expect(existsSync(path.join(worktree, ".worker-result.md"))).toBe(false);
    expect(await readArchivedResults(results, "w")).toMatchObject([{ status: null, result: "old run\n" }]);
  });

  test("a final status without a result is archived; a worker that left nothing is not", async () => {
    const failed = await worker({ ".worker-status": "failed\n" });
    expect(
      await archiveWorkerResult(failed.worktree, failed.results, { feature: "w", reason: "cleanup" }),
    ).toMatch(/\.json$/);
    expect(await readArchivedResults(failed.results, "w")).toMatchObject([
      { status: "failed", result: null },
    ]);
    const idle = await worker({ ".worker-status": "running\n" });
    expect(
      await archiveWorkerResult(idle.worktree, idle.results, { feature: "w", reason: "cleanup" }),
    ).toBeNull();
    expect(existsSync(idle.results)).toBe(false);
  });

  test("a result that is a symbolic link is never followed", async () => {
    const outside = path.join(await tempDir(), "secret.txt");
    await writeFile(outside, "not the worker's\n");
    const { worktree, results } = await worker({});
    await symlink(outside, path.join(worktree, ".worker-result.md"));
    expect(await archiveWorkerResult(worktree, results, { feature: "w", reason: "cleanup" })).toBeNull();
    expect(await readArchivedResults(results, "w")).toEqual([]);
  });

  test("an archive made by an older version (the text alone) is still read, its time from the name", async () => {
    const results = path.join(await tempDir(), "results", "w");
    await mkdir(results, { recursive: true });
    await writeFile(path.join(results, "2026-12-06T15-31-10-123Z.md"), "legacy\n");
    expect(await readArchivedResults(results, "w")).toEqual([
      {
        feature: "w",
        status: null,
        result: "legacy\n",
        finishedAt: "2026-12-06T15:31:10.123Z",
        archivedAt: null,
        reason: null,
        file: path.join(results, "2026-12-06T15-31-10-123Z.md"),
      },
    ]);
  });
});
