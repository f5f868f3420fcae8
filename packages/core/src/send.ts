import { paneTarget } from "@wo/tmux";
import { readWorkerStatus } from "@wo/worktree";
import { WoError } from "./errors.js";
import { nextStepHint } from "./hints.js";
import { effectiveStatus } from "./status.js";
import { findRecord, readRecords, readSessions, type WorkerRecord } from "./workers.js";
import type { Workspace } from "./workspace.js";

/**
 * Types `text` into the agent of each target (a feature, or every running worker for `"all"`), then Enter.
 * The text goes through a tmux buffer, never a shell or argv. Returns the features it was sent to.
 */
export async function sendToWorkers(
  ws: Workspace,
  target: string | { all: true },
  text: string,
): Promise<string[]> {
  if (text === "")
    throw new WoError("E_INPUT", "Nothing to send: the text is empty", {
      hint: 'wo send <feature> "<text>"',
    });
  // Only this repository's sessions, and each by its tmux id: text never goes to a same-named session of another
  // repository or of the user.
  const sessions = await readSessions(ws);
  let records: WorkerRecord[];
  if (typeof target === "string") {
    const record = await findRecord(ws, target);
    const pane = sessions.get(record.session)?.pane;
    if (!pane?.alive) {
      const file = await readWorkerStatus(record.path).catch(() => null);
      const status = effectiveStatus(file, pane ?? null);
      throw new WoError(
        "E_NO_WORKER",
        `Worker ${target} is not running${pane ? " (its agent has exited)" : ""}; nothing was sent`,
        { hint: nextStepHint(target, status) },
      );
    }
    records = [record];
  } else {
    records = (await readRecords(ws)).filter((r) => sessions.get(r.session)?.pane.alive);
  }
  for (const record of records) {
    const id = sessions.get(record.session)?.id ?? "";
    await ws.tmux.sendText(paneTarget({ id }), text);
  }
  return records.map((r) => r.feature);
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
