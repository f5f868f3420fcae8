import { writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { CONFIG_FILE, DEFAULT_CONFIG, loadConfig, parseConfig } from "./config.js";

describe("configuration", () => {
  test("the default constant is exactly what the schema fills in", async () => {
    expect(await parseConfig({})).toEqual(DEFAULT_CONFIG);
  });

  test("defaults are the documented ones (docs/configuration.md)", async () => {
    expect(await parseConfig({})).toMatchObject({
      worktreeRoot: "worktrees",
      branchPrefix: "work/",
      sessionPrefix: "wt-",
      agent: "claude",
      ports: { base: 4100 },
      monitor: { stallMinutes: 120 },
    });
  });

  test("an unknown key is refused with its name", async () => {
    await expect(parseConfig({ worktreeRot: "x" })).rejects.toThrow(
      /Invalid wo.config.json: Unrecognized key/,
    );
  });

  test("a wrong type names the key path", async () => {
    await expect(parseConfig({ ports: { base: "80" } })).rejects.toThrow(
      /^Invalid wo.config.json: ports.base: /,
    );
  });

  test("a session prefix tmux would rewrite is refused", async () => {
    await expect(parseConfig({ sessionPrefix: "wt." })).rejects.toThrow(
      /sessionPrefix: use lowercase letters/,
    );
  });

  test("a missing file gives the defaults and overrides apply on top of the file", async () => {
    const dir = await tempDir();
    expect((await loadConfig(dir)).agent).toBe("claude");
    await writeFile(path.join(dir, CONFIG_FILE), JSON.stringify({ agent: "codex", branchPrefix: "agents/" }));
    const config = await loadConfig(dir, { agent: "gemini" });
    expect(config.agent).toBe("gemini");
    expect(config.branchPrefix).toBe("agents/");
  });

  test("a file that is not JSON names the file", async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, CONFIG_FILE), "{ nope");
    await expect(loadConfig(dir)).rejects.toThrow(`Invalid ${path.join(dir, CONFIG_FILE)}: it is not JSON`);
  });
});

describe("worktreeRoot", () => {
  test.each([
    ["../elsewhere", `"../elsewhere" leaves the repository; use a directory inside it, e.g. "worktrees"`],
    ["a/../../b", `"a/../../b" leaves the repository; use a directory inside it, e.g. "worktrees"`],
    [
      "/tmp/worktrees",
      `"/tmp/worktrees" is an absolute path; use a directory inside the repository, e.g. "worktrees"`,
    ],
    [".git", `".git" is inside .git, where git keeps its own files; use e.g. "worktrees"`],
    ["./.GIT/wt", `"./.GIT/wt" is inside .git, where git keeps its own files; use e.g. "worktrees"`],
    [".", `"." is the repository root itself; use a subdirectory, e.g. "worktrees"`],
    ["a/..", `"a/.." is the repository root itself; use a subdirectory, e.g. "worktrees"`],
  ])("%j is refused with the reason and a hint", async (root, reason) => {
    const error = await parseConfig({ worktreeRoot: root }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "E_CONFIG",
      hint: "Fix worktreeRoot in wo.config.json (see docs/configuration.md)",
    });
    expect((error as Error).message).toBe(`Invalid wo.config.json: worktreeRoot: ${reason}`);
  });

  test.each(["worktrees", "build/wt", "./wt", ".worktrees"])(
    "%j inside the repository is accepted",
    async (root) => {
      expect((await parseConfig({ worktreeRoot: root })).worktreeRoot).toBe(root);
    },
  );
});
