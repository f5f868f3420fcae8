import { existsSync } from "node:fs";
import path from "node:path";
import { assertTmuxInstalled } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { WoError } from "../src/index.js";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

/** A set-up sample plan whose three workers all finished with a [COMPLETE] commit, integrated as `first`. */
async function integratedPlan() {
  const w = await world();
  await w.wo.setup(samplePlan());
  const dir = (feature: string) => path.join(w.repo.dir, "worktrees", feature);
  await w.repo.commit("[COMPLETE] auth", { "src/auth/login.ts": "auth" }, { cwd: dir("task-1-auth") });
  await w.repo.commit("[COMPLETE] model", { "src/models/user.ts": "m" }, { cwd: dir("task-2-models") });
  await w.repo.commit("[COMPLETE] api", { "src/api/users.ts": "api" }, { cwd: dir("task-3-api") });
  const first = await w.wo.integrate("first");
  expect(first.merged).toHaveLength(3);
  return { ...w, dir };
}

/** A branch `work/<feature>` with one commit, made without a worktree (as a CI runner's push arrives). */
async function pushedBranch(
  w: Awaited<ReturnType<typeof world>>,
  feature: string,
  message: string,
  files: Record<string, string>,
) {
  await w.repo.git(["switch", "-q", "-c", `work/${feature}`, "main"]);
  await w.repo.commit(message, files);
  await w.repo.git(["switch", "-q", "main"]);
}

