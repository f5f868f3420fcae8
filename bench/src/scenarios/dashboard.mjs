import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { median, runProcess, WO_BIN } from "../harness.mjs";
import { openPage, percentile, streamWhileClicking } from "./dashboard-page.mjs";
import { setup as statusWorkers } from "./status.mjs";

/**
 * `wo dashboard` with N workers (the status scenario's: 7 in 10 running on a real tmux server), with its page open in
 * a real browser (system Chromium through playwright-core, when installed) and an event stream read beside it:
 * - how long an update takes from the file or commit that causes it to the event stream and to the browser showing
 *   it — the worst case counts (the budget is 1 s for every update);
 * - whether the page stays responsive while updates stream in (a status file changing every 100 ms while someone
 *   clicks between the views): from each state event to the frame that shows it, the browser's long tasks, the
 *   input delay of the clicks and the time a view switch takes;
 * - the CPU the dashboard process (and the git and tmux processes it waits for) uses over 15 s (`idleMs`) while
 *   nothing changes, with the page open and with it hidden (a background tab: it closes its stream) or none open.
 * The baseline is one `wo monitor --json`, what a user would otherwise run to see the commits.
 */
export const dashboardScenario = {
  name: "dashboard",
  sizes: [100],
  smallest: 10,
  async run(size, options = {}) {
    const world = await statusWorkers(size);
    const server = await startDashboard(world.repo.dir, world.env);
    let browser = null;
    try {
      const page = await followEvents(server.url);
      await page.next((s) => s.monitor !== null);
      browser = await openPage(server.url);
      // The page is ready once it shows every worker.
      await browser?.until((n) => document.querySelectorAll("tr[data-worker]").length === n, size);
      const running = page.latest.workers.filter((w) => w.status === "running").map((w) => w.feature);
      const runs = Math.min(options.runs ?? 7, Math.floor(running.length / 3));
      const worktree = (feature) => path.join(world.repo.dir, "worktrees", feature);
      // A worker finishing: its status file, as the worker protocol writes it.
      const status = { stream: [], page: [] };
      for (const feature of running.slice(0, runs)) {
        const started = performance.now();
        writeFileSync(path.join(worktree(feature), ".worker-status"), "done\n");
        await Promise.all([
          page
            .next((s) => s.workers.some((w) => w.feature === feature && w.status === "done"))
            .then(() => status.stream.push(performance.now() - started)),
          browser
            ?.until(
              (f) => document.querySelector(`tr[data-worker="${f}"]`)?.dataset.status === "done",
              feature,
            )
            .then(() => status.page.push(performance.now() - started)),
        ]);
      }
      // A worker committing: the prefix reaches the page with the monitor's part of the state.
      const commits = { stream: [], page: [] };
      for (const feature of running.slice(runs, runs * 2)) {
        await runProcess("git", ["commit", "-q", "--allow-empty", "-m", `[CHECKPOINT] bench ${feature}`], {
          cwd: worktree(feature),
          env: world.env,
        });
        const started = performance.now();
        await Promise.all([
          page
            .next((s) =>
              (s.monitor?.workers ?? []).some((w) => w.worker === feature && w.status === "checkpoint"),
            )
            .then(() => commits.stream.push(performance.now() - started)),
          browser
            ?.until(
              (f) => document.querySelector(`tr[data-worker="${f}"] .prefix.checkpoint`) !== null,
              feature,
            )
            .then(() => commits.page.push(performance.now() - started)),
        ]);
      }
      // Updates streaming in while someone clicks between the views: status files of the other running workers
      // flip between done and running, one every 100 ms.
      const flipping = running.slice(runs * 2);
      const stream = browser
        ? await streamWhileClicking(
            browser,
            (i) =>
              writeFileSync(
                path.join(worktree(flipping[i % flipping.length]), ".worker-status"),
                Math.floor(i / flipping.length) % 2 === 0 ? "done\n" : "running\n",
              ),
            { ms: options.streamMs ?? 6000, everyMs: 100 },
          )
        : null;
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
      // The browser's page hidden (a background tab closes its stream) and the event stream closed: no page follows.
      page.close();
      await browser?.setHidden(true);
      await sleep(1000);
      const unwatched = await cpuOver(server.pid, idleMs);
      const seen = status.page.length > 0 ? "page" : "stream";
      const worst = Math.max(...status[seen], ...commits[seen]);
      return {
        scenario: `dashboard-${size}`,
        wo: worst,
        baseline: median(monitor),
        baselineName: "one wo monitor --json",
        detail:
          `${size} workers: status file → page ${spread(status.stream)}, commit → page ${spread(commits.stream)} (event stream)` +
          (status.page.length > 0
            ? `; in Chromium: status file → shown ${spread(status.page)}, commit → shown ${spread(commits.page)}`
            : "; no Chromium here: the browser figures are left out") +
          `; idle CPU ${pct(watched)} with a page open (5 s tmux tick), ${pct(unwatched)} with it hidden or none open`,
        idleCpu: { watched, unwatched },
        ...(stream ? { also: [pageResult(size, stream)] } : {}),
      };
    } finally {
      await browser?.close();
      await server.stop();
      await world.cleanup();
    }
  },
};

// The page's responsiveness while updates stream in: the worse p95 of a state event to the frame that shows it and
// of a click to the frame that shows its result.
function pageResult(size, stream) {
  const worst = (values) => fmt(values.length > 0 ? Math.max(...values) : 0);
  const p95 = (values) => fmt(percentile(values, 0.95));
  return {
    scenario: `dashboard-${size}-page`,
    wo: Math.max(percentile(stream.events, 0.95), percentile(stream.clicks, 0.95)),
    baseline: null,
    detail:
      `Chromium, ${stream.sent} status changes in 6 s → ${stream.events.length} state events: event → shown p95 ${p95(stream.events)} (max ${worst(stream.events)}); ` +
      `${stream.clicks.length} clicks between the views: click → shown p95 ${p95(stream.clicks)} (max ${worst(stream.clicks)}), input delay max ${worst(stream.inputDelays)}; ` +
      `long tasks ${stream.longTasks.length} (max ${worst(stream.longTasks)})`,
  };
}

const spread = (values) => `${fmt(median(values))} median (max ${fmt(Math.max(...values))})`;
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
