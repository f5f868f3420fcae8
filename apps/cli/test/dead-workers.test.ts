import { fixtureAgentCmd, waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { useCliWorld } from "./run.js";

const world = useCliWorld();

/** A world with worker `crashy`, whose agent printed a last line and exited 3 without reporting. */
async function deadWorker() {
  const w = await world();
  expect((await w.run(["worktree", "add", "crashy"])).code).toBe(0);
  expect((await w.run(["spawn", "crashy", "task", "--agent-cmd", fixtureAgentCmd("crash")])).code).toBe(0);
  await waitFor(async () => JSON.parse((await w.run(["status", "--json"])).stdout)[0]?.status === "dead", {
    timeout: 20_000,
  });
  return w;
}

describe("a dead worker", () => {
  test("wo status shows its agent's exit code and points to wo resume", async () => {
    const w = await deadWorker();
    const json = JSON.parse((await w.runProcess(["status", "--json"])).stdout);
    expect(json[0]).toMatchObject({ feature: "crashy", status: "dead", exitCode: 3 });
    const table = await w.runProcess(["status"], { env: { NO_COLOR: "1" } });
    expect(table.stdout).toMatch(/crashy +dead +\S+ +\[exit 3\]/);
    expect(table.stdout).toContain("Next: wo resume crashy   (restarts the dead worker where it left off)");
  }, 60_000);

  test("wo collect refuses it with a hint to resume it", async () => {
    const w = await deadWorker();
    const result = await w.runProcess(["collect", "crashy"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "error: Worker crashy has not finished (status: dead); nothing to collect
      hint: Its agent exited without reporting; restart it where it left off with wo resume crashy"
    `);
  }, 60_000);

  test("wo send refuses it with a hint to resume it", async () => {
    const w = await deadWorker();
    const result = await w.runProcess(["send", "crashy", "hello"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatchInlineSnapshot(`
      "error: Worker crashy is not running (its agent has exited); nothing was sent
      hint: Its agent exited without reporting; restart it where it left off with wo resume crashy"
    `);
  }, 60_000);
});
