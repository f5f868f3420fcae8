import { fastImport } from "../fast-import.mjs";
import { gitEnv, gitRepo } from "../fixtures.mjs";
import { runProcess, samplePair, WO_BIN } from "../harness.mjs";

const KINDS = [
  "[CHECKPOINT] step",
  "plain work",
  "feat: [CHECKPOINT] more",
  "fix typo",
  "[BLOCKED:waiting] hold",
  "refactor",
];

/** `wo monitor --json` over N worker branches × C commits each, against `git log --all --oneline`. */
async function setup(branches, commits) {
  const repo = await gitRepo();
  const base = (await repo.git(["rev-parse", "HEAD"])).trim();
  function* history() {
    for (let b = 1; b <= branches; b++) {
      const ref = `refs/heads/work/task-${b}-area${b}`;
      for (let c = 1; c <= commits; c++) {
        const last = c === commits;
        yield {
          ref,
          from: base,
          message: last ? `[COMPLETE] area ${b} done` : `${KINDS[c % KINDS.length]} ${c}`,
          files: { [`src/area${b}/file${c % 50}.ts`]: `// ${b}.${c}\n` },
        };
      }
    }
  }
  await fastImport(repo.dir, history());
  return repo;
}

export const monitorScenario = {
  name: "monitor",
  sizes: [2000],
  smallest: 50,
  async run(commits, options = {}) {
    const branches = 20;
    const repo = await setup(branches, commits);
    try {
      const opts = { cwd: repo.dir, env: { ...gitEnv, WO_TMUX_SOCKET: `wo-bench-monitor-${process.pid}` } };
      const check = JSON.parse(
        (await runProcess(process.execPath, [WO_BIN, "monitor", "--json"], opts)).stdout,
      );
      if (check.workers.length !== branches || check.workers.some((w) => w.commits !== commits)) {
        throw new Error(
          `wo monitor saw ${check.workers.length} workers / ${check.workers[0]?.commits} commits`,
        );
      }
      // Side by side: the budget is a ratio, so both are timed in turns.
      const [wo, baseline] = await samplePair(
        async () => (await runProcess(process.execPath, [WO_BIN, "monitor", "--json"], opts)).ms,
        async () =>
          (await runProcess("git", ["log", "--all", "--oneline"], { ...opts, allowFailure: false })).ms,
        options,
      );
      return {
        scenario: `monitor-${branches}x${commits}`,
        wo: wo.median,
        baseline: baseline.median,
        baselineName: "git log --all --oneline",
        detail: `${branches * commits} commits on ${branches} worker branches`,
      };
    } finally {
      await repo.cleanup();
    }
  },
};
