import { fastImport } from "../fast-import.mjs";
import { gitEnv, gitRepo } from "../fixtures.mjs";
import { runProcess, sample, WO_BIN } from "../harness.mjs";

/**
 * Conflict forecast for N finished worker branches on a repository of F files (two pairs of workers touch the same
 * file, so some merges conflict), against one `git merge-tree` call times the number of calls the forecast made.
 */
async function setup(workers, files) {
  const repo = await gitRepo();
  const tree = {};
  for (let f = 0; f < files; f++) tree[`src/dir${f % 100}/file${f}.ts`] = `export const value${f} = ${f};\n`;
  await fastImport(repo.dir, [
    { ref: "refs/heads/main", message: "a big project", files: tree, from: "refs/heads/main^0" },
  ]);
  function* history() {
    for (let w = 1; w <= workers; w++) {
      const ref = `refs/heads/work/task-${w}-part${w}`;
      for (let c = 1; c <= 5; c++) {
        // Workers 1 and 2, and 3 and 4, edit one shared file: the forecast has real conflicts to find.
        const shared =
          w <= 4 && c === 5 ? { [`src/dir0/file${Math.ceil(w / 2)}.ts`]: `// edited by ${w}\n` } : {};
        yield {
          ref,
          from: "refs/heads/main",
          message: c === 5 ? `[COMPLETE] part ${w}` : `[CHECKPOINT] step ${c}`,
          files: { [`src/dir${w}/file${w * 10 + c}.ts`]: `// worker ${w} step ${c}\n`, ...shared },
        };
      }
    }
  }
  await fastImport(repo.dir, history());
  await repo.git(["reset", "-q", "--hard", "main"]);
  return repo;
}

export const forecastScenario = {
  name: "forecast",
  sizes: [10],
  smallest: 3,
  async run(workers, options = {}) {
    const files = workers >= 10 ? 5000 : 200;
    const repo = await setup(workers, files);
    try {
      const opts = { cwd: repo.dir, env: { ...gitEnv, WO_TMUX_SOCKET: `wo-bench-forecast-${process.pid}` } };
      const args = [WO_BIN, "integrate", "bench", "--dry-run", "--json"];
      const result = JSON.parse((await runProcess(process.execPath, args, opts)).stdout);
      const calls = result.forecast.gitCalls;
      const wo = await sample(async () => (await runProcess(process.execPath, args, opts)).ms, options);
      const one = await sample(
        async () =>
          (
            await runProcess(
              "git",
              [
                "merge-tree",
                "--write-tree",
                "--name-only",
                "--no-messages",
                "-z",
                "work/task-1-part1",
                "work/task-2-part2",
              ],
              {
                ...opts,
                allowFailure: true,
              },
            )
          ).ms,
        options,
      );
      return {
        scenario: `forecast-${workers}`,
        wo: wo.median,
        baseline: one.median * calls,
        baselineName: `${calls} × one git merge-tree`,
        detail: `${workers} workers, ${files} files, ${result.forecast.pairs.filter((p) => !p.clean).length} conflicting pairs; ${calls} git calls with bounded parallelism`,
      };
    } finally {
      await repo.cleanup();
    }
  },
};
