import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createIsolatedTmux, fixtureAgentCmd, waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { BIN, useCliWorld } from "./run.js";

const world = useCliWorld();

const REVIEW = `# Code review

## Critical Findings

1. **Null check missing in login**: \`src/auth/login.ts:12-40\` crashes on empty passwords. Fix the null check.
2. Refactor the session store in \`src/auth/session.ts\` to use the new cache.

## Models

- [ ] Add the \`UserModel\` in \`src/models/user.ts\`
- [ ] Add validation for \`src/models/user.ts\` fields

## API

- [ ] Add the users endpoint in \`src/api/users.ts\` (requires UserModel)
- [ ] Add tests for \`src/api/users.ts\`
`;

async function setup() {
  const w = await world();
  await writeFile(path.join(w.repo.dir, "review.md"), REVIEW);
  return w;
}

describe("wo plan", () => {
  test("prints the Work Item Manifest, JSON or mermaid", async () => {
    const { run } = await setup();
    const manifest = await run(["plan", "review.md"]);
    expect(manifest.code).toBe(0);
    expect(manifest.stdout).toMatch(/^## Work Item Manifest\n/);
    // Piped: nobody can answer, so the manifest ends without its question.
    expect(manifest.stdout).not.toContain("Proceed with this split?");
    const json = JSON.parse((await run(["plan", "review.md", "--json"])).stdout);
    expect(Object.keys(json).sort()).toEqual([
      "assessment",
      "assumptions",
      "clarify",
      "items",
      "sources",
      "workers",
    ]);
    expect(json.workers.map((w: { name: string }) => w.name)).toEqual([
      "task-1-auth",
      "task-2-models",
      "task-3-api",
    ]);
    expect((await run(["plan", "review.md", "--format", "mermaid"])).stdout).toMatch(/^graph TD/);
  });

  test("without a TTY it never prompts; -o writes the plan and --yes accepts it for wo setup", async () => {
    const { run, repo } = await setup();
    const result = await run(["plan", "review.md", "-o", "plan.json"]);
    expect(result.stderr).toBe("Plan written to plan.json\n");
    expect(JSON.parse(await readFile(path.join(repo.dir, "plan.json"), "utf8")).workers).toHaveLength(3);
    expect(existsSync(path.join(repo.dir, ".git/wo/plan.json"))).toBe(false);
    await run(["plan", "review.md", "--yes"]);
    expect(existsSync(path.join(repo.dir, ".git/wo/plan.json"))).toBe(true);
  });

  test.each([
    [["missing.md"], 2, "error: Cannot read missing.md: no such file\n"],
    [["review.md", "--workers", "0"], 2, 'error: --workers takes a whole number from 1 to 64, got "0"\n'],
    [["review.md", "--format", "html"], 2, 'error: Unknown --format "html"\n'],
  ])("bad input %j gets one clear error", async (args, code, first) => {
    const { run } = await setup();
    const result = await run(["plan", ...args]);
    expect(result.code).toBe(code);
    expect(result.stderr.split("\n")[0]).toBe(first.trim());
  });

  test("a binary file is refused and an empty document gives an empty plan with a reason", async () => {
    const { run, repo } = await setup();
    await writeFile(path.join(repo.dir, "image.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]));
    expect((await run(["plan", "image.png"])).stderr).toMatch(
      /^error: image.png is a binary file, not a markdown document\n/,
    );
    await writeFile(path.join(repo.dir, "empty.md"), "");
    const empty = JSON.parse((await run(["plan", "empty.md", "--json"])).stdout);
    expect(empty.items).toEqual([]);
    expect(empty.workers).toEqual([]);
    expect(empty.assessment.reason).not.toBe("");
  });

  test("a document that yields no work item is said aloud on stderr, carried in --json, and exits 1", async () => {
    const { repo, run, runProcess } = await setup();
    await writeFile(
      path.join(repo.dir, "notes.md"),
      "# Retro\n\nThe release went out on Thursday.\n\n## Findings\n\nOn-call was noisy in the first week.\n",
    );
    const manifest = await runProcess(["plan", "notes.md"]);
    expect(manifest.code).toBe(1);
    expect(manifest.stdout).toMatch(/^## Work Item Manifest\n/);
    expect(manifest.stderr).toMatchInlineSnapshot(`
      "warning: notes.md yielded no work items: it has 2 headings, 0 tables, 0 list items and 2 paragraphs, none of which reads as work.
      hint: Layouts read as work items: a task list ("- [ ] Fix the token check in \`src/auth/session.ts\`"), numbered or bulleted entries under a heading, a table with a Task or Issue column, or one heading per finding with "**File:**" and "**Severity:**" lines."
    `);
    const json = await run(["plan", "notes.md", "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).warnings).toEqual([
      `${manifest.stderr.split("\n")[0]!.replace(/^warning: /, "")} ${manifest.stderr.split("\n")[1]!.replace(/^hint: /, "")}`,
    ]);
    const mixed = await run(["plan", "notes.md", "review.md", "--json"]);
    expect(mixed.code).toBe(0);
    expect(mixed.stderr).toMatch(/^warning: notes\.md yielded no work items: /);
  });

  test("in a terminal it asks Yes / Modify / Clarify / Sequential and Yes accepts the plan", async () => {
    const { repo, server } = await setup();
    const terminal = await planInTerminal(repo.dir, server.socket, "review.md");
    try {
      await waitFor(async () => (await terminal.screen()).includes("Your choice [Y/N/C/S]:"));
      await terminal.answer("y");
      expect((await terminal.accepted()).workers).toHaveLength(3);
    } finally {
      await terminal.cleanup();
    }
  });

  test("a plan kept in one worker by an overhead rule offers [P], and P splits it", async () => {
    const { repo, server } = await setup();
    await writeFile(
      path.join(repo.dir, "two.md"),
      "# Tasks\n\n- [ ] Refactor the parser in `src/parse.ts`\n- [ ] Refactor the printer in `lib/print.ts`\n",
    );
    const terminal = await planInTerminal(repo.dir, server.socket, "two.md");
    try {
      await waitFor(async () => (await terminal.screen()).includes("Your choice [Y/N/C/P]:"));
      expect(await terminal.screen()).toContain("[C] Clarify items first / [P] Switch to parallel");
      await terminal.answer("p");
      await waitFor(async () => (await terminal.screen()).includes("Your choice [Y/N/C/S]:"));
      expect(await terminal.screen()).toContain("Parallel execution with 2 workers");
      await terminal.answer("y");
      expect((await terminal.accepted()).workers).toHaveLength(2);
    } finally {
      await terminal.cleanup();
    }
  });
});

/**
 * `wo plan <document>` in a terminal of its own (a tmux session on a server of the test's, 200×50), as a user runs
 * it: its screen, a typed answer, and the plan it accepted once `.git/wo/plan.json` appears.
 */
async function planInTerminal(dir: string, socket: string, document: string) {
  const terminal = createIsolatedTmux();
  await terminal.tmux([
    "new-session",
    "-d",
    "-s",
    "user",
    "-x",
    "200",
    "-y",
    "50",
    "-e",
    `WO_TMUX_SOCKET=${socket}`,
    "-c",
    dir,
    "--",
    process.execPath,
    BIN,
    "plan",
    document,
  ]);
  const planFile = path.join(dir, ".git/wo/plan.json");
  return {
    screen: () => terminal.tmux(["capture-pane", "-p", "-J", "-S", "-200", "-t", "user"]),
    answer: (key: string) => terminal.tmux(["send-keys", "-t", "user", key, "Enter"]),
    accepted: async () => {
      await waitFor(() => existsSync(planFile));
      return JSON.parse(await readFile(planFile, "utf8")) as { workers: unknown[] };
    },
    cleanup: terminal.cleanup,
  };
}

describe("wo setup, monitor and checkpoint", () => {
  test("plan → setup --spawn → monitor, through the CLI", async () => {
    const { run, repo } = await setup();
    await run(["plan", "review.md", "--yes"]);
    const set = await run(["setup", "--spawn", "--agent-cmd", fixtureAgentCmd("hang")]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/^Set up 3 worker\(s\) from \.git\/wo\/plan\.json on main\n/);
    expect(set.stdout).toMatch(
      /created +task-1-auth +worktrees\/task-1-auth +\.git\/wo\/launch\/task-1-auth\.sh/,
    );
    const again = await run(["setup"]);
    expect(again.stdout).toContain("Nothing changed: every worker was already set up.");

    const cwd = path.join(repo.dir, "worktrees/task-3-api");
    await repo.write({ "src/api/users.ts": "api" }, { cwd });
    await repo.git(["add", "src"], { cwd }); // only the work: the agent writes .agent-prompt.txt whenever it starts
    expect(
      (await run(["checkpoint", "--needs", "task-2/UserModel", "waiting for the model"], { cwd })).stdout,
    ).toMatch(/^\[work\/task-3-api [0-9a-f]{7}\] \[NEEDS:task-2\/UserModel\] waiting for the model\n$/);
    const report = JSON.parse((await run(["monitor", "--json"])).stdout);
    expect(report.workers.find((w: { worker: string }) => w.worker === "task-3-api")).toMatchObject({
      status: "needs",
      needs: { worker: "task-2", item: "UserModel" },
    });
    expect(report.alerts).toEqual(["Worker task-3-api is waiting for UserModel from task-2-models"]);
    const human = await run(["monitor"]);
    expect(human.stdout).toMatch(/^## Worker Status Report\n/);
    expect(human.stdout).toContain(
      "| task-3-api | work/task-3-api | 0m ago | [NEEDS:task-2/UserModel] - 1 commit |",
    );
  });

  test("setup from a plan file, and a plan file that is not a plan", async () => {
    const { run, repo } = await setup();
    await run(["plan", "review.md", "-o", "plan.json"]);
    expect((await run(["setup", "plan.json"])).code).toBe(0);
    await writeFile(path.join(repo.dir, "bad.json"), "{}");
    const bad = await run(["setup", "bad.json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*bad\.json is not a wo plan: sources: /);
  });

  test("setup without an accepted plan says how to make one", async () => {
    const { run } = await setup();
    expect(await run(["setup"])).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: No plan to set up\nhint: Make one first: wo plan <documents…> (or pass a plan.json or documents)\n",
    });
  });

  test("resume --all restarts dead workers", async () => {
    const { run } = await setup();
    await run(["plan", "review.md", "--yes"]);
    await run(["setup", "--spawn", "--agent-cmd", fixtureAgentCmd("crash")]);
    await waitFor(async () =>
      JSON.parse((await run(["status", "--json"])).stdout).every(
        (s: { status: string }) => s.status === "dead",
      ),
    );
    const resumed = await run(["resume", "--all", "--agent-cmd", fixtureAgentCmd("hang")]);
    expect(resumed.stdout.trim().split("\n")).toHaveLength(3);
    const statuses = JSON.parse((await run(["status", "--json"])).stdout).map(
      (s: { status: string }) => s.status,
    );
    expect(statuses).toEqual(["running", "running", "running"]);
  });
});
