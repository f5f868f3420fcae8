import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, fixtureAgentCmd } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { WoError } from "../src/index.js";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

/** The sample plan set up, every worker [COMPLETE], task-2-models with a change that makes the test fail. */
async function brokenByModels() {
  const w = await world();
  await w.wo.setup(samplePlan());
  const dir = (feature: string) => path.join(w.repo.dir, "worktrees", feature);
  await w.repo.commit("[COMPLETE] auth", { "src/auth/login.ts": "ok" }, { cwd: dir("task-1-auth") });
  await w.repo.commit("[COMPLETE] model", { "src/models/user.ts": "broken" }, { cwd: dir("task-2-models") });
  await w.repo.commit("[COMPLETE] api", { "src/api/users.ts": "ok" }, { cwd: dir("task-3-api") });
  return { ...w, dir };
}

const TEST = "grep -rl broken src && exit 1 || exit 0";

describe("a failing integration check goes back to its worker", () => {
  test("integrate --test names the worker, monitor says to resume it, and resume hands it the command and log", async () => {
    const { wo, repo } = await brokenByModels();
    const result = await wo.integrate("first", { test: TEST });
    expect(result.test?.passed).toBe(false);
    expect(result.test?.blame).toMatchObject({ feature: "task-2-models", outputTail: "src/models/user.ts" });
    const record = path.join(repo.dir, ".git/wo/checks/task-2-models.json");
    expect(JSON.parse(await readFile(record, "utf8"))).toMatchObject({
      feature: "task-2-models",
      integration: "integration/first",
      command: ["sh", "-c", TEST],
      exitCode: 1,
      retries: 0,
    });
    const before = await wo.monitor();
    expect(before.findings.filter((f) => f.kind === "check-failed")).toEqual([
      {
        kind: "check-failed",
        worker: "task-2-models",
        alert: `Worker task-2-models's merge makes \`${TEST}\` fail in integration/first (0 of 2 retries used)`,
        action: "Give it the failing command and the end of its log: wo resume task-2-models",
      },
    ]);

    await wo.resume("task-2-models", { agentCmd: fixtureAgentCmd("hang") });
    const prompt = await readFile(path.join(repo.dir, ".git/wo/prompts/task-2-models.md"), "utf8");
    expect(prompt).toContain("Previous session finished, but its changes make `");
    expect(prompt).toContain("## Failing check (retry 1 of 2)");
    expect(prompt).toContain(`the test command \`${TEST}\` exited 1`);
    expect(prompt).toContain("```text\nsrc/models/user.ts\n```");
    expect(JSON.parse(await readFile(record, "utf8")).retries).toBe(1);
  });

  test("after the retry budget the report asks for a person and resume refuses unless --force", async () => {
    const { wo, repo } = await brokenByModels();
    await wo.integrate("first", { test: TEST });
    const agent = { agentCmd: fixtureAgentCmd("complete") };
    await wo.resume("task-2-models", agent);
    await wo.resume("task-2-models", { ...agent, force: true });
    const refused = await wo.resume("task-2-models", agent).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(WoError);
    expect((refused as WoError).code).toBe("E_RETRIES");
    expect((refused as WoError).message).toBe(
      `Worker task-2-models was resumed 2 time(s) with its failing check (${TEST} in integration/first); it needs a person now`,
    );
    const report = await wo.monitor();
    expect(report.alerts).toContain(
      `Worker task-2-models still makes \`${TEST}\` fail in integration/first after 2 retries: it needs a person`,
    );
    await wo.resume("task-2-models", { ...agent, force: true });
    expect(
      JSON.parse(await readFile(path.join(repo.dir, ".git/wo/checks/task-2-models.json"), "utf8")).retries,
    ).toBe(3);
  });

  test("a passing test clears the record of every worker it covered", async () => {
    const { wo, repo, dir } = await brokenByModels();
    await wo.integrate("first", { test: TEST });
    const record = path.join(repo.dir, ".git/wo/checks/task-2-models.json");
    expect(existsSync(record)).toBe(true);
    await repo.commit(
      "[COMPLETE] model fixed",
      { "src/models/user.ts": "fixed" },
      { cwd: dir("task-2-models") },
    );
    const again = await wo.integrate("second", { test: TEST });
    expect(again.test?.passed).toBe(true);
    expect(existsSync(record)).toBe(false);
    expect((await wo.monitor()).findings.filter((f) => f.kind === "check-failed")).toEqual([]);
  });
});
