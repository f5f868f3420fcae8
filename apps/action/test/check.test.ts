import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ActionRun,
  checkout,
  git,
  REVIEW,
  runAction,
  runMatrixJob,
  runWorkflowWorkerJob,
  usePublishedRepo,
} from "./helpers.js";

const publish = usePublishedRepo();

/** The project's test: fails (exit 3) when a source file says BROKEN, naming the file. */
const CHECK_SCRIPT = `#!/bin/sh
echo "checking sources"
for f in src/auth/login.ts src/ui/button.tsx; do
  if [ -f "$f" ] && grep -q BROKEN "$f"; then
    echo "FAIL: $f exports a broken value"
    exit 3
  fi
done
echo "all good"
`;

interface Entry {
  id: string;
  name: string;
  branch: string;
  scope: string[];
}

/** Publishes the review and the test script, plans with the action; the matrix entries and the plan file. */
async function planned(files: Record<string, string> = {}) {
  const { remote } = await publish({ "docs/review.md": REVIEW, "check.sh": CHECK_SCRIPT, ...files });
  const plan = await runAction(
    { mode: "plan", documents: "docs/review.md" },
    { cwd: await checkout(remote) },
  );
  expect(plan.code, plan.stdout).toBe(0);
  const entries = (JSON.parse(plan.outputs.matrix as string) as { include: Entry[] }).include;
  const byName = (name: string) => entries.find((e) => e.name === name) as Entry;
  const planFile = path.join(plan.outputs.prompts as string, "plan.json");
  return { remote, planFile, auth: byName("task-1-auth"), ui: byName("task-2-ui") };
}

/** Both workers finish; ui's button file holds `ui` (BROKEN breaks the test). */
async function finishBoth(remote: string, auth: Entry, ui: Entry, ui_: string) {
  await runMatrixJob(remote, auth.branch, [
    { message: "[CHECKPOINT] login", files: { "src/auth/login.ts": "export const login = 1;\n" } },
    { message: "[COMPLETE] auth", files: { "src/auth/logout.ts": "export const logout = 1;\n" } },
  ]);
  await runMatrixJob(remote, ui.branch, [
    { message: "[COMPLETE] button colour", files: { "src/ui/button.tsx": ui_ } },
  ]);
}

async function integrate(remote: string, planFile: string): Promise<ActionRun> {
  const run = await runAction(
    { mode: "integrate", name: "sprint-1", "plan-file": planFile, "fail-on-conflict": "false" },
    { cwd: await checkout(remote) },
  );
  expect(run.code, run.stdout).toBe(0);
  return run;
}

function check(remote: string, planFile: string, extra: Record<string, string> = {}) {
  return checkout(remote).then((cwd) =>
    runAction(
      { mode: "check", name: "sprint-1", test: "sh check.sh", "plan-file": planFile, ...extra },
      { cwd },
    ),
  );
}

function errorLine(stdout: string): string | undefined {
  return stdout.split("\n").find((line) => line.startsWith("::error::"));
}

/** The retry trailers on the remote worker branch, newest first. */
async function trailers(remote: string, branch: string): Promise<string[]> {
  const out = await git(
    ["log", "--format=%(trailers:key=Wo-Check-Retry,valueonly)", `main..${branch}`],
    remote,
  );
  return out.split("\n").filter((l) => l.trim() !== "");
}

