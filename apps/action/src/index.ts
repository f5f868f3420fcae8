// The action's entry point (bundled to dist/index.cjs): read the inputs, run the mode, write its outputs and
// summary, and turn any failure into one failed step with the error's message and hint.
import * as core from "@actions/core";
import { failureMessage } from "./errors.js";
import { parseInputs } from "./inputs.js";
import { writeStepReport } from "./outputs.js";
import { run } from "./run.js";

async function main(): Promise<void> {
  try {
    const inputs = parseInputs((name) => core.getInput(name));
    if (inputs.mode === "monitor" && inputs.token) core.setSecret(inputs.token);
    const result = await run(inputs, { cwd: process.cwd(), env: process.env });
    await writeStepReport(result.outcome);
    for (const note of result.notes) core.info(note);
    if (result.failure) throw result.failure;
  } catch (error) {
    core.setFailed(failureMessage(error));
  }
}

void main();
