import type { MonitorReport, WaitingFor, WorkerStatusEntry } from "@wo/core";

/**
 * What `--alert` tells apart: a worker at work, one that finished, one that failed (or whose agent died), and one
 * waiting for a person or another worker (`[BLOCKED]`/`[NEEDS]`, or its agent waits: a permission prompt, a
 * question, a dialog, an ended turn). Idle worktrees have no phase.
 */
export type WorkerPhase = "working" | "finished" | "failed" | "waiting";

/** One worker's phase as a watch saw it. `detail` says why, for the message. */
export interface PhaseRow {
  worker: string;
  phase: WorkerPhase;
  detail: string;
}

/** A change worth a bell: a worker reached `finished`, `failed` or `waiting`. */
export interface AlertEvent {
  worker: string;
  kind: Exclude<WorkerPhase, "working">;
  /** One line for a person: `auth finished`, `auth failed: agent exited`, `auth is waiting: BLOCKED db`. */
  message: string;
}

/**
 * The alerts between two refreshes of a watch: every worker whose phase became finished, failed or waiting
 * (including one that appeared in that phase). The first refresh (`previous` null) alerts nothing: what was
 * already so when the watch started is not news. Pure.
 */
export function alertEvents(previous: readonly PhaseRow[] | null, next: readonly PhaseRow[]): AlertEvent[] {
  if (previous === null) return [];
  const before = new Map(previous.map((row) => [row.worker, row.phase]));
  const events: AlertEvent[] = [];
  for (const row of next) {
    if (row.phase === "working" || before.get(row.worker) === row.phase) continue;
    events.push({ worker: row.worker, kind: row.phase, message: alertMessage(row) });
  }
  return events;
}

/**
 * Phases of `wo status` rows: done → finished, failed or dead → failed, running → working, waiting → waiting (with
 * what for and the command that answers it); idle has none.
 */
export function phasesFromStatus(entries: readonly WorkerStatusEntry[]): PhaseRow[] {
  const rows: PhaseRow[] = [];
  for (const e of entries) {
    if (e.status === "idle") continue;
    if (e.status === "waiting") {
      rows.push({ worker: e.feature, phase: "waiting", detail: waitingDetail(e.feature, e.waitingFor) });
      continue;
    }
    const phase: WorkerPhase =
      e.status === "done" ? "finished" : e.status === "running" ? "working" : "failed";
    rows.push({ worker: e.feature, phase, detail: e.status === "dead" ? "agent exited" : "" });
  }
  return rows;
}

/**
 * Phases of `wo monitor` workers: `[COMPLETE]` → finished, `[BLOCKED]`/`[NEEDS]` → waiting, an agent that waits for
 * a person → waiting, others working.
 */
export function phasesFromMonitor(report: MonitorReport): PhaseRow[] {
  return report.workers.map((w) => {
    if (w.status === "complete") return { worker: w.worker, phase: "finished", detail: "" };
    if (w.status === "blocked")
      return { worker: w.worker, phase: "waiting", detail: `BLOCKED ${w.reason ?? ""}`.trim() };
    if (w.status === "needs" && w.needs) {
      return { worker: w.worker, phase: "waiting", detail: `NEEDS ${w.needs.worker}/${w.needs.item}` };
    }
    if (w.waitingFor)
      return { worker: w.worker, phase: "waiting", detail: waitingDetail(w.worker, w.waitingFor) };
    return { worker: w.worker, phase: "working", detail: "" };
  });
}

/** What a waiting agent waits for, in a few words. */
export const WAITING_WORDS: Record<WaitingFor, string> = {
  permission: "permission prompt",
  input: "a question",
  dialog: "a dialog",
  "turn-ended": "turn ended",
};

/** The command that answers a waiting agent: a person at its pane for a prompt or dialog, else a message. */
export function waitingAction(feature: string, waitingFor: WaitingFor | null): string {
  return waitingFor === "permission" || waitingFor === "dialog"
    ? `wo attach ${feature}`
    : `wo send ${feature} "<text>"`;
}

function waitingDetail(feature: string, waitingFor: WaitingFor | null): string {
  const what = waitingFor ? WAITING_WORDS[waitingFor] : "a person";
  return `${what} (${waitingAction(feature, waitingFor)})`;
}

function alertMessage(row: PhaseRow): string {
  switch (row.phase) {
    case "finished":
      return `${row.worker} finished`;
    case "failed":
      return `${row.worker} failed${row.detail ? `: ${row.detail}` : ""}`;
    default:
      return `${row.worker} is waiting${row.detail ? `: ${row.detail}` : ""}`;
  }
}
