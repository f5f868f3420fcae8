import { mkdir, readFile, writeFile } from "node:fs/promises";
import { paneTarget } from "@wo/tmux";
import type { MonitorReport } from "./monitor.js";
import { resumeWorkPrompt } from "./prompts.js";
import { snapshotWorkers } from "./snapshot.js";
import type { Workspace } from "./workspace.js";

/** What `Orchestrator.notifySatisfiedNeeds` sent. */
export interface Notification {
  worker: string;
  provider: string;
  item: string;
}

/**
 * Acts on a report: every worker whose `[NEEDS]` is satisfied and whose agent is alive gets the "Resume Work"
 * prompt typed into its session — once per need (remembered in `.git/wo/notified.json`). An agent at a permission
 * prompt or a dialog is left alone (typed text would answer it); it gets the prompt on a later run, once it is free.
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
  const sent: Notification[] = [];
  for (const finding of report.findings) {
    if (finding.kind !== "needs-satisfied" || !finding.worker || !finding.provider || !finding.item) continue;
    const key = `${finding.worker}\u0000${finding.provider}\u0000${finding.item}`;
    const waiting = snapshot.get(finding.worker);
    if (done.includes(key) || !waiting?.pane?.alive) continue;
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
    await ws.tmux.sendText(paneTarget(waiting.session), prompt);
    done.push(key);
    sent.push({ worker: finding.worker, provider: finding.provider, item: finding.item });
  }
  if (sent.length > 0) {
    await mkdir(ws.paths.root, { recursive: true });
    await writeFile(file, `${JSON.stringify(done, null, 2)}\n`);
  }
  return sent;
}
