import { existsSync, symlinkSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Plan } from "@wo/core";
import { kickoffPrompt, promptWorkerOf, workerPrompt } from "@wo/core/internal";
import { describe, expect, it } from "vitest";
import {
  checkout,
  git,
  type JobCommit,
  runAction,
  runMatrixJob,
  runWorkflowWorkerJob,
  tempDir,
  usePublishedRepo,
} from "./helpers.js";

const publish = usePublishedRepo();

interface Entry {
  id: string;
  name: string;
  branch: string;
  scope: string[];
}

/** Publishes the review, plans it with the action and returns the remote and the matrix entries by name. */
async function planned(files?: Record<string, string>) {
  const { remote } = await publish(files);
  const plan = await runAction({ mode: "plan", documents: "docs/*.md" }, { cwd: await checkout(remote) });
  expect(plan.code, plan.stdout).toBe(0);
  const entries = (JSON.parse(plan.outputs.matrix ?? "") as { include: Entry[] }).include;
  const byName = (name: string) => entries.find((e) => e.name === name) as Entry;
  const prompts = plan.outputs.prompts as string;
  return { remote, plan, entries, prompts, auth: byName("task-1-auth"), ui: byName("task-2-ui") };
}

const finishAuth: JobCommit[] = [
  { message: "[CHECKPOINT] login endpoint", files: { "src/auth/login.ts": "export const login = 1;\n" } },
  { message: "[COMPLETE] auth endpoints", files: { "src/auth/logout.ts": "export const logout = 1;\n" } },
];
const finishUi: JobCommit[] = [
  { message: "[COMPLETE] button colour", files: { "src/ui/button.tsx": "export const colour = 'blue';\n" } },
];

/** The commits on `branch` of the bare remote, or null when it has no such branch. */
async function remoteBranch(remote: string, branch: string): Promise<string | null> {
  const out = await git(["for-each-ref", "--format=%(objectname)", `refs/heads/${branch}`], remote);
  return out === "" ? null : out;
}

async function contains(remote: string, ancestor: string, branch: string): Promise<boolean> {
  return git(["merge-base", "--is-ancestor", ancestor, branch], remote).then(
    () => true,
    () => false,
  );
}

function errorLine(stdout: string): string | undefined {
  return stdout.split("\n").find((line) => line.startsWith("::error::"));
}

describe("plan", () => {
  it("outputs the plan, one matrix entry per worker with wo setup's prompt, and the manifest as summary", async () => {
    const { remote } = await publish();
    const run = await runAction(
      { mode: "plan", documents: "docs/review.md,\n  docs/*.md\n" },
      { cwd: await checkout(remote) },
    );
    expect(run.code, run.stdout).toBe(0);
    const plan = JSON.parse(run.outputs.plan ?? "") as Plan;
    expect(plan.sources).toEqual(["docs/review.md"]);
    const matrix = JSON.parse(run.outputs.matrix ?? "") as { include: Entry[] };
    expect(matrix.include).toEqual([
      {
        id: "task-1",
        name: "task-1-auth",
        branch: "work/task-1-auth",
        scope: ["src/auth/login.ts", "src/auth/logout.ts"],
      },
      { id: "task-2", name: "task-2-ui", branch: "work/task-2-ui", scope: ["src/ui/button.tsx"] },
    ]);
    // The prompts are files in the runner's temp directory, never in the matrix, an environment variable or the checkout.
    expect(run.outputs.prompts).toMatch(/runner-temp\/wo-prompts$/);
    expect((await readdir(run.outputs.prompts as string)).sort()).toEqual([
      "plan.json",
      "task-1-auth.md",
      "task-2-ui.md",
    ]);
    for (const worker of plan.workers) {
      const branch = `work/${worker.name}`;
      expect(await readFile(path.join(run.outputs.prompts as string, `${worker.name}.md`), "utf8")).toBe(
        workerPrompt(kickoffPrompt(promptWorkerOf(plan, worker), { worktree: ".", branch }), {
          commitProtocol: false,
        }),
      );
    }
    expect(run.outputs.count).toBe("2");
    expect(run.outputs.ok).toBe("true");
    expect(run.summary).toContain("## Work Item Manifest");
    expect(run.summary).toContain("| task-2-ui | work/task-2-ui | src/ui/button.tsx |");
    expect(run.summary).not.toContain("Proceed with this split?");
  });

  it("outputs an empty matrix and a count of 0 when nothing is left to do", async () => {
    const { remote } = await publish({
      "docs/done.md": "# Done\n\n- [x] Add login in `src/auth/login.ts`\n",
    });
    const run = await runAction({ mode: "plan", documents: "docs/done.md" }, { cwd: await checkout(remote) });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.matrix).toBe('{"include":[]}');
    expect(run.outputs.count).toBe("0");
    expect(run.summary).toContain("No workers: nothing is ready to assign");
  });

  it("fails the step with the error and its hint when a document pattern matches nothing", async () => {
    const { remote } = await publish();
    const run = await runAction(
      { mode: "plan", documents: "docs/review.md, docs/missing-*.md" },
      { cwd: await checkout(remote) },
    );
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toMatchInlineSnapshot(
      `"::error::No document matches "docs/missing-*.md"%0Ahint: Patterns are relative to the repository root; check out the repository before this step"`,
    );
    // Later jobs test ok (and count): both are set although the step failed.
    expect(run.outputs).toEqual({ ok: "false", count: "0", matrix: '{"include":[]}' });
  });
});

