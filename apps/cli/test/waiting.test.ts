import { writeFile } from "node:fs/promises";
import path from "node:path";
import { hookAgent, tempDir, waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { useCliWorld } from "./run.js";

const world = useCliWorld();

describe("a worker whose agent waits for a person", () => {
  test("wo status shows waiting (turn-ended) with the command that answers it; monitor alerts and recommends wo send", async () => {
    // Claude Code's one-time consent given in a HOME of the test's own, as `wo doctor --fix` records it.
    const home = await tempDir();
    const w = await world({ env: { HOME: home, IS_SANDBOX: "1", ANTHROPIC_API_KEY: undefined } });
    await writeFile(
      path.join(home, ".claude.json"),
      JSON.stringify({
        hasCompletedOnboarding: true,
        projects: { [w.repo.dir]: { hasTrustDialogAccepted: true } },
      }),
    );
    const agent = await hookAgent("claude");
    expect((await w.run(["worktree", "add", "auth"])).code).toBe(0);
    expect((await w.run(["spawn", "auth", "Add login", "--agent-cmd", agent.agentCmd])).code).toBe(0);
    const entry = await waitFor(
      async () => {
        const [e] = JSON.parse((await w.run(["status", "--json"])).stdout);
        return e?.status === "waiting" && e;
      },
      { timeout: 20_000 },
    );
    expect(entry).toMatchObject({
      feature: "auth",
      status: "waiting",
      waitingFor: "turn-ended",
      lastOutput: "Finished the turn: wrote hello.txt",
    });

    const table = await w.runProcess(["status"], { env: { NO_COLOR: "1" } });
    expect(table.stdout).toMatch(/auth +waiting \(turn-ended\) +\S+ +Finished the turn: wrote hello\.txt/);
    expect(table.stdout).toContain('Waiting: wo send auth "<text>"   (turn ended)');

    const monitor = await w.runProcess(["monitor", "--json"]);
    const report = JSON.parse(monitor.stdout);
    expect(report.workers[0]).toMatchObject({ worker: "auth", waitingFor: "turn-ended" });
    expect(report.alerts).toContain("Worker auth's agent ended its turn without reporting (wo report)");
    expect(report.actions).toContain('Tell auth how to go on: wo send auth "<what to do next>"');
    const text = await w.runProcess(["monitor"]);
    expect(text.stdout).toContain("agent waiting (turn-ended)");
  }, 60_000);
});
