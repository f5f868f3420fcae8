import path from "node:path";
import { describe, expect, test } from "vitest";
import { REVIEW_THREE_GROUPS, useCliWorld } from "./run.js";

const world = useCliWorld();

/** Three workers set up from `plan2.json` (not the accepted plan), each with one commit that touches `shared.txt`. */
async function threeWorkers() {
  const w = await world({ files: { "review.md": REVIEW_THREE_GROUPS, "shared.txt": "base\n" } });
  expect((await w.run(["plan", "review.md", "--workers", "3", "-o", "plan2.json"])).code).toBe(0);
  const setUp = await w.run(["setup", "plan2.json", "--base", "main"]);
  expect(setUp.code).toBe(0);
  const commitIn = (f: string, message: string, files: Record<string, string>) =>
    w.repo.commit(message, files, { cwd: path.join(w.repo.dir, "worktrees", f) });
  return { ...w, setUp, commitIn };
}

describe("next steps reproduce the user's choices", () => {
  test("setup from a plan file names that file and the base in its Next: hint", async () => {
    const { setUp } = await threeWorkers();
    expect(setUp.stdout).toContain(
      "Next: wo setup plan2.json --spawn --base main to start every worker in tmux",
    );
  });

  test("plan -o names its file in the Next: hint after accepting", async () => {
    const w = await world({ files: { "review.md": REVIEW_THREE_GROUPS } });
    const result = await w.run(["plan", "review.md", "-o", "my plan.json", "--yes"]);
    expect(result.stderr).toContain("Next: wo setup 'my plan.json' --spawn");
  });

  test("a conflict left open lists the commands with the user's --skip and --stop-on-conflict", async () => {
    const { run, commitIn } = await threeWorkers();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "shared.txt": "auth\n" });
    await commitIn("task-2-models", "[COMPLETE] models", { "shared.txt": "models\n" });
    await commitIn("task-3-docs", "[COMPLETE] docs", { "docs/guide.md": "x\n" });
    const result = await run(["integrate", "rel", "--skip", "task-3-docs", "--stop-on-conflict", "--json"]);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json.open).toBe(true);
    expect(json.nextCommands.at(-1)).toBe("wo integrate rel --skip task-3-docs --stop-on-conflict");
  });

  test("a dry run ends with the real run, keeping --skip and --base", async () => {
    const { run, commitIn } = await threeWorkers();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "src/auth/login.ts": "x\n" });
    const dry = await run(["integrate", "rel", "--dry-run", "--skip", "task-2-models", "--base", "main"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/\nNext: wo integrate rel --skip task-2-models --base main {3}\(the real run/);
  });

  test("a successful integration ends with its next step: --into the base, then cleanup", async () => {
    const { run, commitIn } = await threeWorkers();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "src/auth/login.ts": "x\n" });
    await commitIn("task-3-docs", "[COMPLETE] docs", { "docs/guide.md": "x\n" });
    const first = await run(["integrate", "rel", "--skip", "task-2-models", "--test", "true"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /Next:\n {2}wo integrate rel --skip task-2-models --test true --into main\n$/,
    );
    const into = await run(["integrate", "rel", "--skip", "task-2-models", "--into", "main", "--json"]);
    expect(JSON.parse(into.stdout).nextCommands).toEqual(["wo cleanup --integration rel"]);
  });

  test("monitor recommends wo integrate when every worker is complete", async () => {
    const { run, commitIn } = await threeWorkers();
    await commitIn("task-1-auth", "[COMPLETE] auth", { "src/auth/login.ts": "x\n" });
    await commitIn("task-2-models", "[COMPLETE] models", { "src/models/user.ts": "x\n" });
    await commitIn("task-3-docs", "[COMPLETE] docs", { "docs/guide.md": "x\n" });
    const result = await run(["monitor"]);
    expect(result.stdout).toContain(
      "### Recommended Actions\n1. Integrate them: wo integrate <name> (add --dry-run first to forecast conflicts)\n",
    );
  });
});
