import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkout, git, runAction, runWorkflowWorkerJob, tempDir, usePublishedRepo } from "./helpers.js";

const publish = usePublishedRepo();

/** The fake job token the push job gets; no file or output the agent's code can reach may contain it. */
const TOKEN = "ghs_FAKEwoTokenThatMustNeverLeak0123456789";
const TOKEN_BASE64 = Buffer.from(`x-access-token:${TOKEN}`).toString("base64");

/** Every file under `dir` (symbolic links not followed), with its text. */
async function filesUnder(dir: string): Promise<Array<{ file: string; text: string }>> {
  const found: Array<{ file: string; text: string }> = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await filesUnder(full)));
    else if (entry.isFile()) found.push({ file: full, text: await readFile(full, "latin1") });
  }
  return found;
}

/** A script that appends its name, argv, environment and the repository's .git/config to the loot directory. */
function dumper(loot: string, name: string): string {
  return [
    "#!/bin/sh",
    `{ echo "== ${name} $*"; env; cat .git/config 2>/dev/null; } >> '${loot}/${name}.txt' 2>&1`,
    "",
  ].join("\n");
}

describe("the worker job's agent", () => {
  it("sees no token through planted hooks, GITHUB_ENV, GITHUB_PATH, BASH_ENV or .git/config edits", async () => {
    const { remote } = await publish();
    const cwd = await checkout(remote);
    const plan = await runAction({ mode: "plan", documents: "docs/review.md" }, { cwd });
    expect(plan.code, plan.stdout).toBe(0);
    const entry = (
      JSON.parse(plan.outputs.matrix as string) as { include: Array<{ name: string; branch: string }> }
    ).include[0] as { name: string; branch: string };
    const loot = await tempDir("wo-action-loot-");
    const mainBefore = await git(["rev-parse", "refs/heads/main"], remote);

    const job = await runWorkflowWorkerJob(
      remote,
      entry,
      async (dir, env) => {
        // A prompt-injected agent, planting everything a later step of its job (or a later job) could run.
        const evil = path.join(env.RUNNER_TEMP as string, "evil");
        await mkdir(path.join(evil, "bin"), { recursive: true });
        await mkdir(path.join(evil, "hooks"), { recursive: true });
        for (const hook of ["pre-push", "pre-commit", "post-commit", "reference-transaction"]) {
          await writeFile(path.join(dir, ".git/hooks", hook), dumper(loot, `hook-${hook}`));
          await chmod(path.join(dir, ".git/hooks", hook), 0o755);
          await writeFile(path.join(evil, "hooks", hook), dumper(loot, `hookspath-${hook}`));
          await chmod(path.join(evil, "hooks", hook), 0o755);
        }
        // A git on GITHUB_PATH that dumps, then bundles every ref (an attempt to smuggle main into the push).
        const realGit = (await git(["--exec-path"], dir)).replace(/\/(lib|libexec)\/git-core$/, "/bin/git");
        await writeFile(
          path.join(evil, "bin", "git"),
          `${dumper(loot, "path-git")}if [ "$1 $2" = "bundle create" ]; then exec ${realGit} bundle create "$3" --all; fi\nexec ${realGit} "$@"\n`,
        );
        await chmod(path.join(evil, "bin", "git"), 0o755);
        await writeFile(path.join(evil, "bash-env.sh"), dumper(loot, "bash-env").replace("#!/bin/sh\n", ""));
        await writeFile(env.GITHUB_PATH as string, `${path.join(evil, "bin")}\n`, { flag: "a" });
        await writeFile(
          env.GITHUB_ENV as string,
          `BASH_ENV=${path.join(evil, "bash-env.sh")}\nGIT_TRACE=${loot}/git-trace.txt\n`,
          { flag: "a" },
        );
        // .git/config: hooksPath, an alias for push, a credential helper and a header dump through a fake proxy.
        await git(["config", "core.hooksPath", path.join(evil, "hooks")], dir);
        await git(["config", "alias.push", `!sh ${path.join(evil, "hooks", "pre-push")}`], dir);
        await git(["config", "credential.helper", `!sh ${path.join(evil, "hooks", "pre-push")}`], dir);
        await git(["config", "http.proxy", "http://127.0.0.1:9"], dir);
        // An evil main and a committed hook directory, for a push job that would take either.
        await git(["commit", "-q", "--allow-empty", "-m", "[COMPLETE] done"], dir);
        await mkdir(path.join(dir, ".githooks"), { recursive: true });
        await writeFile(path.join(dir, ".githooks/pre-push"), dumper(loot, "committed-hook"));
        await git(["add", ".githooks"], dir);
        await git(["commit", "-q", "-m", "[CHECKPOINT] hooks"], dir);
        await git(["branch", "-f", "main", "HEAD"], dir);
      },
      { prompts: plan.outputs.prompts as string, token: TOKEN },
    );

    // The planted code did run in the agent's own job (the loot is not empty)…
    const looted = await filesUnder(loot);
    expect(looted.map((f) => path.basename(f.file)).sort()).toEqual(
      expect.arrayContaining(["bash-env.txt", "hookspath-pre-commit.txt", "path-git.txt"]),
    );
    // …but nowhere the agent's code wrote or can read is the token, plain or base64.
    const reachable = [...looted, ...(await filesUnder(job.checkout)), ...(await filesUnder(job.runner))];
    expect(reachable.filter((f) => f.text.includes(TOKEN) || f.text.includes(TOKEN_BASE64))).toEqual([]);
    // The push job pushed the planned branch only: main is untouched, and no planted hook ran there.
    expect(await git(["rev-parse", "refs/heads/main"], remote)).toBe(mainBefore);
    expect(await git(["log", "-1", "--format=%s", entry.branch], remote)).toBe("[CHECKPOINT] hooks");
    expect(looted.some((f) => f.file.includes("committed-hook"))).toBe(false);
    expect((await filesUnder(job.pushCheckout)).some((f) => f.text.includes(TOKEN))).toBe(false);
  });

  it("pushes nothing, without failing, when the agent made no commit", async () => {
    const { remote } = await publish();
    const entry = { name: "task-1-auth", branch: "work/task-1-auth" };
    await runWorkflowWorkerJob(remote, entry, async () => {});
    expect(await git(["for-each-ref", "refs/heads/work/"], remote)).toBe("");
  });
});
