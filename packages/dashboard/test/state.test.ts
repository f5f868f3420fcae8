import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { type StatePart, type StateRead, stateKey, stateReader } from "../src/server/state.js";
import type { DashboardState } from "../src/shared/messages.js";
import { useWorld } from "./world.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

// The state one read of `part` composes (the forecast, computed beside the reads, is left out).
async function readPart(
  read: StateRead,
  part: StatePart | "moved",
  branches?: readonly string[],
): Promise<DashboardState> {
  let last: DashboardState | null = null;
  await read(part, (state) => (last = state), branches);
  if (last === null) throw new Error(`the ${part} read sent no state`);
  const state = last as DashboardState;
  return { ...state, monitor: state.monitor ? { ...state.monitor, forecast: undefined } : null };
}

const comparable = (state: DashboardState) => JSON.parse(stateKey(state));

describe("the dashboard's state reader, part by part, against a real repository", () => {
  test("after a commit, reading only the commits gives what reading everything gives", async () => {
    const w = await world();
    for (const feature of ["alpha", "beta"]) await w.wo.addWorktree(feature);
    await w.repo.commit("[CHECKPOINT] alpha: first", { "a.txt": "a\n" }, { cwd: w.wo.worktreePath("alpha") });
    const kept = stateReader(w.wo);
    await readPart(kept, "status");
    const before = await readPart(kept, "workers");
    await w.repo.commit(
      "[NEEDS:task-1/item-1] beta: the API",
      { "b.txt": "b\n" },
      { cwd: w.wo.worktreePath("beta") },
    );
    const previewed = await readPart(kept, "moved", ["work/beta"]);
    const after = await readPart(kept, "commits");
    const fresh = stateReader(w.wo);
    await readPart(fresh, "status");
    const full = await readPart(fresh, "workers");
    expect(comparable(after)).toEqual(comparable(full));
    // The quick version of the moved branch's row is the row the scans report.
    const beta = (state: DashboardState) => state.monitor?.workers.find((row) => row.worker === "beta");
    expect(beta(previewed)).toEqual(beta(full));
    expect(beta(before)).toMatchObject({ commits: 0, status: "none" });
    expect(after.monitor?.workers.find((row) => row.worker === "beta")).toMatchObject({
      status: "needs",
      commits: 1,
    });
  });

  test("a status read keeps the newest commits and plan keys; a workers read picks up a changed .worktree.json", async () => {
    const w = await world();
    await w.wo.addWorktree("alpha");
    const dir = w.wo.worktreePath("alpha");
    await w.repo.commit("[CHECKPOINT] alpha: first", { "a.txt": "a\n" }, { cwd: dir });
    const read = stateReader(w.wo);
    await readPart(read, "workers");
    await writeFile(path.join(dir, ".worker-status"), "done\n");
    const status = await readPart(read, "status");
    expect(status.workers.map((row) => [row.feature, row.status])).toEqual([["alpha", "done"]]);
    expect(status.monitor?.workers.find((row) => row.worker === "alpha")).toMatchObject({
      status: "checkpoint",
    });
    const metaFile = path.join(dir, ".worktree.json");
    const meta = JSON.parse(await readFile(metaFile, "utf8")) as Record<string, unknown>;
    await writeFile(metaFile, JSON.stringify({ ...meta, workerId: "task-7", scope: ["src/"] }));
    expect((await readPart(read, "workers")).workerInfo.alpha).toMatchObject({
      workerId: "task-7",
      scope: ["src/"],
    });
  });
});
