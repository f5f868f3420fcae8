import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fixtureAgentCmd } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { useCliWorld } from "./run.js";

const world = useCliWorld();

function setup() {
  return world({ env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
}

describe("bad task input is refused before anything is spawned", () => {
  test("a task with a NUL byte is a usage error and starts nothing", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "nul"]);
    const result = await run(["spawn", "nul", "-", "--agent-cmd", fixtureAgentCmd("hang")], {
      stdin: "fix it\u0000now",
    });
    expect(result).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: Cannot spawn nul: the task contains a NUL byte
      hint: Remove the NUL (\\0) bytes: an agent cannot receive them (is the task file binary?)
      ",
        "stdout": "",
      }
    `);
    expect((await run(["list", "--json"])).stdout).toBe("[]\n");
    expect(existsSync(path.join(repo.dir, "worktrees/nul/.worker-status"))).toBe(false);
  });

  test("a prompt larger than one argument can hold is refused up front, naming the limit", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "big"]);
    await writeFile(path.join(repo.dir, "task.md"), "x".repeat(200 * 1024));
    const result = await run(["spawn", "big", "--task-file", "task.md", "--agent-cmd", "true {prompt}"]);
    expect(result).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: Cannot spawn big: the prompt is 201 KiB, and an agent gets it as one argument, which Linux limits to 128 KiB
      hint: Shorten the task, or use an agent that reads the prompt from a file: --agent-cmd "mycli --prompt-file {prompt_file}"
      ",
        "stdout": "",
      }
    `);
    expect((await run(["list", "--json"])).stdout).toBe("[]\n");
  });

  test("the same large prompt goes through an agent command that reads {prompt_file}", async () => {
    const { repo, run } = await setup();
    await run(["worktree", "add", "big"]);
    await writeFile(path.join(repo.dir, "task.md"), "x".repeat(200 * 1024));
    const result = await run([
      "spawn",
      "big",
      "--task-file",
      "task.md",
      "--agent-cmd",
      fixtureAgentCmd("hang"),
    ]);
    expect(result.code).toBe(0);
    expect((await readFile(path.join(repo.dir, ".git/wo/prompts/big.md"), "utf8")).length).toBeGreaterThan(
      200 * 1024,
    );
  });
});
