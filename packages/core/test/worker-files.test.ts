import { existsSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, symlink, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, tempDir } from "@wo/test-utils";
import { execa } from "execa";
import { beforeAll, describe, expect, test } from "vitest";
import { Orchestrator, reportWorker } from "../src/index.js";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

// Issue 16: protocol files are never read or written through a link, one worker's odd file never breaks the
// others, a `.worktree.json` cannot redirect wo to another worktree, and sizes are capped.

beforeAll(assertTmuxInstalled);
const world = useWorld();

/** A file outside the repository that a hostile link points to. */
async function outsideFile(): Promise<string> {
  const file = path.join(await tempDir(), "somefile");
  await writeFile(file, "precious\n");
  return file;
}

describe("no write or read through a link", () => {
  test("wo spawn replaces an untracked .worker-status link; the file it pointed to is unchanged", async () => {
    const { wo, agent } = await world();
    const w = await wo.addWorktree("linked");
    const outside = await outsideFile();
    await symlink(outside, path.join(w.path, ".worker-status"));
    await wo.spawn("linked", "task", agent("hang"));
    expect(await readFile(outside, "utf8")).toBe("precious\n");
    expect(await readFile(path.join(w.path, ".worker-status"), "utf8")).toBe("running\n");
  });

  test("wo spawn refuses a .worker-status link the repository committed, naming the file", async () => {
    const { repo, wo, agent } = await world();
    const outside = await outsideFile();
    await symlink(outside, path.join(repo.dir, ".worker-status"));
    await repo.git(["add", ".worker-status"]);
    await repo.commit("a hostile link");
    const w = await wo.addWorktree("committed");
    const file = path.join(w.path, ".worker-status");
    await expect(wo.spawn("committed", "task", agent("hang"))).rejects.toThrow(
      `Cannot write ${file}: it is a symbolic link committed to the repository, and wo never writes through one`,
    );
    expect(await readFile(outside, "utf8")).toBe("precious\n");
  });

  test("wo worktree add refuses a .worktree.json link the repository committed; the target is unchanged", async () => {
    const { repo, wo } = await world();
    const outside = await outsideFile();
    await symlink(outside, path.join(repo.dir, ".worktree.json"));
    await repo.git(["add", ".worktree.json"]);
    await repo.commit("a hostile link");
    await expect(wo.addWorktree("meta")).rejects.toMatchObject({ code: "E_FILE_LINK" });
    expect(await readFile(outside, "utf8")).toBe("precious\n");
  });

  test("wo report writes through neither a .worker-result.md nor a .worker-status link", async () => {
    const { wo } = await world();
    const w = await wo.addWorktree("reporter");
    const result = await outsideFile();
    const status = await outsideFile();
    await symlink(result, path.join(w.path, ".worker-result.md"));
    await symlink(status, path.join(w.path, ".worker-status"));
    await reportWorker(w.path, "done", "all good");
    expect(await readFile(result, "utf8")).toBe("precious\n");
    expect(await readFile(status, "utf8")).toBe("precious\n");
    expect((await wo.collect("reporter"))[0]).toMatchObject({ result: "all good\n" });
  });

  test("a respawn never archives a .worker-result.md link, and its target is unchanged", async () => {
    const { repo, wo, agent } = await world();
    const w = await wo.addWorktree("archive");
    const outside = await outsideFile();
    await symlink(outside, path.join(w.path, ".worker-result.md"));
    await wo.spawn("archive", "task", agent("hang"));
    expect(await readFile(outside, "utf8")).toBe("precious\n");
    expect(existsSync(path.join(w.path, ".worker-result.md"))).toBe(false);
    const archive = path.join(repo.dir, ".git", "wo", "results", "archive");
    expect(existsSync(archive) ? await readdir(archive) : []).toEqual([]);
  });

  test("wo status does not read a .worker-status link: the row names the file", async () => {
    const { wo } = await world();
    const w = await wo.addWorktree("peek");
    const outside = await outsideFile();
    await writeFile(outside, "done\n");
    await symlink(outside, path.join(w.path, ".worker-status"));
    const [entry] = await wo.status("peek");
    expect(entry).toMatchObject({ status: "idle" });
    expect(entry?.problem).toBe(
      `Cannot read ${path.join(w.path, ".worker-status")}: it is a symbolic link, and wo never reads through one`,
    );
  });
});

