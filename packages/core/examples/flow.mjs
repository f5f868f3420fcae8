// The whole wo flow from a script: plan → setup → monitor → integrate → cleanup.
// Usage: node flow.mjs <repository> <work-items.md> [agent command, e.g. "claude --dangerously-skip-permissions {prompt}"]
import { Orchestrator, planFromFiles } from "@wo/core";

const [repository = ".", document = "docs/review.md", agentCmd] = process.argv.slice(2);
const wo = await Orchestrator.open({ cwd: repository });

const { plan, manifest } = await planFromFiles([document], { cwd: repository });
console.log(manifest);
const setup = await wo.setup(plan, { spawn: true, ...(agentCmd ? { agentCmd } : {}) });
console.log(`started ${setup.workers.length} workers`);

// Follow the workers until each has finished, passing satisfied [NEEDS] on to the worker that waits.
for (;;) {
  const report = await wo.monitor();
  for (const n of await wo.notifySatisfiedNeeds(report))
    console.log(n.submitted ? `notified ${n.worker}: ${n.item} is ready` : `not yet: ${n.error}`);
  const workers = await wo.status();
  if (workers.every((w) => ["done", "failed", "dead"].includes(w.status))) break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

const integration = await wo.integrate("example");
console.log(`merged: ${integration.merged.join(", ")}; conflicts: ${integration.conflicts.length}`);
console.log(integration.report);
await wo.cleanup({ integration: "example" });
