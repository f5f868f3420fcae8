import { existsSync } from "node:fs";
import { chmod, readFile, realpath, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type GitRepo, useGitRepo, waitFor } from "@wo/test-utils";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { integrateBranches } from "../src/integrate.js";
import type { IntegrateOptions } from "../src/integration-types.js";
import { processAlive } from "../src/journal.js";
import { addBranch, commitInfo, transpileSources, useTempDirs } from "./helpers.js";

// Real kills of a real run (a child process running this package's code) during `into`, the final merge into the
// user's checkout: the checkout must end untouched or completely merged, and the next run repairs any remnant.

const gitRepo = useGitRepo();
const tempDir = useTempDirs();
let moduleDir = "";

beforeAll(async () => {
  moduleDir = await transpileSources();
  await writeFile(
    path.join(moduleDir, "child.mjs"),
    [
      'import { integrateBranches } from "./index.js";',
      "const [repoDir, options] = process.argv.slice(2);",
      // As the CLI does: a final merge that did not happen is a failed run. (A signal can reach node while execa's
      // exit handler holds it, so the run may see git die and report the failure instead of dying itself.)
      "const result = await integrateBranches(repoDir, JSON.parse(options));",
      'if (result.into !== null && result.into.status !== "merged") process.exitCode = 1;',
    ].join("\n"),
  );
});

afterAll(async () => {
  if (moduleDir !== "") await rm(moduleDir, { recursive: true, force: true });
});

const workers: IntegrateOptions["workers"] = ["a", "b"].map((feature) => ({
  feature,
  branch: `work/${feature}`,
  description: `Add ${feature}`,
}));
const options = { name: "auth", base: "main", workers, into: "main" };

/** A repository whose workers add `a.txt`, `b.txt` and `files`; returns main's commit. */
async function repoWithWorkers(repo: GitRepo, files: Record<string, string> = {}): Promise<string> {
  await repo.commit("base", { "x.txt": "x\n" });
  await addBranch(repo, "work/a", { "a.txt": "a\n", ...files });
  await addBranch(repo, "work/b", { "b.txt": "b\n" });
  return repo.git(["rev-parse", "main"]);
}

/** Starts the run in a child process that leads its own process group (as a terminal's Ctrl-C reaches it). */
function startRun(repo: GitRepo): ResultPromise<{ detached: true; reject: false }> {
  return execa("node", [path.join(moduleDir, "child.mjs"), repo.dir, JSON.stringify(options)], {
    detached: true,
    reject: false,
  });
}

/** The main checkout exactly as `before`: branch, index and files, no merge in progress. */
async function expectUntouched(repo: GitRepo, before: string): Promise<void> {
  expect(await repo.git(["rev-parse", "main"])).toBe(before);
  expect(await repo.git(["status", "--porcelain", "--untracked-files=all"])).toBe("");
  expect(existsSync(path.join(repo.dir, ".git", "MERGE_HEAD"))).toBe(false);
  expect(existsSync(path.join(repo.dir, "a.txt"))).toBe(false);
}

/** The main checkout completely merged: the merge commit, both workers' files, nothing staged or left over. */
async function expectMerged(repo: GitRepo): Promise<void> {
  expect(await commitInfo(repo, "main")).toEqual({
    subject: "Merge integration/auth into main: a, b",
    parents: 2,
  });
  expect(await readFile(path.join(repo.dir, "a.txt"), "utf8")).toBe("a\n");
  expect(await readFile(path.join(repo.dir, "b.txt"), "utf8")).toBe("b\n");
  expect(await repo.git(["status", "--porcelain", "--untracked-files=all"])).toBe("");
  expect(await repo.git(["worktree", "list", "--porcelain"])).not.toContain(".into");
}

/**
 * A hook that blocks only in the final merge (the integration merges run on the integration branch), while `block`
 * exists.
 * Returns the file that appears once it blocks.
 */
async function blockingHook(repo: GitRepo, hook: string, block: string): Promise<string> {
  const ready = `${block}.ready`;
  const file = path.join(repo.dir, ".git", "hooks", hook);
  await writeFile(
    file,
    [
      "#!/bin/sh",
      `[ -f '${block}' ] || exit 0`,
      '[ "$(git symbolic-ref -q HEAD)" != refs/heads/integration/auth ] || exit 0',
      `touch '${ready}'`,
      "exec sleep 60",
      "",
    ].join("\n"),
  );
  await chmod(file, 0o755);
  return ready;
}

