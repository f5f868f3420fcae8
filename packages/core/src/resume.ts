import { baseBranch } from "./base-branch.js";
import { WoError } from "./errors.js";
import { readHistory } from "./history.js";
import { continuationPrompt, workerPrompt } from "./prompts.js";
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
  if (worker.pane?.alive && !options.force) {
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
  const reason = worker.status === "dead" ? "crashed (its tmux session ended)" : "stalled and was restarted";
  const prompt = workerPrompt(
    `${continuationPrompt({ id: feature, reason }, { completed, remaining: tasks.length > 0 ? tasks : [task] })}\n## Original task\n${task}\n`,
  );
  return spawnWorker(ws, feature, task || "(resumed)", { ...options, prompt });
}
