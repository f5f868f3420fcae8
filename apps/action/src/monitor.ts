import { type MonitorReport, renderMonitorReport } from "@wo/core";

/** What `mode: monitor` produced. */
export interface MonitorOutcome {
  mode: "monitor";
  report: MonitorReport;
  /** The Worker Status Report with alerts and recommended actions (markdown). */
  markdown: string;
  /** Workers whose newest status commit is `[COMPLETE]`. */
  complete: string[];
  /** Workers whose newest status commit is `[BLOCKED:…]`. */
  blocked: string[];
  /** At least one worker, and every worker complete. */
  allComplete: boolean;
  /** The pull-request comment, when one was written. */
  comment: { id: number; url: string; created: boolean } | null;
}

/** The monitor outcome of a report (before any comment is written). Pure. */
export function monitorOutcome(report: MonitorReport): MonitorOutcome {
  const named = (status: string) => report.workers.filter((w) => w.status === status).map((w) => w.worker);
  const complete = named("complete");
  return {
    mode: "monitor",
    report,
    markdown: renderMonitorReport(report),
    complete,
    blocked: named("blocked"),
    allComplete: report.workers.length > 0 && complete.length === report.workers.length,
    comment: null,
  };
}
