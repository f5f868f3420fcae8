import { readFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, tuiAgentCmd, waitFor } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

describe("monitor --notify", () => {
  test("a Resume Work prompt the agent did not take is reported, not remembered, and submitted next time", async () => {
    const { wo, repo } = await world();
    await wo.setup(samplePlan());
    const dir = path.join(repo.dir, "worktrees", "task-3-api");
    await repo.commit("[NEEDS:task-2/UserModel] waiting for the model", {}, { cwd: dir });
    await repo.commit(
      "[CHECKPOINT] Add UserModel",
      { "src/models/user.ts": "model" },
      {
        cwd: path.join(repo.dir, "worktrees", "task-2-models"),
      },
    );
    const ready = async () => (await wo.status("task-3-api"))[0]?.lastOutput === ">";

    await wo.spawn("task-3-api", "api", { agentCmd: tuiAgentCmd("ignore") });
    await waitFor(ready);
    const [missed] = await wo.notifySatisfiedNeeds(await wo.monitor());
    expect(missed).toEqual({
      worker: "task-3-api",
      provider: "task-2-models",
      item: "UserModel",
      submitted: false,
      error: expect.stringContaining("so Enter was not pressed"),
    });

    await wo.kill("task-3-api", { force: true });
    await wo.spawn("task-3-api", "api", { agentCmd: tuiAgentCmd("drop-early") });
    await waitFor(ready);
    expect(await wo.notifySatisfiedNeeds(await wo.monitor())).toEqual([
      { worker: "task-3-api", provider: "task-2-models", item: "UserModel", submitted: true, error: null },
    ]);
    const submissions = (await readFile(path.join(dir, ".agent-input.txt"), "utf8")).trim().split("\n");
    expect(submissions).toHaveLength(1);
    expect(JSON.parse(submissions[0] as string)).toContain("# Resume Work: task-3-api");
    expect(await wo.notifySatisfiedNeeds(await wo.monitor())).toEqual([]);
  }, 60_000);
});
