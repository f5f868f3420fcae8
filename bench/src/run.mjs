#!/usr/bin/env node
// `pnpm bench`: every scenario, wo against the baseline a user would otherwise run, checked against budgets.json.
// Options: --json, --only=<scenario>, --runs=<n> (timed runs per measurement, default 7, after warm-up), --help.
import { readFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { fmtMs, table } from "./harness.mjs";
import { dashboardScenario } from "./scenarios/dashboard.mjs";
import { forecastScenario } from "./scenarios/forecast.mjs";
import { monitorScenario } from "./scenarios/monitor.mjs";
import { planReviewScenario, planScenario } from "./scenarios/plan.mjs";
import { startupScenario } from "./scenarios/startup.mjs";
import { statusScenario } from "./scenarios/status.mjs";
import { waitingScenario } from "./scenarios/waiting.mjs";

const USAGE = "usage: pnpm bench [--only=<scenario>] [--runs=<n>] [--json]";
const ALL = [
  startupScenario,
  statusScenario,
  planScenario,
  planReviewScenario,
  monitorScenario,
  forecastScenario,
  dashboardScenario,
  waitingScenario,
];
let values;
try {
  ({ values } = parseArgs({
    options: {
      json: { type: "boolean", default: false },
      only: { type: "string" },
      runs: { type: "string", default: "7" },
      help: { type: "boolean", short: "h", default: false },
    },
  }));
} catch (error) {
  fail(`${error.message}`);
}
if (values.help) {
  process.stdout.write(
    `${USAGE}\n  scenarios: ${ALL.map((s) => s.name).join(", ")}\n  --runs: timed runs per measurement after 2 warm-ups (default 7)\n`,
  );
  process.exit(0);
}
const json = values.json;
const only = values.only;
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1)
  fail(`--runs must be a whole number of at least 1, got "${values.runs}"`);
if (only !== undefined && !ALL.some((s) => s.name === only)) {
  fail(`no scenario named "${only}"; pick one of ${ALL.map((s) => s.name).join(", ")}`);
}
const budgets = JSON.parse(readFileSync(new URL("../budgets.json", import.meta.url), "utf8"));

/** One clear line and the usage, exit code 2: a bad option must not start a full (long) run. */
function fail(message) {
  process.stderr.write(`wo bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

const scenarios = ALL.filter((s) => !only || s.name === only);
const results = [];
const log = (text) => process.stderr.write(`${text}\n`);
const header = `wo bench — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown cpu"}, node ${process.version}, ${os.platform()}`;
log(header);
for (const scenario of scenarios) {
  for (const size of scenario.sizes) {
    log(`  running ${scenario.name} (${size}) …`);
    const result = await scenario.run(size, { runs, warmup: 2 });
    // A scenario may measure more than one thing, each with its own budget (`also`).
    for (const each of [result, ...(result.also ?? [])]) results.push(judge(each));
  }
}

function judge(result) {
  const budget = budgets[result.scenario];
  const ratio = result.baseline ? result.wo / result.baseline : null;
  let pass = null;
  let text = "-";
  if (budget) {
    const checks = [];
    if (budget.maxMs !== undefined) checks.push([result.wo < budget.maxMs, `< ${budget.maxMs} ms`]);
    if (budget.minSpeedup !== undefined)
      checks.push([ratio !== null && 1 / ratio >= budget.minSpeedup, `≥ ${budget.minSpeedup}× faster`]);
    if (budget.maxRatio !== undefined)
      checks.push([ratio !== null && ratio <= budget.maxRatio, `≤ ${budget.maxRatio}× baseline`]);
    pass = checks.every(([ok]) => ok);
    text = checks.map(([, t]) => t).join(", ");
  }
  return { ...result, ratio, budget: text, pass };
}

/** How each multi-size scenario grows from its smallest to its largest case. */
function scaling() {
  const groups = [
    {
      name: "status",
      pick: (r) => r.scenario.startsWith("status-"),
      size: (r) => Number(r.scenario.slice(7)),
      unit: "workers",
    },
    {
      name: "plan",
      pick: (r) => r.scenario.startsWith("plan-") && !r.scenario.startsWith("plan-review-"),
      size: (r) => r.size,
      unit: "KB",
    },
  ];
  const lines = [];
  for (const g of groups) {
    const rs = results.filter(g.pick).sort((a, b) => g.size(a) - g.size(b));
    if (rs.length < 2) continue;
    const [small, large] = [rs[0], rs.at(-1)];
    const sizeRatio = g.size(large) / g.size(small);
    const growth = large.wo / small.wo;
    const shape =
      growth <= sizeRatio * 1.2
        ? growth < sizeRatio * 0.5
          ? "sub-linear (fixed costs dominate)"
          : "linear"
        : "super-linear";
    const baseGrowth = large.baseline && small.baseline ? large.baseline / small.baseline : null;
    lines.push(
      `${g.name}: ${g.size(small)} → ${g.size(large)} ${g.unit} (${sizeRatio.toFixed(1)}×): wo ${growth.toFixed(1)}× (${shape})` +
        (baseGrowth
          ? `, baseline ${baseGrowth.toFixed(1)}×${large.baselineLowerBound ? " or more" : ""}`
          : ""),
    );
    if (g.name === "plan" && budgets["plan-growth"]) {
      const small100 = rs.find((r) => r.size === 100);
      const big = rs.find((r) => r.size === 1024);
      if (small100 && big) {
        const pg = big.wo / small100.wo;
        results.push({
          scenario: "plan-growth",
          wo: null,
          baseline: null,
          ratio: null,
          budget: `≤ ${budgets["plan-growth"].maxGrowth}× for 10× input`,
          pass: pg <= budgets["plan-growth"].maxGrowth,
          detail: `100 KB → 1 MB costs ${pg.toFixed(1)}× more time`,
        });
      }
    }
  }
  return lines;
}
const scalingLines = scaling();

if (json) {
  process.stdout.write(
    `${JSON.stringify({ header, cores: os.cpus().length, node: process.version, results, scaling: scalingLines }, null, 2)}\n`,
  );
} else {
  process.stdout.write(`${header}\n\n`);
  process.stdout.write(
    `${table(results, [
      { header: "scenario", value: (r) => r.scenario },
      { header: "wo", value: (r) => fmtMs(r.wo), align: "right" },
      {
        header: "baseline",
        value: (r) => (r.baseline === null ? "-" : `${r.baselineLowerBound ? "> " : ""}${fmtMs(r.baseline)}`),
        align: "right",
      },
      {
        header: "ratio",
        value: (r) => (r.ratio === null ? "-" : `${r.baselineLowerBound ? "< " : ""}${r.ratio.toFixed(2)}×`),
        align: "right",
      },
      { header: "budget", value: (r) => r.budget },
      { header: "result", value: (r) => (r.pass === null ? "-" : r.pass ? "pass" : "FAIL") },
      {
        header: "detail",
        value: (r) => `${r.baselineName ? `vs ${r.baselineName}; ` : ""}${r.detail ?? ""}`,
      },
    ])}\n`,
  );
  process.stdout.write(`\nScaling:\n${scalingLines.map((l) => `  ${l}`).join("\n")}\n`);
}
process.exitCode = results.some((r) => r.pass === false) ? 1 : 0;
