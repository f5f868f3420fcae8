import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const WO_BIN = path.join(ROOT, "apps/cli/bin/wo.js");
const COUNTER = fileURLToPath(new URL("./count-children.cjs", import.meta.url));

/** Runs a command to completion; rejects on a non-zero exit. Returns wall time in ms and output. */
export function runProcess(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = options.timeoutMs ? setTimeout(() => child.kill("SIGKILL"), options.timeoutMs) : null;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0 && !options.allowFailure) {
        reject(
          new Error(
            `${command} ${args.join(" ")} exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
          ),
        );
      } else resolve({ ms, stdout, stderr, code });
    });
  });
}

/** Child processes a `wo` invocation starts, counted inside it. */
export async function countWoChildren(args, options) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "wo-bench-count-"));
  const file = path.join(dir, "count");
  try {
    await runProcess(process.execPath, ["--require", COUNTER, WO_BIN, ...args], {
      ...options,
      env: { ...options.env, WO_BENCH_COUNT_FILE: file },
    });
    const counts = JSON.parse(readFileSync(file, "utf8").trim().split("\n").at(-1));
    return { total: Object.values(counts).reduce((a, b) => a + b, 0), byProgram: counts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Times `fn` `runs` times after `warmup` untimed runs; fn returns its own wall time in ms. */
export async function sample(fn, { runs = 7, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await fn());
  return { median: median(samples), samples };
}

/**
 * Times `a` and `b` alternately (a, b, then b, a, …) after `warmup` untimed runs of each, so a machine that gets
 * slower or faster during the measurement shifts both alike: their ratio is what a noisy machine can still tell.
 */
export async function samplePair(a, b, { runs = 7, warmup = 2 } = {}) {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const first = [];
  const second = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      first.push(await a());
      second.push(await b());
    } else {
      second.push(await b());
      first.push(await a());
    }
  }
  return [
    { median: median(first), samples: first },
    { median: median(second), samples: second },
  ];
}

/** Formats a table of rows (objects) with the given columns. */
export function table(rows, columns) {
  const cells = rows.map((row) => columns.map((c) => String(c.value(row))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => r[i].length)));
  const line = (values) =>
    values
      .map((v, i) => ((c) => (c.align === "right" ? v.padStart(widths[i]) : v.padEnd(widths[i])))(columns[i]))
      .join("  ")
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => "-".repeat(w))),
    ...cells.map(line),
  ].join("\n");
}

export const fmtMs = (ms) =>
  ms === null || ms === undefined ? "-" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