describe("mode: check", () => {
  it("blames the worker whose merge fails the test, sends it back twice with the log, then asks a person", async () => {
    const { remote, planFile, auth, ui } = await planned();
    await finishBoth(remote, auth, ui, "export const colour = 'BROKEN';\n");
    await integrate(remote, planFile);

    const first = await check(remote, planFile);
    expect(first.code).toBe(1);
    expect(errorLine(first.stdout)).toContain(
      '::error::The test "sh check.sh" exited 3 in integration/sprint-1: worker task-2-ui\'s merge made it fail; retry 1 of 2 goes back to it',
    );
    expect(first.outputs).toMatchObject({
      ok: "false",
      failed: '[{"feature":"task-2-ui","command":"sh check.sh","exitCode":3,"attempt":1}]',
      "retry-count": "1",
      escalated: "[]",
    });
    expect(JSON.parse(first.outputs.retry as string)).toEqual({
      include: [{ ...ui, attempt: 1, retries: 2 }],
    });
    expect(first.stdout).toContain("Tested the tree of integration/sprint-1 as pushed");
    // Only the blamed worker gets a prompt: which command, its exit, the end of its log, retry 1 of 2.
    const prompts = first.outputs.prompts as string;
    expect(await readdir(prompts)).toEqual(["task-2-ui.md"]);
    const prompt = await readFile(path.join(prompts, "task-2-ui.md"), "utf8");
    expect(prompt).toContain("# Continue Work: task-2-ui");
    expect(prompt).toContain("## Failing check (retry 1 of 2)");
    expect(prompt).toContain("the test command `sh check.sh` exited 3");
    expect(prompt).toContain(
      "```text\nchecking sources\nFAIL: src/ui/button.tsx exports a broken value\n```",
    );
    expect(prompt).toContain("- [COMPLETE] button colour");
    expect(prompt).toContain("# Worker Kickoff: task-2-ui");
    expect(prompt).not.toContain("task-1-auth.md");
    expect(first.summary).toContain("**Blamed: ` task-2-ui `**");
    expect(first.summary).toContain("Retry 1 of 2");
    expect(first.summary).toContain("FAIL: src/ui/button.tsx exports a broken value");

    // Two retry rounds with the workflow's own retry scripts; the agent reads its prompt and does not fix it.
    for (const attempt of [1, 2]) {
      const round = attempt === 1 ? first : await check(remote, planFile);
      expect(round.outputs["retry-count"], round.stdout).toBe("1");
      await runWorkflowWorkerJob(
        remote,
        ui,
        async (dir, env) => {
          const given = await readFile(`${env.RUNNER_TEMP}/wo-prompts/${env.WO_FEATURE}.md`, "utf8");
          expect(given).toContain(`## Failing check (retry ${attempt} of 2)`);
          await writeFile(path.join(dir, ".worker-status"), "done\n");
        },
        { prompts: round.outputs.prompts as string, retry: { attempt, retries: 2 } },
      );
      expect(await trailers(remote, ui.branch)).toEqual(attempt === 1 ? ["1"] : ["2", "1"]);
      expect(await git(["log", "-2", "--format=%s", ui.branch], remote)).toBe(
        `[COMPLETE] the agent reported done\n[CHECKPOINT] retry ${attempt} of 2: the integration's test fails after this branch's merge`,
      );
      const again = await integrate(remote, planFile);
      expect(again.outputs.merged).toBe('["task-2-ui"]');
    }

    const last = await check(remote, planFile);
    expect(last.code).toBe(1);
    expect(last.outputs).toMatchObject({
      ok: "false",
      failed: '[{"feature":"task-2-ui","command":"sh check.sh","exitCode":3,"attempt":3}]',
      retry: '{"include":[]}',
      "retry-count": "0",
      escalated: '["task-2-ui"]',
    });
    expect(await readdir(last.outputs.prompts as string)).toEqual([]);
    expect(errorLine(last.stdout)).toContain("its 2 retry run(s) of 2 are used up");
    expect(last.summary).toContain("**A person is needed:** ` task-2-ui ` had 2 retry run(s) of 2");
  }, 240_000);

  it("sends nobody back when the test fails on the base too, and sets every output when it cannot run", async () => {
    const { remote, planFile, auth, ui } = await planned({ "check.sh": "echo 'the base is red'\nexit 1\n" });
    const none = await check(remote, planFile);
    expect(none.code).toBe(1);
    expect(errorLine(none.stdout)).toContain("::error::No finished workers to integrate");
    expect(none.outputs).toEqual({
      ok: "false",
      failed: "[]",
      retry: '{"include":[]}',
      "retry-count": "0",
      escalated: "[]",
    });
    await finishBoth(remote, auth, ui, "export const colour = 'blue';\n");
    const red = await check(remote, planFile);
    expect(red.code).toBe(1);
    expect(errorLine(red.stdout)).toContain("fails on the base before any worker's merge too");
    expect(red.outputs).toMatchObject({ failed: "[]", "retry-count": "0", escalated: "[]" });
    expect(red.summary).toContain("no worker is to blame");
    expect(red.summary).toContain("the base is red");
    // A test that hangs is stopped by test-timeout and counts as failed, here on the base too.
    const hung = await check(remote, planFile, { test: "sleep 30", "test-timeout": "1s" });
    expect(hung.code).toBe(1);
    expect(errorLine(hung.stdout)).toContain('The test "sleep 30" timed out in integration/sprint-1');
  }, 120_000);

  it("keeps hostile log text out of workflow commands and GITHUB_OUTPUT, and hides the runner's files from the test", async () => {
    const hostile = [
      "::set-output name=retry-count::9",
      "::add-mask::secret",
      "::error::fake error from the log",
      "EOF",
      "ghadelimiter_00000000-0000-0000-0000-000000000000",
      "````",
      "`$(touch pwned)`",
    ];
    const script = `#!/bin/sh
for f in src/ui/button.tsx; do
  if [ -f "$f" ] && grep -q BROKEN "$f"; then
${hostile.map((line) => `    printf '%s\\n' '${line.replace(/'/g, "'\\''")}'`).join("\n")}
    # Merged agent code trying to forge the step's outputs and environment.
    [ -n "$GITHUB_OUTPUT" ] && printf 'retry-count=99\\n' >> "$GITHUB_OUTPUT"
    [ -n "$GITHUB_ENV" ] && printf 'EVIL=1\\n' >> "$GITHUB_ENV"
    echo "runner files: [$GITHUB_OUTPUT$GITHUB_STEP_SUMMARY$ACTIONS_RUNTIME_TOKEN$INPUT_TEST]"
    exit 1
  fi
done
`;
    const { remote, planFile, auth, ui } = await planned({ "check.sh": script });
    await finishBoth(remote, auth, ui, "BROKEN\n");
    await integrate(remote, planFile);
    const cwd = await checkout(remote);
    const githubEnv = path.join(cwd, "..", `github-env-${path.basename(cwd)}`);
    await writeFile(githubEnv, "");
    const run = await runAction(
      { mode: "check", name: "sprint-1", test: "sh check.sh", "plan-file": planFile, retries: "0" },
      { cwd, env: { GITHUB_ENV: githubEnv, ACTIONS_RUNTIME_TOKEN: "runtime-token-for-artifacts" } },
    );
    expect(run.code).toBe(1);
    // retries: 0 asks a person at once; GITHUB_OUTPUT parses and holds exactly the check's outputs.
    expect(run.outputs).toMatchObject({
      ok: "false",
      "retry-count": "0",
      retry: '{"include":[]}',
      escalated: '["task-2-ui"]',
    });
    expect(Object.keys(run.outputs).sort()).toEqual(
      ["escalated", "failed", "ok", "prompts", "report", "retry", "retry-count"].sort(),
    );
    expect(await readFile(githubEnv, "utf8")).toBe("");
    // The log is in the summary and the report, inside a fence none of its lines closes, and never on stdout.
    expect(run.summary).toContain("runner files: []");
    for (const line of hostile) {
      expect(run.summary).toContain(line);
      expect(run.stdout.split("\n")).not.toContain(line);
    }
    expect(run.summary).toMatch(/`{5}text\n/);
    expect(run.stdout).not.toMatch(/^::(set-output|add-mask)/m);
    expect(run.stdout).not.toContain("fake error from the log");
    expect(existsSync(path.join(cwd, "pwned"))).toBe(false);
  }, 120_000);
});