describe("one worker set for monitor, integrate, cleanup and setup", () => {
  test("after integrate and cleanup, the earlier plan's workers never reappear in monitor or a new integration", async () => {
    const { wo, repo } = await integratedPlan();
    const cleaned = await wo.cleanup();
    // The worktrees went; the branches stay (their work is only in integration/first), each with the way out.
    const kept = cleaned.items.filter((i) => i.kind === "branch");
    expect(kept.map((i) => [i.feature, i.action])).toEqual([
      ["task-1-auth", "kept"],
      ["task-2-models", "kept"],
      ["task-3-api", "kept"],
    ]);
    expect(kept[0]?.reason).toBe(
      "its work is in integration/first but not in main: merge integration/first into main (wo integrate first --into main), or delete it now: wo cleanup --integration first --only task-1-auth",
    );
    expect(await wo.status()).toEqual([]);
    expect((await wo.monitor()).workers).toEqual([]);
    const error = await wo.forecast("second").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WoError);
    expect((error as WoError).code).toBe("E_NOT_FINISHED");
    // The branches are still there: nothing was lost.
    expect(await repo.git(["branch", "--list", "work/*", "--format=%(refname:short)"])).toBe(
      "work/task-1-auth\nwork/task-2-models\nwork/task-3-api",
    );
  });

  test("cleanup --integration deletes the branches whose work is in that integration branch", async () => {
    const { wo, repo } = await integratedPlan();
    await wo.cleanup();
    const again = await wo.cleanup({ integration: "first" });
    expect(
      again.items.filter((i) => i.kind === "branch").map((i) => [i.feature, i.action, i.reason]),
    ).toEqual([
      ["task-1-auth", "removed", "its work is in integration/first"],
      ["task-2-models", "removed", "its work is in integration/first"],
      ["task-3-api", "removed", "its work is in integration/first"],
    ]);
    expect(await repo.git(["branch", "--list", "work/*"])).toBe("");
    // The work itself is safe in the integration branch.
    expect(await repo.git(["show", "integration/first:src/api/users.ts"])).toBe("api");
  });

  test("a new plan's worker never continues a retired branch of the same name; new commits make it a worker again", async () => {
    const { wo, repo } = await integratedPlan();
    await wo.cleanup();
    const setup = await wo.setup(samplePlan());
    expect(setup.workers.map((w) => w.state)).toEqual(["failed", "failed", "failed"]);
    expect(setup.workers[0]?.error).toMatch(
      /^Branch work\/task-1-auth holds the work of an earlier worker of this name \(its worktree was removed \d{4}-/,
    );
    expect(existsSync(path.join(repo.dir, "worktrees/task-1-auth"))).toBe(false);
    // Somebody commits to the old branch again (e.g. a CI runner): it is a worker again.
    await repo.git(["switch", "-q", "work/task-1-auth"]);
    await repo.commit("[CHECKPOINT] more", { "src/auth/more.ts": "more" });
    await repo.git(["switch", "-q", "main"]);
    expect((await wo.monitor()).workers.map((w) => w.worker)).toEqual(["task-1-auth"]);
  });

  test("given a plan, branch-only workers of other plans are left out, and the plan's scope applies to its own", async () => {
    const w = await world();
    await pushedBranch(w, "task-1-old", "[COMPLETE] from an earlier run", { "old.txt": "old" });
    await pushedBranch(w, "task-1-api", "[COMPLETE] api", { "src/api/a.ts": "a", "README.md": "changed" });
    const plan = { workers: [{ id: "task-1", name: "task-1-api", scope: ["src/api/"] }] };
    const everything = await w.wo.monitor();
    expect(everything.workers.map((x) => x.worker)).toEqual(["task-1-api", "task-1-old"]);
    const scoped = await w.wo.monitor({ plan });
    expect(scoped.workers.map((x) => x.worker)).toEqual(["task-1-api"]);
    expect(scoped.alerts).toContain("Worker task-1-api changed 1 file(s) outside its scope: README.md");
    const forecast = await w.wo.forecast("run", { plan });
    expect(forecast.selection.workers.map((x) => x.feature)).toEqual(["task-1-api"]);
    expect(forecast.selection.left).toEqual([]);
  });

  test("given a plan made for a run, a same-named branch of an earlier run (not started from the run's base) is left out", async () => {
    const w = await world();
    await pushedBranch(w, "task-1-api", "[COMPLETE] an earlier run's api", { "old.txt": "old" });
    await w.repo.commit("main moves on", { "main.txt": "next" });
    const base = await w.repo.git(["rev-parse", "HEAD"]);
    await pushedBranch(w, "task-2-docs", "[COMPLETE] this run's docs", { "docs.txt": "docs" });
    const plan = {
      run: { id: "gh-42", base },
      workers: [
        { id: "task-1", name: "task-1-api" },
        { id: "task-2", name: "task-2-docs" },
      ],
    };
    expect((await w.wo.monitor({ plan })).workers.map((x) => x.worker)).toEqual(["task-2-docs"]);
    const forecast = await w.wo.forecast("run", { plan });
    expect(forecast.selection.workers.map((x) => x.feature)).toEqual(["task-2-docs"]);
    // Without the run, both count (as before).
    expect((await w.wo.monitor()).workers.map((x) => x.worker)).toEqual(["task-1-api", "task-2-docs"]);
  });

  test("cleanup --prune deletes merged worker branches without a worktree and names the command for the rest", async () => {
    const w = await world();
    await pushedBranch(w, "merged", "[COMPLETE] merged", { "m.txt": "m" });
    await w.repo.git(["merge", "-q", "--no-ff", "-m", "merge", "work/merged"]);
    await pushedBranch(w, "open", "[CHECKPOINT] open", { "o.txt": "o" });
    expect((await w.wo.cleanup()).items).toEqual([]);
    const pruned = await w.wo.cleanup({ prune: true });
    expect(
      pruned.items.filter((i) => i.kind === "branch").map((i) => [i.feature, i.action, i.reason]),
    ).toEqual([
      ["merged", "removed", "its work is in main"],
      [
        "open",
        "kept",
        "unmerged work: 1 commit not in main; delete it anyway: wo cleanup --force --only open",
      ],
    ]);
    expect(await w.repo.git(["branch", "--list", "work/*", "--format=%(refname:short)"])).toBe("work/open");
  });

  test("cleanup --only never calls the other workers' worktrees unknown", async () => {
    const w = await world();
    await w.wo.setup(samplePlan());
    const result = await w.wo.cleanup({ only: ["task-3-api"], force: true });
    expect(result.orphans).toEqual([]);
    expect(existsSync(path.join(w.repo.dir, "worktrees/task-1-auth"))).toBe(true);
  });
});
