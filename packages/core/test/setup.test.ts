import { existsSync, statSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, fixtureAgentCmd, waitFor } from "@wo/test-utils";
import { execa } from "execa";
import { beforeAll, describe, expect, test } from "vitest";
import { readPlanFile } from "../src/index.js";
import { useWorld } from "./helpers.js";
import { samplePlan } from "./plan-fixture.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

describe("wo setup", () => {
  test("creates a worktree, branch, metadata, kickoff prompt and launch script per worker", async () => {
    const { wo, repo } = await world();
    const result = await wo.setup(samplePlan());
    expect(result.failed).toBe(0);
    expect(result.base).toBe("main");
    expect(result.workers.map((w) => [w.feature, w.state, w.script])).toEqual([
      ["task-1-auth", "created", ".git/wo/launch/task-1-auth.sh"],
      ["task-2-models", "created", ".git/wo/launch/task-2-models.sh"],
      ["task-3-api", "created", ".git/wo/launch/task-3-api.sh"],
    ]);
    expect(await repo.git(["branch", "--list", "work/*", "--format=%(refname:short)"])).toBe(
      "work/task-1-auth\nwork/task-2-models\nwork/task-3-api",
    );
    const meta = JSON.parse(
      await readFile(path.join(repo.dir, "worktrees/task-3-api/.worktree.json"), "utf8"),
    );
    expect(meta).toMatchObject({
      feature: "task-3-api",
      branch: "work/task-3-api",
      workerId: "task-3",
      scope: ["src/api/"],
      items: ["item-3"],
      tasks: ["Add the users API using UserModel"],
      dependsOn: ["task-2"],
    });
    const prompt = await readFile(path.join(repo.dir, ".git/wo/launch/task-3-api.prompt.md"), "utf8");
    expect(prompt).toMatch(/^# Worker Kickoff: task-3-api\n/);
    expect(prompt).toContain("You need Add UserModel in src/models/ from Worker task-2 (task-2-models)");
    expect(prompt).toContain("Mark the worker done");
    expect(statSync(path.join(repo.dir, ".git/wo/launch/task-3-api.sh")).mode & 0o111).toBeTruthy();
  });

  test("re-running setup on the same plan changes nothing and says so", async () => {
    const { wo } = await world();
    await wo.setup(samplePlan());
    const again = await wo.setup(samplePlan());
    expect(again.changed).toBe(false);
    expect(again.workers.map((w) => w.state)).toEqual(["unchanged", "unchanged", "unchanged"]);
  });

  test("a half-finished setup is reported, and re-running it finishes the job", async () => {
    const { wo, repo } = await world();
    // Something is in the way of one worker's worktree.
    await mkdir(path.join(repo.dir, "worktrees/task-2-models"), { recursive: true });
    await writeFile(path.join(repo.dir, "worktrees/task-2-models/keep.txt"), "not ours");
    const first = await wo.setup(samplePlan());
    expect(first.failed).toBe(1);
    const failed = first.workers.find((w) => w.state === "failed");
    expect(failed?.feature).toBe("task-2-models");
    expect(failed?.error).toMatch(/the directory already exists/);
    expect(first.workers.filter((w) => w.state === "created")).toHaveLength(2);
    expect(await readFile(path.join(repo.dir, "worktrees/task-2-models/keep.txt"), "utf8")).toBe("not ours");

    await import("node:fs/promises").then((fs) =>
      fs.rm(path.join(repo.dir, "worktrees/task-2-models"), { recursive: true }),
    );
    const second = await wo.setup(samplePlan());
    expect(second.failed).toBe(0);
    expect(second.workers.map((w) => w.state)).toEqual(["unchanged", "created", "unchanged"]);
  });

  test("new worktrees get the configured files copied and the post-create command run", async () => {
    const { repo, env } = await world();
    await writeFile(path.join(repo.dir, ".env"), "SECRET=1\n");
    await writeFile(path.join(repo.dir, ".gitignore"), ".env\n");
    await repo.commit("ignore env", { ".gitignore": ".env\n" });
    await writeFile(
      path.join(repo.dir, "wo.config.json"),
      JSON.stringify({ setup: { copyFiles: [".env"], postCreate: 'echo "$WO_FEATURE" > .bootstrapped' } }),
    );
    const { Orchestrator } = await import("../src/index.js");
    const wo = await Orchestrator.open({ cwd: repo.dir, env });
    const result = await wo.setup(samplePlan());
    expect(result.workers[0]?.changes).toContain("bootstrap");
    expect(await readFile(path.join(repo.dir, "worktrees/task-1-auth/.env"), "utf8")).toBe("SECRET=1\n");
    expect(await readFile(path.join(repo.dir, "worktrees/task-1-auth/.bootstrapped"), "utf8")).toBe(
      "task-1-auth\n",
    );
  });

  test("a failing post-create command fails that worker and is retried on the next run", async () => {
    const { repo, env } = await world();
    await writeFile(
      path.join(repo.dir, "wo.config.json"),
      JSON.stringify({ setup: { postCreate: "test -f ../go || exit 7" } }),
    );
    const { Orchestrator } = await import("../src/index.js");
    const wo = await Orchestrator.open({ cwd: repo.dir, env });
    const first = await wo.setup(samplePlan());
    expect(first.failed).toBe(3);
    expect(first.workers[0]?.error).toMatch(/setup.postCreate failed in task-1-auth \(exit 7\)/);
    await writeFile(path.join(repo.dir, "worktrees/go"), "");
    const second = await wo.setup(samplePlan());
    expect(second.failed).toBe(0);
    expect(second.workers[0]?.changes).toContain("bootstrap");
  });

  test("a copied file outside the repository is refused", async () => {
    const { repo, env } = await world();
    await writeFile(
      path.join(repo.dir, "wo.config.json"),
      JSON.stringify({ setup: { copyFiles: ["../../etc/passwd"] } }),
    );
    const { Orchestrator } = await import("../src/index.js");
    const wo = await Orchestrator.open({ cwd: repo.dir, env });
    const result = await wo.setup(samplePlan());
    expect(result.workers[0]?.error).toBe(`setup.copyFiles "../../etc/passwd" points outside the repository`);
  });

  test("the launch script starts the agent in the worktree with its kickoff prompt", async () => {
    const { wo, repo } = await world();
    await wo.setup(samplePlan(), { agentCmd: fixtureAgentCmd("complete") });
    await execa("bash", [path.join(repo.dir, ".git/wo/launch/task-1-auth.sh")], { cwd: "/" });
    const received = await readFile(path.join(repo.dir, "worktrees/task-1-auth/.agent-prompt.txt"), "utf8");
    expect(received).toBe(
      await readFile(path.join(repo.dir, ".git/wo/launch/task-1-auth.prompt.md"), "utf8"),
    );
    expect(await readFile(path.join(repo.dir, "worktrees/task-1-auth/.worker-status"), "utf8")).toBe(
      "done\n",
    );
  });

  test("--spawn starts every worker in tmux with its kickoff prompt, once", async () => {
    const { wo, repo } = await world();
    const result = await wo.setup(samplePlan(), {
      spawn: true,
      agentCmd: fixtureAgentCmd("complete-stay"),
    });
    expect(result.workers.every((w) => w.changes.includes("spawned"))).toBe(true);
    await waitFor(async () => (await wo.status()).every((s) => s.status === "done"));
    const prompt = await readFile(path.join(repo.dir, "worktrees/task-2-models/.agent-prompt.txt"), "utf8");
    expect(prompt).toBe(
      await readFile(path.join(repo.dir, ".git/wo/launch/task-2-models.prompt.md"), "utf8"),
    );
    const statuses = await wo.status();
    expect(statuses.map((s) => [s.feature, s.task])).toEqual([
      ["task-1-auth", "Fix the null check in src/auth/login.ts"],
      ["task-2-models", "Add UserModel in src/models/"],
      ["task-3-api", "Add the users API using UserModel"],
    ]);
    const again = await wo.setup(samplePlan(), {
      spawn: true,
      agentCmd: fixtureAgentCmd("complete-stay"),
    });
    expect(again.changed).toBe(false);
  });

  test("--spawn with a missing agent sets nothing up", async () => {
    const { wo, repo } = await world();
    await expect(
      wo.setup(samplePlan(), { spawn: true, agentCmd: "no-such-agent {prompt}" }),
    ).rejects.toMatchObject({
      code: "E_AGENT_NOT_FOUND",
    });
    expect(existsSync(path.join(repo.dir, "worktrees"))).toBe(false);
  });

  test("the scope guard rejects commits outside the worker's scope and keeps the repository's own hook", async () => {
    const { wo, repo } = await world();
    await writeFile(
      path.join(repo.dir, ".git/hooks/pre-commit"),
      '#!/bin/sh\necho own-hook-ran >> "$(git rev-parse --git-common-dir)/own-hook.log"\n',
      {
        mode: 0o755,
      },
    );
    const result = await wo.setup(samplePlan(), { guard: true });
    expect(result.workers[1]?.changes).toContain("guard");
    const dir = path.join(repo.dir, "worktrees/task-2-models");
    await repo.write({ "src/models/user.ts": "export {}", "src/api/users.ts": "export {}" }, { cwd: dir });
    await repo.git(["add", "src"], { cwd: dir });
    const refused = await execa("git", ["commit", "-m", "[CHECKPOINT] both"], { cwd: dir, reject: false });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain(
      "wo scope guard: 1 staged path(s) outside the scope of task-2-models (src/models/):",
    );
    expect(refused.stderr).toContain('"src/api/users.ts"');
    await repo.git(["restore", "--staged", "src/api"], { cwd: dir });
    await repo.git(["commit", "-q", "-m", "[CHECKPOINT] models"], { cwd: dir });
    expect(await readFile(path.join(repo.dir, ".git/own-hook.log"), "utf8")).toBe("own-hook-ran\n");
    // The main checkout keeps the repository's own hook and gets no guard: any path may be committed there.
    await repo.write({ "anywhere.txt": "x" });
    await repo.git(["add", "anywhere.txt"]);
    await repo.git(["commit", "-q", "-m", "main commit"]);
    expect(await readFile(path.join(repo.dir, ".git/own-hook.log"), "utf8")).toBe(
      "own-hook-ran\nown-hook-ran\n",
    );
    const again = await wo.setup(samplePlan(), { guard: true });
    expect(again.changed).toBe(false);
  });

  test("a plan file that is not a plan names the file and the field", async () => {
    const { repo } = await world();
    const file = path.join(repo.dir, "plan.json");
    await writeFile(file, JSON.stringify({ ...samplePlan(), workers: [{ id: "one" }] }));
    await expect(readPlanFile(file)).rejects.toThrow(
      `${file} is not a wo plan: workers.0.id: worker ids look like "task-1"`,
    );
    await writeFile(file, "not json");
    await expect(readPlanFile(file)).rejects.toThrow(`${file} is not a wo plan: it is not JSON`);
  });
});

describe("plans that point outside the repository", () => {
  test.each([
    ["../../etc/passwd", 'contains ".."'],
    ["/etc/passwd", "is absolute"],
    ["src\\..\\x", "contains a backslash or NUL"],
  ])("a worker scope %j is refused before anything is created", async (scope, why) => {
    const { wo, repo } = await world();
    const plan = samplePlan();
    (plan.workers[1] as { scope: string[] }).scope = [scope];
    await expect(wo.setup(plan)).rejects.toThrow(
      `Plan worker task-2-models has the scope ${JSON.stringify(scope)}, which ${why}`,
    );
    expect(existsSync(path.join(repo.dir, "worktrees"))).toBe(false);
  });

  test("a worker name that is not a feature name is refused", async () => {
    const { wo } = await world();
    const plan = samplePlan();
    (plan.workers[0] as { name: string }).name = "../../escape";
    await expect(wo.setup(plan)).rejects.toMatchObject({ code: "E_INPUT" });
  });

  test("a plan file with such a scope is refused when it is read", async () => {
    const { repo } = await world();
    const plan = samplePlan();
    (plan.workers[0] as { scope: string[] }).scope = ["../outside/"];
    const file = path.join(repo.dir, "plan.json");
    await writeFile(file, JSON.stringify(plan));
    await expect(readPlanFile(file)).rejects.toThrow(
      /workers.0.scope.0: scope paths must stay inside the repository/,
    );
  });

  test("setup never writes into the user's tree: a file at the old scripts/ path stays untouched", async () => {
    const { wo, repo } = await world();
    await mkdir(path.join(repo.dir, "scripts"), { recursive: true });
    const mine = path.join(repo.dir, "scripts/worker-1-auth.sh");
    await writeFile(mine, "#!/bin/sh\necho my own script\n");
    const result = await wo.setup(samplePlan());
    expect(result.failed).toBe(0);
    expect(await readFile(mine, "utf8")).toBe("#!/bin/sh\necho my own script\n");
    expect(await repo.git(["status", "--porcelain", "--untracked-files=all"])).toBe(
      "?? scripts/worker-1-auth.sh",
    );
  });

  test("cleanup removes the launch script, kickoff prompt and launch spec of the workers it removes", async () => {
    const { wo, repo } = await world();
    await wo.setup(samplePlan());
    const launch = path.join(repo.dir, ".git/wo/launch");
    expect(existsSync(path.join(launch, "task-1-auth.sh"))).toBe(true);
    await wo.cleanup({ only: ["task-1-auth"] });
    expect(existsSync(path.join(launch, "task-1-auth.sh"))).toBe(false);
    expect(existsSync(path.join(launch, "task-1-auth.prompt.md"))).toBe(false);
    expect(existsSync(path.join(launch, "task-2-models.sh"))).toBe(true);
  });
});
