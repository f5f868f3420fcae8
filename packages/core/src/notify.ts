import { mkdir, readFile, writeFile } from "node:fs/promises";
import { isWoError } from "./errors.js";
import type { MonitorReport } from "./monitor.js";
import { resumeWorkPrompt } from "./prompts.js";
import { submitToWorker } from "./send.js";
import { snapshotWorkers } from "./snapshot.js";
import { readSessions } from "./workers.js";
import type { Workspace } from "./workspace.js";

/** A "Resume Work" prompt `Orchestrator.notifySatisfiedNeeds` typed into a waiting worker's agent. */
export interface Notification {
  worker: string;
  provider: string;
  item: string;
  /**
   * The agent showed the submission. When not, a prompt that was pasted (`E_NOT_SUBMITTED`) is remembered all the
   * same — a copy may sit in the input box, and pasting it again would double it — and one that never was (the
   * session went away meanwhile) is tried again next time.
   */
  submitted: boolean;
  /** Why it was not submitted (e.g. `E_NOT_SUBMITTED`'s message), `null` when it was. */
  error: string | null;
}

/**
 * Acts on a report: every worker whose `[NEEDS]` is satisfied and whose agent is alive gets the "Resume Work"
 * prompt submitted to its agent the way `wo send` does (its session by tmux id, the pause its agent needs, the
 * submission checked) — once per need (remembered in `.git/wo/notified.json`). An agent at a permission prompt or a
 * dialog is left alone (typed text would answer it); it gets the prompt on a later run, once it is free.
 */
export async function notifySatisfiedNeeds(ws: Workspace, report: MonitorReport): Promise<Notification[]> {
  const file = ws.paths.notified;
  let done: string[] = [];
  try {
    done = JSON.parse(await readFile(file, "utf8")) as string[];
  } catch {
    done = [];
  }
  const snapshot = new Map(
    (await snapshotWorkers(ws, undefined, { waiting: true })).map((w) => [w.feature, w]),
  );
  // The session by its tmux id, as `send` does: never a same-named session that is not this repository's worker.
  const sessions = await readSessions(ws);
  const sent: Notification[] = [];
  for (const finding of report.findings) {
    if (finding.kind !== "needs-satisfied" || !finding.worker || !finding.provider || !finding.item) continue;
    const key = `${finding.worker}\u0000${finding.provider}\u0000${finding.item}`;
    const waiting = snapshot.get(finding.worker);
    const session = waiting ? sessions.get(waiting.session) : undefined;
    if (done.includes(key) || !waiting || !session?.pane.alive) continue;
    if (waiting.waitingFor === "permission" || waiting.waitingFor === "dialog") continue;
    const provider = snapshot.get(finding.provider);
    const prompt = resumeWorkPrompt(
      { id: finding.worker, worktree: waiting.path },
      {
        id: finding.provider,
        branch: provider?.branch ?? ws.names.branchName(finding.provider),
        item: finding.item,
      },
    );
    const notification = { worker: finding.worker, provider: finding.provider, item: finding.item };
    try {
      await submitToWorker(ws, waiting, session.id, prompt);
    } catch (error) {
      if (!isWoError(error)) throw error;
      if (error.code === "E_NOT_SUBMITTED") done.push(key);
      sent.push({ ...notification, submitted: false, error: error.message });
      continue;
    }
    done.push(key);
    sent.push({ ...notification, submitted: true, error: null });
  }
  if (sent.length > 0) {
    await mkdir(ws.paths.root, { recursive: true });
    await writeFile(file, `${JSON.stringify(done, null, 2)}\n`);
  }
  return sent;
}
