import path from "node:path";
import { waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { BIN, type CliWorld, REVIEW_THREE_GROUPS, useCliWorld } from "./run.js";

const world = useCliWorld();

/**
 * Runs the real binary in a tmux pane (a real terminal) on the test's own server and returns the screen once
 * `done` matches it. The command's stdin is /dev/null unless `stdinTty`: a terminal for output, nobody to answer.
 */
async function inTerminal(
  w: CliWorld,
  args: string[],
  done: RegExp,
  options: { env?: Record<string, string>; stdinTty?: boolean } = {},
): Promise<string> {
  const env = Object.entries({ WO_TMUX_SOCKET: w.server.socket, ...options.env })
    .map(([k, v]) => `${k}='${v}'`)
    .join(" ");
  const argv = [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(" ");
  const command = `cd '${w.repo.dir}' && env ${env} ${argv}${options.stdinTty ? "" : " < /dev/null"}; echo "EXIT=$?"; sleep 60`;
  const name = `t${Math.random().toString(36).slice(2, 8)}`;
  await w.server.tmux(["new-session", "-d", "-s", name, "-x", "150", "-y", "80", command]);
  const screen = () => w.server.tmux(["capture-pane", "-p", "-J", "-S", "-300", "-t", name]);
  await waitFor(async () => done.test(await screen()), { timeout: 40_000 });
  return screen();
}

async function planned() {
  const w = await world({ files: { "review.md": REVIEW_THREE_GROUPS } });
  return w;
}

describe("reports in a terminal and piped", () => {
  test("wo plan in a terminal draws its tables and styles its headings, and asks nothing without a keyboard", async () => {
    const w = await planned();
    const screen = await inTerminal(w, ["plan", "review.md", "--workers", "3"], /EXIT=\d+/);
    expect(screen).toContain("EXIT=0");
    expect(screen).toMatch(/^Work Item Manifest$/m);
    expect(screen).toMatch(/│ task-1-auth +│ 1, 2 +│/);
    expect(screen).toMatch(/┌─+┬/);
    expect(screen).not.toContain("**");
    expect(screen).not.toContain("| --- |");
    expect(screen).not.toContain("## ");
    // stdin is not a terminal: no question that nobody can answer.
    expect(screen).not.toContain("Proceed with this split?");
    expect(screen).not.toContain("Your choice");
  }, 60_000);

  test("wo plan with a keyboard shows the question, rendered, before asking", async () => {
    const w = await planned();
    const screen = await inTerminal(w, ["plan", "review.md"], /Your choice \[Y\/N\/C\/S\]:/, {
      stdinTty: true,
    });
    expect(screen).toContain("Proceed with this split? [Y] Yes / [N] Modify");
    expect(screen).not.toContain("**Proceed");
  }, 60_000);

  test("wo plan --markdown in a terminal, or piped, prints markdown without the question", async () => {
    const w = await planned();
    const screen = await inTerminal(w, ["plan", "review.md", "--markdown"], /EXIT=\d+/);
    expect(screen).toMatch(/^## Work Item Manifest$/m);
    expect(screen).toMatch(/^\| # \| Action \|/m);
    expect(screen).not.toContain("┌");
    expect(screen).not.toContain("Proceed with this split?");
    const piped = await w.runProcess(["plan", "review.md"]);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toMatch(/^## Work Item Manifest\n/);
    expect(piped.stdout).toContain("**File ownership:**");
    expect(piped.stdout).not.toContain("Proceed with this split?");
    expect(piped.stdout).not.toContain("\u001b[");
  }, 60_000);

  test("wo monitor in a terminal draws the status table; piped it is the markdown report", async () => {
    const w = await planned();
    expect((await w.runProcess(["worktree", "add", "auth"])).code).toBe(0);
    await w.repo.commit(
      "[COMPLETE] login",
      { "src/login.ts": "x\n" },
      { cwd: path.join(w.repo.dir, "worktrees", "auth") },
    );
    const screen = await inTerminal(w, ["monitor"], /EXIT=\d+/);
    expect(screen).toMatch(/^Worker Status Report$/m);
    expect(screen).toMatch(/│ Worker +│ Branch +│ Last Commit +│ Status +│/);
    expect(screen).toMatch(/│ auth +│ work\/auth +│ .* ago +│ \[COMPLETE\] - 1 commit +│/);
    expect(screen).not.toContain("###");
    const piped = await w.runProcess(["monitor"]);
    expect(piped.stdout).toMatch(
      /^## Worker Status Report\n\n\| Worker \| Branch \| Last Commit \| Status \|/,
    );
    expect(piped.stdout).toContain("\n### Recommended Actions\n");
    const markdown = await inTerminal(w, ["monitor", "--markdown"], /EXIT=\d+/);
    expect(markdown).toMatch(/^## Worker Status Report$/m);
  }, 60_000);

  test("rendered reports colour the status markers, and NO_COLOR turns every colour off", async () => {
    const w = await planned();
    expect((await w.runProcess(["worktree", "add", "auth"])).code).toBe(0);
    await w.repo.commit(
      "[COMPLETE] login",
      { "src/login.ts": "x\n" },
      { cwd: path.join(w.repo.dir, "worktrees", "auth") },
    );
    const env = { NO_COLOR: "", FORCE_COLOR: "1" };
    const coloured = await w.run(["monitor"], { tty: true, env });
    expect(coloured.stdout).toContain("\u001b[32m[COMPLETE]\u001b[39m");
    expect(coloured.stdout).toContain("│ auth");
    const plain = await w.run(["monitor"], { tty: true, env: { ...env, NO_COLOR: "1" } });
    expect(plain.stdout).toContain("│ auth");
    expect(plain.stdout).not.toContain("\u001b[");
  });

  test("wo monitor --watch in a terminal redraws the rendered report in place", async () => {
    const w = await planned();
    expect((await w.runProcess(["worktree", "add", "auth"])).code).toBe(0);
    const screen = await inTerminal(w, ["monitor", "--watch"], /Ctrl-C to stop/);
    expect(screen.match(/Worker Status Report/g)).toHaveLength(1);
    await w.repo.commit(
      "[CHECKPOINT] half way",
      { "src/a.ts": "x\n" },
      { cwd: path.join(w.repo.dir, "worktrees", "auth") },
    );
    let after = "";
    await waitFor(
      async () => {
        after = await w.server.tmux(["capture-pane", "-p", "-J", "-S", "-300"]);
        return after.includes("[CHECKPOINT] - 1 commit");
      },
      { timeout: 20_000 },
    );
    expect(after.match(/Worker Status Report/g)).toHaveLength(1);
    expect(after.split("\n")[0]).toBe("Worker Status Report");
  }, 60_000);

  test("wo integrate --markdown prints the integration report for a PR body", async () => {
    const w = await planned();
    expect((await w.runProcess(["worktree", "add", "auth"])).code).toBe(0);
    await w.repo.commit(
      "[COMPLETE] login",
      { "src/login.ts": "x\n" },
      { cwd: path.join(w.repo.dir, "worktrees", "auth") },
    );
    const result = await w.runProcess(["integrate", "rel", "--markdown"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# Integration integration\/rel\n/);
    expect(result.stdout).toContain("| `auth` | merged |");
    const dry = await w.runProcess(["integrate", "rel", "--dry-run", "--markdown"]);
    expect(dry.code).toBe(2);
  }, 60_000);

  test("wo demo in a terminal shows the integration report drawn, not only its headings", async () => {
    const w = await world();
    const screen = await inTerminal(w, ["demo"], /EXIT=\d+/, { env: { NO_COLOR: "1" } });
    expect(screen).toContain("EXIT=0");
    expect(screen).toMatch(/7\/8 Report/);
    expect(screen).toMatch(/│ task-1-auth +│ merged +│/);
    expect(screen).toMatch(/^Test$/m);
    expect(screen).not.toContain("## ");
  }, 90_000);
});
