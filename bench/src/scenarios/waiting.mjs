import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gitRepo, tmuxServer } from "../fixtures.mjs";
import { ROOT, runProcess, WO_BIN } from "../harness.mjs";

const HOOK_AGENT = path.join(ROOT, "packages/test-utils/fixtures/hook-agent.cjs");

/**
 * How soon `wo status` shows an agent's wait: a fake Claude Code (packages/test-utils/fixtures/hook-agent.cjs) runs
 * the hooks wo wires into its `--settings` the way the real one does; each run it either ends its turn (`Stop`) or
 * hits a permission prompt (`Notification`), alternately. Measured from the moment the agent starts its hook to
 * the end of the first `wo status --json` (polled back to back, as a watch would) that shows `waiting` with the
 * right `waitingFor`; the figure judged is the p95. Also reported: what one hook call costs the agent.
 */
export const waitingScenario = {
  name: "waiting",
  sizes: [1],
  smallest: 1,
  async run(_size, options = {}) {
    const runs = (options.runs ?? 7) + (options.warmup ?? 2);
    const repo = await gitRepo();
    const server = tmuxServer("waiting");
    const dir = mkdtempSync(path.join(os.tmpdir(), "wo-bench-waiting-"));
    const program = path.join(dir, "claude");
    writeFileSync(program, `#!${process.execPath}\nrequire(${JSON.stringify(HOOK_AGENT)});\n`);
    chmodSync(program, 0o755);
    // Claude Code's one-time consent (onboarding, trust of the repository) given in a HOME of the bench's own, as
    // `wo doctor --fix` records it, so wo spawns the fake Claude Code; as root, IS_SANDBOX=1 (docs/agents/claude.md).
    const home = path.join(dir, "home");
    mkdirSync(home);
    writeFileSync(
      path.join(home, ".claude.json"),
      JSON.stringify({
        hasCompletedOnboarding: true,
        projects: { [repo.dir]: { hasTrustDialogAccepted: true } },
      }),
    );
    const { ANTHROPIC_API_KEY: _key, ...inherited } = process.env;
    const env = { ...inherited, ...server.env, HOME: home, IS_SANDBOX: "1" };
    const wo = (args) => runProcess(process.execPath, [WO_BIN, ...args], { cwd: repo.dir, env });
    const latencies = [];
    const hookMs = [];
    const nodeMs = [];
    try {
      for (let i = 0; i < runs; i++) {
        const feature = `wait-${i}`;
        const plan = i % 2 === 0 ? "turn" : "permission";
        const expected = plan === "turn" ? "turn-ended" : "permission";
        const event = plan === "turn" ? "Stop" : "Notification";
        const log = path.join(dir, `${feature}.log`);
        await wo(["worktree", "add", feature]);
        await wo([
          "spawn",
          feature,
          `FAKE_PLAN=${plan} FAKE_LOG=${log} FAKE_WORK_MS=600000 do it`,
          "--agent-cmd",
          `${program} {prompt}`,
        ]);
        const deadline = Date.now() + 30_000;
        let seenAt = null;
        while (seenAt === null && Date.now() < deadline) {
          const { stdout } = await wo(["status", feature, "--json"]);
          const [entry] = JSON.parse(stdout);
          if (entry?.status === "waiting" && entry.waitingFor === expected) seenAt = Date.now();
        }
        if (seenAt === null) throw new Error(`${feature} never showed waiting (${expected}) in wo status`);
        const entries = existsSync(log)
          ? readFileSync(log, "utf8")
              .trim()
              .split("\n")
              .map((line) => JSON.parse(line))
          : [];
        const hook = entries.find((e) => e.event === event);
        if (!hook) throw new Error(`${feature}: the fake agent logged no ${event} hook`);
        if (i >= (options.warmup ?? 2)) {
          latencies.push(seenAt - hook.startedAt);
          hookMs.push(...entries.map((e) => e.ms));
        }
        await wo(["kill", feature, "--force"]);
      }
      // The floor of any node program on this machine now: a hook call cannot cost less.
      for (let i = 0; i < 5; i++) nodeMs.push((await runProcess(process.execPath, ["-e", "0"])).ms);
    } finally {
      await server.cleanup();
      repo.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
    const p95 = percentile(latencies, 95);
    return {
      scenario: "waiting-detect",
      wo: p95,
      baseline: null,
      detail: `hook → wo status shows waiting: p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms over ${latencies.length} runs (turn end / permission prompt); one hook call: p50 ${percentile(hookMs, 50).toFixed(0)} ms, p95 ${percentile(hookMs, 95).toFixed(0)} ms (node -e 0: p50 ${percentile(nodeMs, 50).toFixed(0)} ms)`,
    };
  },
};

/** The p-th percentile (nearest rank). */
function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}