describe("GitHub's size limits", () => {
  it("fails a plan whose matrix would pass 1 MB with the limit named, still setting ok and count, the summary cut below 1 MiB", async () => {
    // ~1.36 MB of short work items: the matrix alone (scopes) passes 1 MB counted as UTF-16, the summary 1 MiB.
    const items = Array.from(
      { length: 22_000 },
      (_, i) => `- [ ] Fix the handler number ${i} in \`src/mod${i % 50}/file${i}.ts\``,
    );
    const { remote } = await publish({ "docs/big.md": `# Big\n\n## Work\n${items.join("\n")}\n` });
    const run = await runAction({ mode: "plan", documents: "docs/big.md" }, { cwd: await checkout(remote) });
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toMatch(
      /^::error::The step's outputs would be [\d,]+ bytes \(UTF-16\), over GitHub's limit of 1 MB of outputs per job \(1,000,000 bytes\); biggest: matrix /,
    );
    // The plan output was given up first (it is in plan.json), with a warning.
    expect(run.stdout).toContain("::warning::The plan output is left empty");
    expect(run.outputs).toEqual({ ok: "false", count: "0", matrix: '{"include":[]}' });
    expect(run.summary).toContain("## Work Item Manifest");
    expect(run.summary).toContain("cut here: GitHub limits a step summary to 1 MiB");
    expect(Buffer.byteLength(run.summary)).toBeLessThan(1024 * 1024);
  });
});

