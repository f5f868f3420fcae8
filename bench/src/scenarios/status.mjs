import { createHash } from "node:crypto";
import { mkdirSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gitEnv, gitRepo, tmuxServer } from "../fixtures.mjs";
import { countWoChildren, ROOT, runProcess, sample, WO_BIN } from "../harness.mjs";

const SEED_STATUS = path.join(ROOT, "bench/baselines/seed-status.sh");

/**
 * N workers in a real repository and on a real (isolated) tmux server: 7 in 10 running, 1 done with its session
 * alive, 1 dead (status running, session gone), 1 idle. Worktrees are real `git worktree add`s.
 */
export async function setup(size) {
  const repo = await gitRepo();
  const server = tmuxServer("status");
  const started = new Date(Date.now() - 5 * 60_000).toISOString();
  const sessions = [];
  const owner = createHash("sha256")
    .update(realpathSync(path.join(repo.dir, ".git")))
    .digest("hex")
    .slice(0, 32);
  for (let i = 0; i < size; i++) {
    const feature = `worker-${String(i).padStart(3, "0")}`;
    const dir = path.join(repo.dir, "worktrees", feature);
    await repo.git(["worktree", "add", "--quiet", "-b", `work/${feature}`, dir]);
    const kind = [
      "running",
      "running",
      "running",
      "running",
      "running",
      "running",
      "running",
      "done",
      "dead",
      "idle",
    ][i % 10];
    if (kind !== "idle") {
      writeFileSync(
        path.join(dir, ".worktree.json"),
        JSON.stringify({
          feature,
          branch: `work/${feature}`,
          worker: { session: `wt-${feature}`, task: `task ${i}`, agent: "claude", started_at: started },
        }),
      );
      writeFileSync(path.join(dir, ".worker-status"), kind === "done" ? "done\n" : "running\n");
    }
    if (kind === "running" || kind === "done") {
      sessions.push([
        "new-session",
        "-d",
        "-s",
        `wt-${feature}`,
        "-c",
        dir,
        "--",
        "sh",
        "-c",
        `echo working on ${feature}; exec sleep 3600`,
        // The owner wo records on the sessions it starts (docs/design.md, "Names"): without it they are not workers.
        ";",
        "set-option",
        "-t",
        `=wt-${feature}:`,
        "@wo_repo",
        owner,
      ]);
    }
  }
  mkdirSync(path.join(repo.dir, "worktrees"), { recursive: true });
  // Twenty sessions per tmux call: far below tmux's 16 KB command limit, and setup stays quick.
  for (let i = 0; i < sessions.length; i += 20) {
    await server.tmux(sessions.slice(i, i + 20).flatMap((argv, j) => (j === 0 ? argv : [";", ...argv])));
  }
  return {
    repo,
    env: { ...gitEnv, ...server.env, NO_COLOR: "1" },
    async cleanup() {
      await server.cleanup();
      await repo.cleanup();
    },
  };
}

/**
 * `wo status --json` vs bench/baselines/seed-status.sh (a status script that runs git, jq and tmux per worker) at
 * several sizes, with the child processes each starts.
 */
export const statusScenario = {
  name: "status",
  sizes: [10, 100, 300],
  smallest: 10,
  async run(size, options = {}) {
    const world = await setup(size);
    try {
      const opts = { cwd: world.repo.dir, env: world.env };
      const check = JSON.parse(
        (await runProcess(process.execPath, [WO_BIN, "status", "--json"], opts)).stdout,
      );
      if (check.length !== size) throw new Error(`wo status saw ${check.length} workers, expected ${size}`);
      const running = check.filter((w) => w.status === "running").length;
      const expected = Array.from({ length: size }, (_, i) => i % 10 < 7).filter(Boolean).length;
      if (running !== expected)
        throw new Error(`wo status saw ${running} running workers, expected ${expected}`);
      const wo = await sample(
        async () => (await runProcess(process.execPath, [WO_BIN, "status", "--json"], opts)).ms,
        options,
      );
      const baseline = await sample(async () => (await runProcess("bash", [SEED_STATUS], opts)).ms, {
        runs: Math.min(options.runs ?? 5, 5),
        warmup: 1,
      });
      const children = await countWoChildren(["status", "--json"], opts);
      const seedChildren = await countSeedProcesses(opts);
      return {
        scenario: `status-${size}`,
        wo: wo.median,
        baseline: baseline.median,
        baselineName: "seed status.sh",
        detail: `wo: ${children.total} child processes (${Object.entries(children.byProgram)
          .map(([k, v]) => `${v} ${k}`)
          .join(", ")}); seed: ${seedChildren}`,
        processes: children.total,
      };
    } finally {
      await world.cleanup();
    }
  },
};

/** Processes the baseline script starts: counted with bash's own tracing of every simple command it executes. */
async function countSeedProcesses(opts) {
  const { stderr } = await runProcess("bash", ["-x", SEED_STATUS], opts);
  // Every traced line that runs an external program (not a builtin or assignment) is a process.
  const external = stderr
    .split("\n")
    .map((l) => l.replace(/^\++ /, "").split(" ")[0])
    .filter((word) => ["git", "grep", "cut", "jq", "cat", "tmux", "tail", "date"].includes(word));
  return external.length;
}