describe("the fan-out workflow's check round", () => {
  it("pushes a retry bundle only to the branch the plan named; the fixed worker passes the next check", async () => {
    const { remote, planFile, auth, ui } = await planned();
    await finishBoth(remote, auth, ui, "export const colour = 'BROKEN';\n");
    await integrate(remote, planFile);
    const round = await check(remote, planFile);
    const mainBefore = await git(["rev-parse", "main"], remote);
    // A hostile retry agent that tries to put its commit on main as well: the bundle names only its own branch.
    await runWorkflowWorkerJob(
      remote,
      ui,
      async (dir) => {
        await mkdir(path.join(dir, "src/ui"), { recursive: true });
        await writeFile(path.join(dir, "src/ui/button.tsx"), "export const colour = 'blue';\n");
        await git(["commit", "-q", "-am", "[COMPLETE] fixed the colour"], dir);
        await git(["branch", "-f", "main", "HEAD"], dir);
      },
      { prompts: round.outputs.prompts as string, retry: { attempt: 1, retries: 2 } },
    );
    expect(await git(["rev-parse", "main"], remote)).toBe(mainBefore);
    // The fix reaches the integration, and the check passes with empty outputs and ok=true.
    expect((await integrate(remote, planFile)).outputs.merged).toBe('["task-2-ui"]');
    const fixed = await check(remote, planFile);
    expect(fixed.code, fixed.stdout).toBe(0);
    expect(fixed.outputs).toEqual({
      ok: "true",
      failed: "[]",
      retry: '{"include":[]}',
      "retry-count": "0",
      escalated: "[]",
      prompts: expect.stringMatching(/wo-check-prompts$/),
      report: expect.stringContaining("✅ ` sh check.sh ` passes."),
    });
    expect(fixed.summary).toContain("Tested the merge of ` task-1-auth `, ` task-2-ui `.");
  }, 180_000);
});