describe("monitor and integrate after the matrix jobs", () => {
  it("runs the whole fan-out: the workflow's worker scripts push branches, monitor reports them, integrate merges", async () => {
    const { remote, auth, ui, prompts } = await planned();
    // Agents in place of the workflow's agent step, following the prompt file they were given.
    await runWorkflowWorkerJob(
      remote,
      auth,
      async (dir, env) => {
        const prompt = await readFile(`${env.RUNNER_TEMP}/wo-prompts/${env.WO_FEATURE}.md`, "utf8");
        expect(prompt).toContain("src/auth/login.ts");
        await mkdir(path.join(dir, "src/auth"), { recursive: true });
        await writeFile(path.join(dir, "src/auth/login.ts"), "export const login = 1;\n");
        await git(["add", "src/auth/login.ts"], dir);
        await git(["commit", "-q", "-m", "[CHECKPOINT] login endpoint"], dir);
        // Left uncommitted, reported through the result protocol only.
        await writeFile(path.join(dir, "src/auth/logout.ts"), "export const logout = 1;\n");
        await writeFile(path.join(dir, ".worker-result.md"), "Login and logout endpoints added.\n");
        await writeFile(path.join(dir, ".worker-status"), "done\n");
      },
      { prompts },
    );
    await runWorkflowWorkerJob(
      remote,
      ui,
      async (dir) => {
        await writeFile(path.join(dir, ".worker-result.md"), "Which colour? The document does not say.\n");
        await writeFile(path.join(dir, ".worker-status"), "failed\n");
      },
      { prompts },
    );
    expect(await git(["log", "--format=%s", "main..work/task-1-auth"], remote)).toBe(
      [
        "[COMPLETE] the agent reported done",
        "Work left uncommitted by the agent",
        "[CHECKPOINT] login endpoint",
      ].join("\n"),
    );
    // The protocol files stay out of the branch (.git/info/exclude).
    expect(await git(["ls-tree", "-r", "--name-only", "work/task-1-auth"], remote)).toBe(
      "README.md\ndocs/review.md\nsrc/auth/login.ts\nsrc/auth/logout.ts",
    );

    const monitor = await runAction({ mode: "monitor" }, { cwd: await checkout(remote) });
    expect(monitor.code, monitor.stdout).toBe(0);
    expect(monitor.outputs).toMatchObject({
      complete: '["task-1-auth"]',
      blocked: '["task-2-ui"]',
      "all-complete": "false",
    });
    expect(monitor.outputs.report).toContain("| task-2-ui | work/task-2-ui |");
    expect(monitor.outputs.report).toContain("Worker task-2-ui is BLOCKED: agent-failed");
    expect(monitor.outputs.report).toContain(
      "re-run the workflow: its worker job continues on work/task-2-ui",
    );
    expect(monitor.outputs.report).not.toMatch(/\bwo (send|resume|attach|monitor)\b/);
    expect(monitor.summary.trimEnd()).toBe(monitor.outputs.report?.trimEnd());

    const integrate = await runAction(
      { mode: "integrate", name: "sprint-1" },
      { cwd: await checkout(remote) },
    );
    expect(integrate.code, integrate.stdout).toBe(0);
    expect(integrate.outputs).toMatchObject({
      branch: "integration/sprint-1",
      merged: '["task-1-auth"]',
      conflicts: "[]",
      skipped: '["task-2-ui"]',
    });
    expect(await contains(remote, auth.branch, "integration/sprint-1")).toBe(true);
    expect(await contains(remote, ui.branch, "integration/sprint-1")).toBe(false);
    expect(integrate.summary).toContain("# Integration integration/sprint-1");
    expect(integrate.summary).toContain("### Not merged: not ready");
    expect(integrate.summary.trimEnd()).toBe(integrate.outputs.report?.trimEnd());
  });

  it("never mixes runs: a later run's worker job refuses an earlier run's branch, and its monitor and integrate leave it out", async () => {
    const first = await planned();
    await runMatrixJob(first.remote, first.auth.branch, finishAuth);
    // The base moves on, and the workflow runs again (another run id).
    const author = await checkout(first.remote);
    await git(["commit", "-q", "--allow-empty", "-m", "main moves on"], author);
    await git(["push", "-q", "origin", "HEAD:refs/heads/main"], author);
    const second = await runAction(
      { mode: "plan", documents: "docs/*.md" },
      { cwd: await checkout(first.remote), env: { GITHUB_RUN_ID: "2002" } },
    );
    expect(second.code, second.stdout).toBe(0);
    const planFile = path.join(second.outputs.prompts as string, "plan.json");
    const plan = JSON.parse(await readFile(planFile, "utf8")) as Plan;
    expect(plan.run).toEqual({ id: "gh-2002", base: await git(["rev-parse", "main"], first.remote) });

    const refused = await runWorkflowWorkerJob(first.remote, first.auth, async () => {}).catch(
      (error: Error) => error,
    );
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain(
      "::error::origin has work/task-1-auth from an earlier run. Integrate or delete it first",
    );
    // This run's ui worker, run twice (a re-run continues its own branch).
    const colour = async (dir: string) => {
      await mkdir(path.join(dir, "src/ui"), { recursive: true });
      await writeFile(path.join(dir, "src/ui/button.tsx"), `export const colour = 'blue';\n`);
      await git(["add", "-A"], dir);
      await git(["commit", "-q", "-m", "[CHECKPOINT] colour"], dir);
    };
    await runWorkflowWorkerJob(first.remote, first.ui, colour);
    await runWorkflowWorkerJob(first.remote, first.ui, async (dir) => {
      await git(["commit", "-q", "--allow-empty", "-m", "[COMPLETE] button colour"], dir);
    });
    expect(await git(["log", "--format=%s", "main..work/task-2-ui"], first.remote)).toBe(
      "[COMPLETE] button colour\n[CHECKPOINT] colour",
    );

    const monitor = await runAction(
      { mode: "monitor", forecast: "false", "plan-file": planFile },
      { cwd: await checkout(first.remote) },
    );
    expect(monitor.code, monitor.stdout).toBe(0);
    expect(monitor.outputs).toMatchObject({ complete: '["task-2-ui"]', "all-complete": "true" });
    expect(monitor.outputs.report).not.toContain("task-1-auth");
    const integrate = await runAction(
      { mode: "integrate", name: "run-2", "plan-file": planFile },
      { cwd: await checkout(first.remote) },
    );
    expect(integrate.code, integrate.stdout).toBe(0);
    expect(integrate.outputs).toMatchObject({ merged: '["task-2-ui"]', conflicts: "[]", skipped: "[]" });
    expect(await contains(first.remote, first.auth.branch, "integration/run-2")).toBe(false);
  }, 180_000);

  it("says all-complete when every worker committed [COMPLETE]", async () => {
    const { remote, auth, ui } = await planned();
    await runMatrixJob(remote, auth.branch, finishAuth);
    await runMatrixJob(remote, ui.branch, finishUi);
    const monitor = await runAction({ mode: "monitor", forecast: "false" }, { cwd: await checkout(remote) });
    expect(monitor.outputs).toMatchObject({
      complete: '["task-1-auth","task-2-ui"]',
      blocked: "[]",
      "all-complete": "true",
    });
    expect(monitor.outputs.report).not.toContain("Conflict Forecast");
  });

  it("fetches the other worker branches in a checkout of a worker branch, leaving the checked-out one alone", async () => {
    const { remote, auth, ui } = await planned();
    await runMatrixJob(remote, auth.branch, finishAuth);
    await runMatrixJob(remote, ui.branch, finishUi);
    const cwd = await checkout(remote, auth.branch);
    const monitor = await runAction({ mode: "monitor", base: "main" }, { cwd });
    expect(monitor.code, monitor.stdout).toBe(0);
    expect(monitor.stdout).toContain(
      "Fetched work/* from origin (except work/task-1-auth, checked out here)",
    );
    expect(monitor.outputs["all-complete"]).toBe("true");
  });

  it("refuses to guess the base in a checkout of a worker branch", async () => {
    const { remote, auth } = await planned();
    await runMatrixJob(remote, auth.branch, finishAuth);
    const monitor = await runAction({ mode: "monitor" }, { cwd: await checkout(remote, auth.branch) });
    expect(monitor.code).toBe(1);
    expect(errorLine(monitor.stdout)).toMatchInlineSnapshot(
      `"::error::Cannot tell which branch the workers started from: the checkout is on work/task-1-auth%0Ahint: Set the base input (e.g. base: main), or check out the base branch before this step"`,
    );
  });

  it("takes a pull request's base branch in its detached merge checkout", async () => {
    const { remote, auth } = await planned();
    await runMatrixJob(remote, auth.branch, finishAuth);
    // What actions/checkout leaves for a pull_request event: a detached HEAD and no local base branch.
    const cwd = await checkout(remote);
    await git(["checkout", "-q", "--detach"], cwd);
    await git(["branch", "-q", "-D", "main"], cwd);
    const monitor = await runAction({ mode: "monitor" }, { cwd, env: { GITHUB_BASE_REF: "main" } });
    expect(monitor.code, monitor.stdout).toBe(0);
    expect(monitor.outputs.complete).toBe('["task-1-auth"]');
  });

  it("refuses a shallow clone with a hint to fetch the whole history", async () => {
    const { remote } = await planned();
    const cwd = path.join(await tempDir("wo-action-shallow-"), "clone");
    await git(["clone", "-q", "--depth", "1", `file://${remote}`, cwd], path.dirname(cwd));
    const monitor = await runAction({ mode: "monitor" }, { cwd });
    expect(monitor.code).toBe(1);
    expect(errorLine(monitor.stdout)).toMatchInlineSnapshot(
      `"::error::The repository is a shallow clone: wo needs the full history of the worker branches and their base%0Ahint: Check out with actions/checkout and fetch-depth: 0"`,
    );
  });

  it("leaves conflicting workers out, merges and pushes the rest, and fails the step", async () => {
    const { remote } = await publish();
    // Branches pushed without a plan merge in name order; alpha and beta write the changelog differently.
    await runMatrixJob(remote, "work/alpha", [
      { message: "[COMPLETE] alpha", files: { "alpha.txt": "a\n", "CHANGELOG.md": "- alpha\n" } },
    ]);
    await runMatrixJob(remote, "work/beta", [
      { message: "[COMPLETE] beta", files: { "beta.txt": "b\n", "CHANGELOG.md": "- beta\n" } },
    ]);
    await runMatrixJob(remote, "work/gamma", [
      { message: "[COMPLETE] gamma", files: { "gamma.txt": "c\n" } },
    ]);

    const run = await runAction({ mode: "integrate", name: "sprint-1" }, { cwd: await checkout(remote) });
    expect(run.code).toBe(1);
    expect(run.outputs.merged).toBe('["alpha","gamma"]');
    expect(run.outputs.conflicts).toBe('[{"feature":"beta","files":["CHANGELOG.md"]}]');
    expect(errorLine(run.stdout)).toMatchInlineSnapshot(
      `"::error::1 worker(s) conflict and were not merged into integration/sprint-1: beta (CHANGELOG.md)%0Ahint: Resolve the conflicts on the worker branches and run again, or set fail-on-conflict: false to accept a partial integration"`,
    );
    expect(await contains(remote, "work/gamma", "integration/sprint-1")).toBe(true);
    expect(await contains(remote, "work/beta", "integration/sprint-1")).toBe(false);
    expect(run.summary).toContain("### Not merged: conflicts");
  });

  it("passes the step on conflicts with fail-on-conflict: false, the conflicts still in its outputs", async () => {
    const { remote, auth, ui } = await planned();
    await runMatrixJob(remote, auth.branch, [{ message: "[COMPLETE] a", files: { "shared.txt": "auth\n" } }]);
    await runMatrixJob(remote, ui.branch, [{ message: "[COMPLETE] b", files: { "shared.txt": "ui\n" } }]);
    const run = await runAction(
      { mode: "integrate", name: "sprint-1", "fail-on-conflict": "false" },
      { cwd: await checkout(remote) },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.merged).toBe('["task-1-auth"]');
    expect(run.outputs.conflicts).toBe('[{"feature":"task-2-ui","files":["shared.txt"]}]');
  });

  it("continues the pushed integration branch on a later run, pushing a fast-forward", async () => {
    const { remote, auth, ui } = await planned();
    await runMatrixJob(remote, auth.branch, finishAuth);
    const first = await runAction({ mode: "integrate", name: "sprint-1" }, { cwd: await checkout(remote) });
    expect(first.outputs.merged).toBe('["task-1-auth"]');
    const before = (await remoteBranch(remote, "integration/sprint-1")) as string;

    await runMatrixJob(remote, ui.branch, finishUi);
    const second = await runAction({ mode: "integrate", name: "sprint-1" }, { cwd: await checkout(remote) });
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs.merged).toBe('["task-2-ui"]');
    expect(second.summary).toContain("1 already merged");
    expect(await contains(remote, before, "integration/sprint-1")).toBe(true);
    expect(await contains(remote, ui.branch, "integration/sprint-1")).toBe(true);
  });

  it("fails with wo's hint when no worker has finished", async () => {
    const { remote, auth } = await planned();
    await runMatrixJob(remote, auth.branch, [
      { message: "[CHECKPOINT] half", files: { "src/auth/login.ts": "1\n" } },
    ]);
    const run = await runAction({ mode: "integrate", name: "sprint-1" }, { cwd: await checkout(remote) });
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toMatchInlineSnapshot(
      `"::error::No finished workers to integrate%0Ahint: Workers finish with a [COMPLETE] commit or wo report done; --include-incomplete merges unfinished ones"`,
    );
    expect(await remoteBranch(remote, "integration/sprint-1")).toBeNull();
  });
});

