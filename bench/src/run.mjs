#!/usr/bin/env node
// `pnpm bench`: every scenario, wo against the baseline a user would otherwise run, checked against budgets.json.
// Options: --json, --only=<scenario>, --runs=<n> (timed runs per measurement, default 7, after warm-up).
import { readFileSync } from "node:fs";
import os from "node:os";
import { fmtMs, table } from "./harness.mjs";
import { forecastScenario } from "./scenarios/forecast.mjs";
import { monitorScenario } from "./scenarios/monitor.mjs";
import { planReviewScenario, planScenario } from "./scenarios/plan.mjs";
import { startupScenario } from "./scenarios/startup.mjs";
import { statusScenario } from "./scenarios/status.mjs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const runs = Number(args.find((a) => a.startsWith("--runs="))?.slice("--runs=".length) ?? 7);
const budgets = JSON.parse(readFileSync(new URL("../budgets.json", import.meta.url), "utf8"));

const scenarios = [
  startupScenario,
  statusScenario,
  planScenario,
  planReviewScenario,
  monitorScenario,
  forecastScenario,
].filter((s) => !only || s.name === only);
const results = [];
const log = (text) => process.stderr.write(`${text}\n`);
const header = `wo bench — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown cpu"}, node ${process.version}, ${os.platform()}`;
log(header);
for (const scenario of scenarios) {
  for (const size of scenario.sizes) {
    log(`  running ${scenario.name} (${size}) …`);
    results.push(judge(await scenario.run(size, { runs, warmup: 2 })));
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
