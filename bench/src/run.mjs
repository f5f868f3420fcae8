#!/usr/bin/env node
// `pnpm bench`: every scenario, wo against the baseline a user would otherwise run, checked against budgets.json.
import { readFileSync } from "node:fs";
import os from "node:os";
import { fmtMs, table } from "./harness.mjs";
import { startupScenario } from "./scenarios/startup.mjs";
import { statusScenario } from "./scenarios/status.mjs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const only = args.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const budgets = JSON.parse(readFileSync(new URL("../budgets.json", import.meta.url), "utf8"));

const scenarios = [startupScenario, statusScenario].filter((s) => !only || s.name === only);
const results = [];
const log = (text) => process.stderr.write(`${text}\n`);
log(
  `wo bench — ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "unknown cpu"}, node ${process.version}, ${os.platform()}`,
);
for (const scenario of scenarios) {
  for (const size of scenario.sizes) {
    log(`  running ${scenario.name} (${size}) …`);
    const result = await scenario.run(size);
    results.push(judge(result));
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

if (json) {
  process.stdout.write(
    `${JSON.stringify({ cores: os.cpus().length, node: process.version, results }, null, 2)}\n`,
  );
} else {
  process.stdout.write(
    `${table(results, [
      { header: "scenario", value: (r) => r.scenario },
      { header: "wo", value: (r) => fmtMs(r.wo), align: "right" },
      { header: "baseline", value: (r) => fmtMs(r.baseline), align: "right" },
      { header: "ratio", value: (r) => (r.ratio === null ? "-" : `${r.ratio.toFixed(2)}×`), align: "right" },
      { header: "budget", value: (r) => r.budget },
      { header: "result", value: (r) => (r.pass === null ? "-" : r.pass ? "pass" : "FAIL") },
      {
        header: "detail",
        value: (r) => `${r.baselineName ? `vs ${r.baselineName}; ` : ""}${r.detail ?? ""}`,
      },
    ])}\n`,
  );
}
process.exitCode = results.some((r) => r.pass === false) ? 1 : 0;