describe("setup.copyFiles never writes through a link", () => {
  test("a dangling link at the destination is left alone and a directory link out of the worktree is refused", async () => {
    const { repo, env } = await world();
    const outside = await tempDir();
    await repo.commit("ignore the secrets", { ".gitignore": ".env\nconf/.env\n" });
    // The base branch commits a dangling link where .env goes, and conf as a link to a directory outside.
    await repo.git(["checkout", "-q", "-b", "evil"]);
    await symlink(path.join(outside, "stolen"), path.join(repo.dir, ".env"));
    await symlink(outside, path.join(repo.dir, "conf"));
    await repo.git(["add", "-f", ".env", "conf"]);
    await repo.commit("links out");
    await repo.git(["checkout", "-q", "main"]);
    await repo.write({ ".env": "SECRET=1\n", "conf/.env": "SECRET=2\n" });
    await writeFile(
      path.join(repo.dir, "wo.config.json"),
      JSON.stringify({ setup: { copyFiles: [".env", "conf/.env"] } }),
    );
    const wo = await Orchestrator.open({ cwd: repo.dir, env });
    const result = await wo.setup(samplePlan(), { base: "evil" });
    const worktree = path.join(repo.dir, "worktrees", "task-1-auth");
    expect(result.workers[0]?.error).toBe(
      `setup.copyFiles "conf/.env" would be copied through ${path.join(worktree, "conf")}, a link out of the worktree; nothing was copied`,
    );
    expect(await readdir(outside)).toEqual([]);
    expect((await lstat(path.join(worktree, ".env"))).isSymbolicLink()).toBe(true);
  });
});

describe("one bad worker never breaks the others", () => {
  test.each([
    ["a directory", (file: string) => mkdir(file), "it is a directory, not a regular file"],
    ["a FIFO", (file: string) => execa("mkfifo", [file]).then(() => {}), "it is a FIFO, not a regular file"],
    [
      "11 MiB",
      async (file: string) => {
        await writeFile(file, "");
        await truncate(file, 11 * 1024 * 1024);
      },
      "it is 11 MiB, over the 10 MiB wo reads",
    ],
  ])(
    "a done worker whose .worker-result.md is %s is that row's problem in status and collect",
    async (_, make, reason) => {
      const { wo } = await world();
      const bad = await wo.addWorktree("bad");
      const good = await wo.addWorktree("good");
      for (const w of [bad, good]) await writeFile(path.join(w.path, ".worker-status"), "done\n");
      await writeFile(path.join(good.path, ".worker-result.md"), "fine\n");
      const file = path.join(bad.path, ".worker-result.md");
      await make(file);
      const entries = await wo.status();
      expect(entries.map((e) => [e.feature, e.status, e.problem ?? null])).toEqual([
        ["bad", "done", `Cannot read ${file}: ${reason}`],
        ["good", "done", null],
      ]);
      expect(await wo.collect()).toEqual([
        { feature: "bad", status: "done", result: "", problem: `Cannot read ${file}: ${reason}` },
        { feature: "good", status: "done", result: "fine\n" },
      ]);
    },
  );

  test("a 600 MiB .worktree.json is that row's problem, found from its size", async () => {
    const { wo } = await world();
    const big = await wo.addWorktree("big");
    await wo.addWorktree("small");
    const file = path.join(big.path, ".worktree.json");
    await truncate(file, 600 * 1024 * 1024);
    const started = Date.now();
    const entries = await wo.status();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(entries.map((e) => [e.feature, e.problem ?? null])).toEqual([
      ["big", `Cannot read ${file}: it is 600 MiB, over the 1 MiB wo reads`],
      ["small", null],
    ]);
  });

  test("a FIFO as .worktree.json and .worker-status is named on its row in status, and monitor still reports both", async () => {
    const { wo } = await world();
    const odd = await wo.addWorktree("odd");
    await wo.addWorktree("fine");
    const { rm } = await import("node:fs/promises");
    await rm(path.join(odd.path, ".worktree.json"));
    await execa("mkfifo", [path.join(odd.path, ".worktree.json")]);
    await execa("mkfifo", [path.join(odd.path, ".worker-status")]);
    const entries = await wo.status();
    expect(entries.map((e) => e.feature)).toEqual(["fine", "odd"]);
    const file = (name: string) => path.join(odd.path, name);
    expect(entries[1]?.problem).toBe(
      `Cannot read ${file(".worktree.json")}: it is a FIFO, not a regular file; Cannot read ${file(".worker-status")}: it is a FIFO, not a regular file`,
    );
    expect(entries[0]?.problem).toBeUndefined();
    expect((await wo.monitor()).workers.map((w) => w.worker).sort()).toEqual(["fine", "odd"]);
  });
});

