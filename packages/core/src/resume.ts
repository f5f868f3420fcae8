import { baseBranch } from "./base-branch.js";
import { checkCommand, countRetry, readFailedCheck } from "./checks.js";
import { WoError } from "./errors.js";
import { readHistory } from "./history.js";
import { continuationPrompt, failingCheckPrompt, workerPrompt } from "./prompts.js";
import { snapshotWorkers } from "./snapshot.js";
import { type SpawnOptions, type SpawnResult, spawnWorker } from "./spawn.js";
import { decodeWorkerMeta } from "./worker-meta.js";
import { killSessionIfAny } from "./workers.js";
import type { Workspace } from "./workspace.js";

/**
 * Restarts the agent of a dead or stalled worker on the same worktree with the continuation prompt (its
 * checkpoints so far, its remaining tasks). A worker whose agent is alive is refused unless `force`.
 */
export async function resumeWorker(
  ws: Workspace,
  feature: string,
  options: SpawnOptions & { force?: boolean } = {},
): Promise<SpawnResult> {
  const [worker] = await snapshotWorkers(ws, feature);
  if (!worker) throw new WoError("E_NO_WORKER", `No worker named ${feature}`);
  const check = await readFailedCheck(ws, feature);
  const finished = worker.status === "done" || worker.status === "failed";
  if (check && check.retries >= ws.config.checks.retries && !options.force) {
    throw new WoError(
      "E_RETRIES",
      `Worker ${feature} was resumed ${check.retries} time(s) with its failing check (${checkCommand(check)} in ${check.integration}); it needs a person now`,
      {
        hint: `Look at it yourself (wo diff ${feature}; the log is in ${ws.paths.check(feature)}), or give it one more run: wo resume ${feature} --force`,
      },
    );
  }
  // A finished worker with a failing check is restarted with it, whether or not its agent still sits at its prompt.
  if (worker.pane?.alive && !options.force && !(check && finished)) {
    throw new WoError(
      "E_ALREADY_RUNNING",
      `Worker ${feature}'s agent is still running; it was not restarted`,
      {
        hint: `Talk to it (wo send ${feature} "…"), or restart it anyway: wo resume ${feature} --force`,
      },
    );
  }
  // spawnWorker also stops what the previous run left behind (detached processes); the agent recorded for the
  // worker is reused there unless this resume chooses another.
  if (worker.pane) await killSessionIfAny(ws, worker.session);
  const base = await baseBranch(ws);
  const history = await readHistory(ws.repo, ws.config.branchPrefix, base);
  const own = history.branches.find((b) => b.branch === worker.branch);
  const completed = (own?.commits ?? [])
    .filter((c) => c.status?.kind === "checkpoint" || c.status?.kind === "complete")
    .reverse()
    .map((c) => c.subject);
  const meta = decodeWorkerMeta(worker.meta);
  const tasks = meta.tasks;
  const task = meta.spawn.task ?? tasks.join("; ");
  const reason = check
    ? `finished, but its changes make \`${checkCommand(check)}\` fail in ${check.integration}`
    : worker.status === "dead"
      ? "crashed (its tmux session ended)"
      : "stalled and was restarted";
  const failing = check
    ? `\n${failingCheckPrompt({
        integration: check.integration,
        command: checkCommand(check),
        exitCode: check.exitCode,
        outputTail: check.outputTail,
        attempt: check.retries + 1,
        budget: Math.max(ws.config.checks.retries, check.retries + 1),
      })}`
    : "";
  const prompt = workerPrompt(
    `${continuationPrompt({ id: feature, reason }, { completed, remaining: tasks.length > 0 ? tasks : [task] })}${failing}\n## Original task\n${task}\n`,
  );
  const started = await spawnWorker(ws, feature, task || "(resumed)", { ...options, prompt });
  // Counted once the run started: a refused spawn uses up no retry.
  if (check) await countRetry(ws, check);
  return started;
}
