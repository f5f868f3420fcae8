import { paneTarget } from "@wo/tmux";
import { readWorkerStatus } from "@wo/worktree";
import { sanitizeAgentInput } from "./agent-input.js";
import { isWoError, WoError } from "./errors.js";
import { nextStepHint } from "./hints.js";
import { effectiveStatus } from "./status.js";
import { type Submitted, submitText, workerAdapter } from "./submit.js";
import { findRecord, readRecords, readSessions, type WorkerRecord } from "./workers.js";
import type { Workspace } from "./workspace.js";

/** How many workers `send --all` types into at the same time. */
const SEND_CONCURRENCY = 4;

/** What `wo send` did (`wo send --json`). */
export interface SendResult {
  /** Features whose agent showed the submission, in worker order. */
  sent: string[];
  /** Running workers the text did not reach as a submission (only with `--all`: one named worker throws instead). */
  failed: SendFailure[];
}

/** One worker `send --all` could not submit to. */
export interface SendFailure {
  feature: string;
  /** The error code, e.g. `E_NOT_SUBMITTED`. */
  code: string;
  error: string;
  hint: string | null;
}

/**
 * Types `text` into the agent of each target (a feature, or every running worker for `"all"`) and submits it, each
 * the way its agent needs (see `submitText`): sanitized, pasted through a tmux buffer (never a shell or argv), Enter
 * after the agent's pause, and counted as sent only once its pane shows the submission. A named worker that cannot
 * be reached throws; with `"all"` every running worker is tried (a few at a time) and the failures are listed.
 */
export async function sendToWorkers(
  ws: Workspace,
  target: string | { all: true },
  text: string,
): Promise<SendResult> {
  if (sanitizeAgentInput(text).trim() === "")
    throw new WoError("E_INPUT", "Nothing to send: the text is empty", {
      hint: 'wo send <feature> "<text>"',
    });
  // Only this repository's sessions, and each by its tmux id: text never goes to a same-named session of another
  // repository or of the user.
  const sessions = await readSessions(ws);
  if (typeof target === "string") {
    const record = await findRecord(ws, target);
    const session = sessions.get(record.session);
    if (!session?.pane.alive) {
      const file = await readWorkerStatus(record.path).catch(() => null);
      const status = effectiveStatus(file, session?.pane ?? null);
      throw new WoError(
        "E_NO_WORKER",
        `Worker ${target} is not running${session ? " (its agent has exited)" : ""}; nothing was sent`,
        { hint: nextStepHint(target, status) },
      );
    }
    await submitToWorker(ws, record, session.id, text);
    return { sent: [record.feature], failed: [] };
  }
  const running = (await readRecords(ws)).flatMap((record) => {
    const session = sessions.get(record.session);
    return session?.pane.alive ? [{ record, id: session.id }] : [];
  });
  // A few at a time: each submission polls its pane, and the pauses overlap instead of adding up.
  const { default: pLimit } = await import("p-limit");
  const limit = pLimit(SEND_CONCURRENCY);
  const outcomes = await Promise.all(
    running.map(({ record, id }) =>
      limit(() =>
        submitToWorker(ws, record, id, text).then(
          () => null,
          (error: unknown) => failureOf(record.feature, error),
        ),
      ),
    ),
  );
  const failed = outcomes.filter((outcome): outcome is SendFailure => outcome !== null);
  const missed = new Set(failed.map((f) => f.feature));
  return { sent: running.map(({ record }) => record.feature).filter((f) => !missed.has(f)), failed };
}

/** Submits `text` to one worker's pane (by its session's tmux id), the way the worker's recorded agent needs. */
export async function submitToWorker(
  ws: Workspace,
  record: Pick<WorkerRecord, "feature" | "meta">,
  sessionId: string,
  text: string,
): Promise<Submitted> {
  const adapter = workerAdapter(record.meta);
  return submitText(ws.tmux, paneTarget({ id: sessionId }), text, {
    feature: record.feature,
    style: adapter.submit,
  });
}

/** A failure as `send --all` lists it; anything that is not a wo error is a bug and is thrown on. */
function failureOf(feature: string, error: unknown): SendFailure {
  if (!isWoError(error)) throw error;
  return { feature, code: error.code, error: error.message, hint: error.hint ?? null };
}

/** The argv that puts the user's terminal on the worker's session (attach, or switch-client inside tmux). */
export async function attachCommand(
  ws: Workspace,
  feature: string,
): Promise<{ argv: string[]; mode: "attach" | "switch" }> {
  const record = await findRecord(ws, feature);
  const session = (await readSessions(ws)).get(record.session);
  if (!session) {
    throw new WoError("E_NO_WORKER", `Worker ${feature} has no tmux session to attach to`, {
      hint: `Start it with wo spawn ${feature} "<task>"`,
    });
  }
  return ws.tmux.attachArgv({ id: session.id }, ws.env);
}