/**
 * A smudge filter for `*.dat` that blocks while `block` exists, only when git writes into the main checkout
 * (that is the final step, moving the checkout to the merge commit), recording git's process id.
 */
async function blockingCheckout(repo: GitRepo, flags: string): Promise<{ block: string; pidFile: string }> {
  const block = path.join(flags, "block");
  const pidFile = path.join(flags, "git.pid");
  const script = path.join(flags, "smudge");
  const top = await realpath(repo.dir);
  await writeFile(
    script,
    [
      "#!/bin/sh",
      `if [ -f '${block}' ] && [ "$(pwd -P)" = '${top}' ]; then`,
      `  echo $PPID > '${pidFile}.tmp' && mv '${pidFile}.tmp' '${pidFile}'`,
      `  while [ -f '${block}' ]; do sleep 0.1; done`,
      "fi",
      "exec cat",
      "",
    ].join("\n"),
  );
  await chmod(script, 0o755);
  await writeFile(path.join(repo.dir, ".git", "info", "attributes"), "*.dat filter=slow\n");
  await repo.git(["config", "filter.slow.smudge", script]);
  await writeFile(block, "");
  return { block, pidFile };
}

/** The journal of the run. */
async function readJournalFile(
  repo: GitRepo,
): Promise<Record<string, unknown> & { landing?: { pid?: number } }> {
  return JSON.parse(await readFile(path.join(repo.dir, ".git", "wo", "integration", "auth.json"), "utf8"));
}

/**
 * Kills the run and then the git that moves the checkout (a crash of both), leaving what such a crash leaves: the
 * branch not moved, git's index.lock, the files before the slow one written.
 */
async function crashWhileMoving(repo: GitRepo): Promise<void> {
  const { block, pidFile } = await blockingCheckout(repo, await tempDir());
  const child = startRun(repo);
  await waitFor(() => existsSync(pidFile), { message: "git to move the checkout", timeout: 30_000 });
  const gitPid = Number(await readFile(pidFile, "utf8"));
  await waitFor(async () => (await readJournalFile(repo)).landing?.pid === gitPid, {
    message: "the journal to record git's process",
  });
  process.kill(-child.pid!, "SIGKILL");
  process.kill(gitPid, "SIGKILL");
  await child;
  await rm(block);
  await waitFor(() => !processAlive(gitPid), { message: "git to die" });
  expect(existsSync(path.join(repo.dir, ".git", "index.lock"))).toBe(true);
}

