// The action's logic, as `run()` (what @github/local-action calls; src/index.ts calls it on the runner): read the
// inputs, run the mode, write its outputs and summary within GitHub's limits, and turn any failure into one failed
// step with the error's message and hint — after writing the outputs later jobs test (`ok`, `count`, …).
import * as core from "@actions/core";
import { failureMessage } from "./errors.js";
import { parseInputs } from "./inputs.js";
import { checkOutputs, cutSummary, fitOutputs } from "./limits.js";
import { failureOutputs, stepReport } from "./outputs.js";
import { run as runMode } from "./run.js";

/** Runs the action once, in this process's runner environment. Never throws: a failure fails the step. */
export async function run(): Promise<void> {
  let written = false;
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    if ("token" in inputs && inputs.token) core.setSecret(inputs.token);
    const result = await runMode(inputs, { cwd: process.cwd(), env: process.env });
    const report = stepReport(result.outcome);
    // The summary first: when the outputs are too big, the summary still shows what was planned.
    await core.summary.addRaw(cutSummary(report.summary), true).write();
    const fitted = fitOutputs(report.outputs);
    if (fitted.warning) core.warning(fitted.warning);
    checkOutputs(fitted.outputs);
    for (const [name, value] of Object.entries(fitted.outputs)) core.setOutput(name, value);
    written = true;
    for (const note of result.notes) core.info(note);
    if (result.failure) throw result.failure;
  } catch (error) {
    // Later jobs test these outputs: they must exist (and say "failed") however the step ended.
    const outputs = written ? { ok: "false" } : failureOutputs(core.getInput("mode").trim());
    for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value);
    core.setFailed(failureMessage(error));
  }
}
