import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { median, runProcess, WO_BIN } from "../harness.mjs";
import { setup as statusWorkers } from "./status.mjs";

/**
 * `wo dashboard` with N workers (the status scenario's: 7 in 10 running on a real tmux server): how long an update
 * takes from the file or commit that causes it to the page's event stream, and the CPU the dashboard process (and
 * the git and tmux processes it waits for) uses over 15 s (`idleMs`) while nothing changes, with one page open and with none.
 * The baseline is one `wo monitor --json`, what a user would otherwise run to see the commits; the budget is 1 s.
 */
export const dashboardScenario = {
  name: "dashboard",
  sizes: [100],
  smallest: 10,
  async run(size, options = {}) {
    const world = await statusWorkers(size);
    const server = await startDashboard(world.repo.dir, world.env);
    try {
      const page = await followEvents(server.url);
      await page.next((s) => s.monitor !== null);
      const running = page.latest.workers.filter((w) => w.status === "running").map((w) => w.feature);
      const runs = Math.min(options.runs ?? 7, running.length);
      // A worker finishing: its status file, as the worker protocol writes it.
      const status = [];
      for (const feature of running.slice(0, runs)) {
        const file = path.join(world.repo.dir, "worktrees", feature, ".worker-status");
        const started = performance.now();
        writeFileSync(file, "done\n");
        await page.next((s) => s.workers.some((w) => w.feature === feature && w.status === "done"));
        status.push(performance.now() - started);
      }
      // A worker committing: the prefix reaches the page with the monitor's part of the state.
      const commits = [];
      for (const feature of running.slice(runs, runs * 2)) {
        const cwd = path.join(world.repo.dir, "worktrees", feature);
        await runProcess("git", ["commit", "-q", "--allow-empty", "-m", `[CHECKPOINT] bench ${feature}`], {
          cwd,
          env: world.env,
        });
        const started = performance.now();
        await page.next((s) =>
          (s.monitor?.workers ?? []).some((w) => w.worker === feature && w.status === "checkpoint"),
        );
        commits.push(performance.now() - started);
      }
      // What a user would otherwise run to see the commits: one wo monitor.
      const monitor = [];
      for (let i = 0; i < 3; i++)
        monitor.push(
          (
            await runProcess(process.execPath, [WO_BIN, "monitor", "--json"], {
              cwd: world.repo.dir,
              env: world.env,
            })
          ).ms,
        );
      await sleep(1000);
      const idleMs = options.idleMs ?? 15_000;
      const watched = await cpuOver(server.pid, idleMs);
      page.close();
      await sleep(1000);
      const unwatched = await cpuOver(server.pid, idleMs);
      const worst = Math.max(median(status), median(commits));
      return {
        scenario: `dashboard-${size}`,
        wo: worst,
        baseline: median(monitor),
        baselineName: "one wo monitor --json",
        detail: `${size} workers: status file → page ${fmt(median(status))} (max ${fmt(Math.max(...status))}), commit → page ${fmt(median(commits))} (max ${fmt(Math.max(...commits))}); idle CPU ${pct(watched)} with a page open (5 s tmux tick), ${pct(unwatched)} with none`,
        idleCpu: { watched, unwatched },
      };
    } finally {
      await server.stop();
      await world.cleanup();
    }
  },
};

const fmt = (ms) => `${Math.round(ms)} ms`;
const pct = (share) => `${(share * 100).toFixed(2)} %`;

// The real binary, as a user starts it; its URL is the first line it prints.
async function startDashboard(cwd, env) {
  const child = spawn(process.execPath, [WO_BIN, "dashboard"], {
    cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  const exited = new Promise((resolve) => child.on("close", resolve));
  for (let waited = 0; !/token=\w+/.test(out); waited += 50) {
    if (waited > 30_000) throw new Error(`wo dashboard printed no URL: ${out}`);
    await sleep(50);
  }
  return {
    url: /http:\/\/\S+/.exec(out)[0],
    pid: child.pid,
    async stop() {
      child.kill("SIGINT");
      await exited;
    },
  };
}

// A page's event stream, read as the browser reads it; `next(test)` waits for a state that passes.
async function followEvents(url) {
  const { origin, searchParams } = new URL(url);
  const controller = new AbortController();
  const response = await fetch(`${origin}/api/events?token=${searchParams.get("token")}`, {
    signal: controller.signal,
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const waiting = new Set();
  const page = {
    latest: null,
    next: (test) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no such state within 30 s")), 30_000);
        waiting.add((state) => {
          if (!test(state)) return false;
          clearTimeout(timer);
          resolve(state);
          return true;
        });
      }),
    close: () => controller.abort(),
  };
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const data = buffer
            .slice(0, end)
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trimStart())
            .join("\n");
          buffer = buffer.slice(end + 2);
          if (!data) continue;
          page.latest = JSON.parse(data);
          for (const check of [...waiting]) if (check(page.latest)) waiting.delete(check);
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return page;
}

// The share of one core the process used over `ms`, counting the children it waited for (git, tmux clients).
async function cpuOver(pid, ms) {
  const read = () => {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime, stime, cutime, cstime: fields 14–17 of proc(5), 12–15 after the command name.
    return fields.slice(11, 15).reduce((sum, v) => sum + Number(v), 0);
  };
  const before = read();
  await sleep(ms);
  return (read() - before) / 100 / (ms / 1000);
}