describe(".worktree.json cannot redirect wo", () => {
  test("a file naming another feature is ignored with a problem, and removing that feature never touches it", async () => {
    const { wo } = await world();
    const a = await wo.addWorktree("a");
    await writeFile(path.join(a.path, ".worktree.json"), JSON.stringify({ feature: "b" }));
    await writeFile(path.join(a.path, "work.txt"), "uncommitted\n");
    const entries = await wo.status();
    expect(entries.map((e) => [e.feature, e.problem])).toEqual([
      [
        "a",
        `${path.join(a.path, ".worktree.json")} says feature "b" but sits in the worktree of a; it is ignored`,
      ],
    ]);
    await expect(wo.removeWorktree("b", { force: true })).rejects.toMatchObject({ code: "E_NO_WORKER" });
    expect(await readFile(path.join(a.path, "work.txt"), "utf8")).toBe("uncommitted\n");
  });

  test("a feature of ../../x is never shown, and cleanup goes on for every worker", async () => {
    const { wo } = await world();
    const evil = await wo.addWorktree("evil");
    await wo.addWorktree("other");
    await writeFile(path.join(evil.path, ".worktree.json"), JSON.stringify({ feature: "../../x" }));
    const entries = await wo.status();
    expect(entries.map((e) => e.feature)).toEqual(["evil", "other"]);
    expect(JSON.stringify(entries)).not.toContain("../../x");
    expect(entries[0]?.problem).toContain("says feature an invalid name");
    const result = await wo.cleanup();
    expect([...new Set(result.items.map((i) => i.feature))].sort()).toEqual(["evil", "other"]);
  });

  test("a worktreeRoot that is a link out of the repository is refused before anything is created", async () => {
    const { repo, env } = await world();
    const elsewhere = await tempDir();
    await symlink(elsewhere, path.join(repo.dir, "worktrees"));
    const wo = await Orchestrator.open({ cwd: repo.dir, env });
    const error = await wo.addWorktree("x").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "E_CONFIG" });
    expect((error as Error).message).toMatch(
      /^worktreeRoot "worktrees" resolves to .*, outside the repository or inside \.git$/,
    );
    expect(await readdir(elsewhere)).toEqual([]);
    expect((await lstat(path.join(repo.dir, "worktrees"))).isSymbolicLink()).toBe(true);
  });
});

describe("size caps", () => {
  test("a task over 256 KiB is refused before anything starts, with the limit named", async () => {
    const { wo, agent } = await world();
    await wo.addWorktree("huge");
    const task = "x".repeat(300 * 1024);
    await expect(wo.spawn("huge", task, agent("hang"))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[WoError: Cannot store the task of huge: the task is 307200 bytes, over the 262144-byte (256 KiB) limit of task text]`,
    );
    expect((await wo.status("huge"))[0]?.status).toBe("idle");
    expect(await wo.list()).toEqual([]);
  });
});
