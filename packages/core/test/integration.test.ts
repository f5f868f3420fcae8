import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, fixtureAgentCmd, waitFor } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

async function planned() {
  const w = await world();
  await w.wo.setup(samplePlan());
  const dir = (feature: string) => path.join(w.repo.dir, "worktrees", feature);
  const commitIn = (feature: string, message: string, files: Record<string, string> = {}) =>
    w.repo.commit(message, files, { cwd: dir(feature) });
  return { ...w, dir, commitIn };
}

describe("integration through the orchestrator", () => {
  test("only finished workers are chosen, in plan order with dependencies first; the others are left out with a reason", async () => {
    const { wo, commitIn } = await planned();
    await commitIn("task-3-api", "[COMPLETE] api", { "src/api/users.ts": "api" });
    await commitIn("task-2-models", "[COMPLETE] model", { "src/models/user.ts": "model" });
    await commitIn("task-1-auth", "[CHECKPOINT] half way", { "src/auth/login.ts": "half" });
    const forecast = await wo.forecast("auth");
    expect(forecast.selection.workers.map((w) => w.feature)).toEqual(["task-2-models", "task-3-api"]);
    expect(forecast.selection.left).toEqual([
      {
        feature: "task-1-auth",
        reason: "not finished (no [COMPLETE] commit, status not done); --include-incomplete merges it",
      },
    ]);
    expect(forecast.merged).toEqual(["task-2-models", "task-3-api"]);
    expect(forecast.conflicts).toEqual([]);
    const all = await wo.forecast("auth", { includeIncomplete: true });
    expect(all.selection.workers.map((w) => w.feature)).toEqual([
      "task-1-auth",
      "task-2-models",
      "task-3-api",
    ]);
  });

  test("a worker that exists only as a branch (pushed from a CI runner) is integrated too", async () => {
    const { wo, repo } = await world();
    await repo.git(["switch", "-q", "-c", "work/task-1-remote"]);
    await repo.commit("[COMPLETE] done on a runner", { "remote.txt": "from CI\n" });
    await repo.git(["switch", "-q", "main"]);
    const result = await wo.integrate("ci");
    expect(result.merged).toEqual(["task-1-remote"]);
    expect(await repo.git(["show", "integration/ci:remote.txt"])).toBe("from CI");
  });

  test("a forecast changes nothing in the repository", async () => {
    const { wo, repo, commitIn } = await planned();
    await commitIn("task-2-models", "[COMPLETE] model", { "src/models/user.ts": "model" });
    const refsBefore = await repo.git(["for-each-ref", "--format=%(refname) %(objectname)"]);
    const statusBefore = await repo.git(["status", "--porcelain"]);
    await wo.forecast("auth");
    expect(await repo.git(["for-each-ref", "--format=%(refname) %(objectname)"])).toBe(refsBefore);
    expect(await repo.git(["status", "--porcelain"])).toBe(statusBefore);
  });

  test("integrate merges with --no-ff, reports conflicts, and writes a report with results and commit logs", async () => {
    const { wo, repo, commitIn, dir } = await planned();
    await commitIn("task-1-auth", "[COMPLETE] auth", {
      "src/auth/login.ts": "auth",
      "shared.txt": "from auth\n",
    });
    await commitIn("task-2-models", "[COMPLETE] models", {
      "src/models/user.ts": "model",
      "shared.txt": "from models\n",
    });
    await commitIn("task-3-api", "[COMPLETE] api", { "src/api/users.ts": "api" });
    await import("node:fs/promises").then((fs) =>
      fs.writeFile(path.join(dir("task-1-auth"), ".worker-result.md"), "auth result text\n"),
    );
    const userCheckout = await repo.git(["status", "--porcelain"]);
    const result = await wo.integrate("feature-x");
    expect(result.branch).toBe("integration/feature-x");
    expect(result.merged).toEqual(["task-1-auth"]);
    expect(result.conflicts).toEqual([{ feature: "task-2-models", files: ["shared.txt"] }]);
    expect(result.skipped).toEqual(["task-3-api"]);
    expect(result.scopeViolations.map((v) => [v.feature, v.files])).toEqual([
      ["task-1-auth", ["shared.txt"]],
      ["task-2-models", ["shared.txt"]],
    ]);
    expect(await repo.git(["log", "-1", "--format=%s %P", "integration/feature-x"])).toMatch(
      /^Merge task-1-auth: .* [0-9a-f]{40} [0-9a-f]{40}$/,
    );
    expect(result.report).toContain("auth result text");
    expect(result.report).toContain("[COMPLETE] auth");
    expect(await readFile(result.reportFile, "utf8")).toBe(result.report);
    // The user's checkout was never touched.
    expect(await repo.git(["branch", "--show-current"])).toBe("main");
    expect(await repo.git(["status", "--porcelain"])).toBe(userCheckout);
  });

  test("cleanup keeps running workers and unmerged branches, removes the rest, and finds orphans", async () => {
    const { wo, repo, commitIn } = await planned();
    await commitIn("task-2-models", "[COMPLETE] model", { "src/models/user.ts": "model" });
    await wo.spawn("task-1-auth", "t", { agentCmd: fixtureAgentCmd("hang") });
    await import("node:fs/promises").then(async (fs) => {
      await fs.mkdir(path.join(repo.dir, "worktrees/forgotten/node_modules"), { recursive: true });
      await fs.writeFile(path.join(repo.dir, "worktrees/forgotten/node_modules/big.bin"), Buffer.alloc(4096));
    });
    const result = await wo.cleanup();
    expect(result.running).toEqual(["task-1-auth"]);
    const byTarget = Object.fromEntries(
      result.items.map((i) => [`${i.kind} ${i.feature}`, [i.action, i.reason]]),
    );
    expect(byTarget["worktree task-2-models"]?.[0]).toBe("removed");
    expect(byTarget["branch task-2-models"]).toEqual([
      "kept",
      "unmerged work: 1 commit not in main; delete it anyway: wo cleanup --force --only task-2-models",
    ]);
    expect(byTarget["branch task-3-api"]?.[0]).toBe("removed");
    expect(result.orphans).toMatchObject([
      { kind: "directory", path: path.join(repo.dir, "worktrees/forgotten"), sizeBytes: 4096 },
    ]);
    expect(await repo.git(["branch", "--list", "work/task-2-models"])).toContain("work/task-2-models");
    expect(existsSync(path.join(repo.dir, "worktrees/task-1-auth"))).toBe(true);
    await waitFor(async () => (await wo.status("task-1-auth"))[0]?.status === "running");
  });

  test("monitor --forecast shows which workers will conflict while they run", async () => {
    const { wo, commitIn } = await planned();
    await commitIn("task-1-auth", "[CHECKPOINT] a", { "README.md": "auth's readme\n" });
    await commitIn("task-3-api", "[CHECKPOINT] b", { "README.md": "api's readme\n" });
    const report = await wo.monitor({ forecast: true });
    expect(report.forecast?.pairs).toEqual([{ a: "task-1-auth", b: "task-3-api", files: ["README.md"] }]);
    expect(report.alerts).toContain(
      "Workers task-1-auth and task-3-api will conflict when merged: README.md",
    );
  });
});

describe("the base branch", () => {
  test("is the main worktree's branch (read from its HEAD file), or its sha when detached", async () => {
    const { wo, repo } = await world();
    expect(await wo.baseBranch()).toBe("main");
    expect(await wo.baseBranch("release")).toBe("release");
    await repo.git(["switch", "-q", "-c", "feature/x"]);
    expect(await wo.baseBranch()).toBe("feature/x");
    const sha = await repo.git(["rev-parse", "HEAD"]);
    await repo.git(["switch", "-q", "--detach"]);
    expect(await wo.baseBranch()).toBe(sha);
  });
});