// Each test runs two whole integrations with real processes: on a loaded machine that takes longer than the default.
describe("an interrupt during the final merge into a checked-out branch", { timeout: 90_000 }, () => {
  test.each([
    ["SIGINT", "pre-merge-commit"],
    ["SIGTERM", "pre-merge-commit"],
    ["SIGKILL", "pre-merge-commit"],
    ["SIGINT", "commit-msg"],
  ] as const)(
    "%s to wo's process group while the %s hook runs leaves the checkout untouched; the next run merges",
    async (signal, hook) => {
      const repo = await gitRepo();
      const before = await repoWithWorkers(repo);
      const block = path.join(await tempDir(), "block");
      await writeFile(block, "");
      const ready = await blockingHook(repo, hook, block);
      const child = startRun(repo);
      await waitFor(() => existsSync(ready), {
        message: `the ${hook} hook of the final merge`,
        timeout: 30_000,
      });
      process.kill(-child.pid!, signal);
      const exit = await child;
      // Killed by the signal, or (SIGINT/SIGTERM reaching git and node together) exited with an error first.
      const killed = exit.signal === signal;
      expect(killed || (exit.exitCode ?? 0) !== 0).toBe(true);
      await expectUntouched(repo, before);
      // A run that saw git die cleans up after itself; a killed run leaves its scratch worktree to the next run.
      if (!killed) expect(await repo.git(["worktree", "list", "--porcelain"])).not.toContain(".into");
      await rm(block);
      const result = await integrateBranches(repo.dir, options);
      expect(result.into).toMatchObject({ status: "merged", worktree: repo.dir });
      if (killed) {
        expect(result.recovered?.actions).toContain(
          "removed the scratch worktree of an unfinished final merge",
        );
      }
      await expectMerged(repo);
    },
  );

  test("a kill of wo's process group while git moves the checkout cannot stop git: the checkout ends merged", async () => {
    const repo = await gitRepo();
    await repoWithWorkers(repo, { "slow.dat": "slow\n" });
    const { block, pidFile } = await blockingCheckout(repo, await tempDir());
    const child = startRun(repo);
    await waitFor(() => existsSync(pidFile), { message: "git to move the checkout", timeout: 30_000 });
    const gitPid = Number(await readFile(pidFile, "utf8"));
    process.kill(-child.pid!, "SIGKILL");
    expect((await child).signal).toBe("SIGKILL");
    expect(processAlive(gitPid)).toBe(true);
    await rm(block);
    await waitFor(() => !processAlive(gitPid), { message: "the detached git to finish", timeout: 30_000 });
    await expectMerged(repo);
    expect(await readFile(path.join(repo.dir, "slow.dat"), "utf8")).toBe("slow\n");
    const result = await integrateBranches(repo.dir, options);
    expect(result.recovered?.actions).toContain(
      `the merge into main had finished (${(await repo.git(["rev-parse", "main"])).slice(0, 12)})`,
    );
    expect(result.into).toMatchObject({ status: "up-to-date" });
  });

  test.each([
    ["after writing some files (a.txt, b.txt before z.dat)", "z.dat", true],
    ["before writing any file (0.dat first)", "0.dat", false],
  ])(
    "git itself killed while it moves the checkout %s: the next run finishes the merge",
    async (_, slowFile, written) => {
      const repo = await gitRepo();
      const before = await repoWithWorkers(repo, { [slowFile]: "slow\n" });
      await crashWhileMoving(repo);
      // The remnant a crash leaves: the branch not moved, git's index.lock, some files maybe written.
      expect(await repo.git(["rev-parse", "main"])).toBe(before);
      expect(existsSync(path.join(repo.dir, "a.txt"))).toBe(written);
      const result = await integrateBranches(repo.dir, options);
      const finished = result.recovered?.actions.find((action) =>
        action.startsWith("finished the merge into"),
      );
      const notStarted = result.recovered?.actions.includes(
        "the merge into main had not started; main was unchanged",
      );
      expect(written ? finished !== undefined : notStarted).toBe(true);
      expect(result.into?.status).toBe(written ? "up-to-date" : "merged");
      await expectMerged(repo);
    },
  );

  test("a half-applied merge whose files were changed afterwards is refused, naming the files and both commands", async () => {
    const repo = await gitRepo();
    const before = await repoWithWorkers(repo, { "z.dat": "slow\n" });
    await crashWhileMoving(repo);
    await writeFile(path.join(repo.dir, "a.txt"), "the user's own edit\n");
    const to = (await readJournalFile(repo)).landing as unknown as { to: string };
    const error = await integrateBranches(repo.dir, options).then(
      () => null,
      (caught: unknown) => caught as { code: string; message: string; hint: string },
    );
    expect(error?.code).toBe("E_DIRTY");
    expect(error?.message).toBe(
      `The merge of integration/auth into main was interrupted halfway in ${repo.dir}, and these files there differ from both before and after it: a.txt; nothing was changed`,
    );
    expect(error?.hint).toContain(
      `to finish the merge (dropping those changes): git -C ${repo.dir} reset --hard ${to.to}`,
    );
    expect(error?.hint).toContain(`to undo it: git -C ${repo.dir} reset --hard ${before}`);
    expect(await readFile(path.join(repo.dir, "a.txt"), "utf8")).toBe("the user's own edit\n");
    expect(await repo.git(["rev-parse", "main"])).toBe(before);
  });

  test("abort after git died while moving the checkout also finishes that merge, then rolls the integration back", async () => {
    const repo = await gitRepo();
    await repoWithWorkers(repo, { "z.dat": "slow\n" });
    await crashWhileMoving(repo);
    const result = await integrateBranches(repo.dir, { ...options, abort: true });
    expect(result.recovered?.mode).toBe("roll-back");
    expect(result.recovered?.actions[0]).toMatch(
      /^finished the merge into main that was interrupted halfway/,
    );
    await expectMerged(repo);
  });
});
