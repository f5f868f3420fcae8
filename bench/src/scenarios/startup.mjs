import { gitRepo } from "../fixtures.mjs";
import { runProcess, sample, WO_BIN } from "../harness.mjs";

/** CLI start-up: `wo --version` and `wo status` on an empty repository, against `node -e 0` (the floor). */
export const startupScenario = {
  name: "startup",
  sizes: [1],
  smallest: 1,
  async run(_size, options = {}) {
    const repo = await gitRepo();
    try {
      const env = { ...process.env, WO_TMUX_SOCKET: `wo-bench-startup-${process.pid}` };
      const node = await sample(async () => (await runProcess(process.execPath, ["-e", "0"])).ms, options);
      const version = await sample(
        async () => (await runProcess(process.execPath, [WO_BIN, "--version"])).ms,
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
