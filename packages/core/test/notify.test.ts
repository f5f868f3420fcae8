import { readFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, type TuiAgentMode, tuiAgentCmd, waitFor } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

/** The sample plan with task-3-api waiting for task-2's UserModel, which task-2 has just committed. */
async function needSatisfied(mode: TuiAgentMode) {
  const { wo, repo } = await world();
  await wo.setup(samplePlan());
  const dir = (feature: string) => path.join(repo.dir, "worktrees", feature);
  await repo.commit("[NEEDS:task-2/UserModel] waiting for the model", {}, { cwd: dir("task-3-api") });
  await repo.commit(
    "[CHECKPOINT] Add UserModel",
    { "src/models/user.ts": "model" },
    { cwd: dir("task-2-models") },
  );
  await wo.spawn("task-3-api", "api", { agentCmd: tuiAgentCmd(mode) });
  await waitFor(async () => (await wo.status("task-3-api"))[0]?.lastOutput === ">");
  const submissions = async () => {
    const text = await readFile(path.join(dir("task-3-api"), ".agent-input.txt"), "utf8").catch(() => "");
    return text
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as string);
  };
  return { wo, submissions };
}

const NEED = { worker: "task-3-api", provider: "task-2-models", item: "UserModel" };

describe("monitor --notify", () => {
  test("the Resume Work prompt reaches a full-screen agent as one submission, once", async () => {
    const { wo, submissions } = await needSatisfied("drop-early");
    expect(await wo.notifySatisfiedNeeds(await wo.monitor())).toEqual([
      { ...NEED, submitted: true, error: null },
    ]);
    // The agent records what it received right after it shows it: wait for the record, then check it is one.
    const received = await waitFor(async () => {
      const lines = await submissions();
      return lines.length > 0 && lines;
    });
    expect(received).toHaveLength(1);
    expect(received[0]).toContain("# Resume Work: task-3-api");
    expect(await wo.notifySatisfiedNeeds(await wo.monitor())).toEqual([]);
  }, 60_000);

  test("a prompt the agent did not take is reported once and not pasted again", async () => {
    const { wo } = await needSatisfied("ignore");
    expect(await wo.notifySatisfiedNeeds(await wo.monitor())).toEqual([
      { ...NEED, submitted: false, error: expect.stringContaining("so Enter was not pressed") },
    ]);
    expect(await wo.notifySatisfiedNeeds(await wo.monitor())).toEqual([]);
  }, 60_000);
});
