import { gitRepo } from "../fixtures.mjs";
import { runProcess, sample, samplePair, WO_BIN } from "../harness.mjs";

/** CLI start-up: `wo --version` and `wo status` on an empty repository, against `node -e 0` (the floor). */
export const startupScenario = {
  name: "startup",
  sizes: [1],
  smallest: 1,
  async run(_size, options = {}) {
    const repo = await gitRepo();
    try {
      const env = { ...process.env, WO_TMUX_SOCKET: `wo-bench-startup-${process.pid}` };
      // Side by side: the budget is a ratio, so both are timed in turns.
      const [version, node] = await samplePair(
        async () => (await runProcess(process.execPath, [WO_BIN, "--version"])).ms,
        async () => (await runProcess(process.execPath, ["-e", "0"])).ms,
        options,
      );
      const status = await sample(
        async () => (await runProcess(process.execPath, [WO_BIN, "status"], { cwd: repo.dir, env })).ms,
        options,
      );
      return {
        scenario: "startup-version",
        wo: version.median,
        baseline: node.median,
        baselineName: "node -e 0",
        detail: `wo status on an empty repo: ${status.median.toFixed(1)} ms`,
      };
    } finally {
      await repo.cleanup();
    }
  },
};