describe("on a bare runner", () => {
  it("merges as github-actions[bot] when no git identity is configured", async () => {
    const { remote, auth } = await planned();
    await runMatrixJob(remote, auth.branch, finishAuth);
    const run = await runAction(
      { mode: "integrate", name: "sprint-1" },
      { cwd: await checkout(remote), noIdentity: true },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(await git(["log", "-1", "--format=%an <%ae>|%cn", "integration/sprint-1"], remote)).toBe(
      "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|github-actions[bot]",
    );
  });

  it("monitors and integrates without tmux installed", async () => {
    const { remote, auth, ui } = await planned();
    await runMatrixJob(remote, auth.branch, finishAuth);
    await runMatrixJob(remote, ui.branch, finishUi);
    // A PATH with git and nothing else: no tmux, no shell tools.
    const bin = await tempDir("wo-action-bin-");
    const gitPath = (await git(["--exec-path"], remote)).replace(
      /\/lib\/git-core$|\/libexec\/git-core$/,
      "/bin/git",
    );
    symlinkSync(existsSync(gitPath) ? gitPath : "/usr/bin/git", path.join(bin, "git"));
    expect(await readdir(bin)).toEqual(["git"]);
    const monitor = await runAction({ mode: "monitor" }, { cwd: await checkout(remote), path: bin });
    expect(monitor.code, monitor.stdout).toBe(0);
    expect(monitor.outputs["all-complete"]).toBe("true");
    const integrate = await runAction(
      { mode: "integrate", name: "sprint-1" },
      { cwd: await checkout(remote), path: bin },
    );
    expect(integrate.code, integrate.stdout).toBe(0);
    expect(integrate.outputs.merged).toBe('["task-1-auth","task-2-ui"]');
  });
});

describe("untrusted text", () => {
  const evil = "$(touch pwned) `touch pwned` ; touch pwned && echo '\"";

  it("keeps shell syntax in commit messages as text in every output", async () => {
    const { remote, auth, ui } = await planned();
    await runMatrixJob(remote, auth.branch, [
      {
        message: `[COMPLETE] ${evil}\n\nEOF\nghadelimiter_x\n::error::fake`,
        files: { "src/auth/login.ts": "1\n" },
      },
    ]);
    await runMatrixJob(remote, ui.branch, [
      { message: `[BLOCKED:input] ${evil}`, files: { "src/ui/b.tsx": "1\n" } },
    ]);
    const cwd = await checkout(remote);
    const monitor = await runAction({ mode: "monitor" }, { cwd });
    expect(monitor.code, monitor.stdout).toBe(0);
    expect(monitor.outputs.report).toContain(`Worker task-2-ui is BLOCKED: input (${evil})`);
    const integrate = await runAction({ mode: "integrate", name: "sprint-1" }, { cwd });
    expect(integrate.code, integrate.stdout).toBe(0);
    expect(integrate.outputs.report).toContain("touch pwned");
    expect(monitor.stdout + integrate.stdout).not.toContain("::error::fake");
    expect(existsSync(path.join(cwd, "pwned"))).toBe(false);
  });

  it("reports a branch named like a shell command as a name, without running it", async () => {
    const { remote } = await planned();
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax that must stay text
    const branch = "work/x-$(touch${IFS}pwned)";
    await runMatrixJob(remote, branch, [{ message: "[COMPLETE] x", files: { "x.txt": "x\n" } }]);
    const cwd = await checkout(remote);
    const monitor = await runAction({ mode: "monitor", forecast: "false" }, { cwd });
    expect(monitor.code, monitor.stdout).toBe(0);
    // Shown in the report, but never listed in an output a later job acts on.
    expect(monitor.outputs.report).toContain(branch.slice("work/".length));
    expect(monitor.outputs.complete).toBe("[]");
    expect(monitor.outputs.report).toContain(`git branch -m '${branch}' work/<valid-name>`);
    // wo leaves a branch with an invalid name out of the integration (it is reported, never run or merged).
    const integrate = await runAction({ mode: "integrate", name: "sprint-1" }, { cwd });
    expect(integrate.code).toBe(1);
    expect(errorLine(integrate.stdout)).toMatchInlineSnapshot(
      `"::error::No finished workers to integrate%0Ahint: Workers finish with a [COMPLETE] commit or wo report done; --include-incomplete merges unfinished ones"`,
    );
    expect(existsSync(path.join(cwd, "pwned"))).toBe(false);
  });
});
