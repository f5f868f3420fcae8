import type { MonitorWorker } from "@wo/core";
import { Component } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { DashboardState, DashboardWorker, WorkerInfo } from "../../shared/messages.js";
import { formatDuration, stripAnsi } from "../format.js";

/**
 * Every worker: status with its reason, duration (counted on the page, so the server sends nothing while only
 * time passes), branch, newest commit prefix, scope, port and the last line of its pane. A row opens the detail.
 */
export function WorkersView({
  state,
  selected,
  onSelect,
}: {
  state: DashboardState;
  selected: string | null;
  onSelect: (feature: string) => void;
}) {
  const now = useNow();
  const rows = new Map((state.monitor?.workers ?? []).map((row) => [row.worker, row]));
  if (state.workers.length === 0)
    return (
      <p class="muted">No workers yet. Start some with wo setup --spawn, or run wo demo beside this page.</p>
    );
  return (
    <table class="workers" data-testid="workers">
      <thead>
        <tr>
          <th>Worker</th>
          <th>Status</th>
          <th>Duration</th>
          <th>Branch</th>
          <th>Newest commit</th>
          <th>Scope</th>
          <th>Port</th>
          <th>Last output</th>
        </tr>
      </thead>
      <tbody>
        {state.workers.map((w) => (
          <WorkerRow
            key={w.feature}
            worker={w}
            row={rows.get(w.feature) ?? null}
            info={state.workerInfo[w.feature] ?? null}
            selected={selected === w.feature}
            now={w.status === "running" && w.startedAt ? now : 0}
            onSelect={onSelect}
          />
        ))}
      </tbody>
    </table>
  );
}

interface RowProps {
  worker: DashboardWorker;
  row: MonitorWorker | null;
  info: WorkerInfo | null;
  selected: boolean;
  /** The page's clock for a worker whose duration grows, else 0 (its row does not change with time). */
  now: number;
  onSelect: (feature: string) => void;
}

/**
 * One worker's row, drawn again only when what it shows changed: each update brings every row as new objects, and
 * with a hundred workers redrawing all of them for one changed status is most of the page's work.
 */
class WorkerRow extends Component<RowProps> {
  #shown = "";

  override shouldComponentUpdate(next: RowProps): boolean {
    return rowKey(next) !== this.#shown;
  }

  override render() {
    const { worker: w, row, info, selected, now, onSelect } = this.props;
    this.#shown = rowKey(this.props);
    return (
      <tr
        data-worker={w.feature}
        data-status={w.status}
        class={selected ? "selected" : ""}
        onClick={() => onSelect(w.feature)}
      >
        <td class="name">{w.feature}</td>
        <td>
          <span class={`status ${w.status}`}>{w.status}</span>
          <div class="reason">{reasonOf(w, row?.status === "blocked" ? row.reason : null)}</div>
        </td>
        <td>{formatDuration(durationOf(w, now))}</td>
        <td class="mono">{w.branch ?? "—"}</td>
        <td>
          {row && row.status !== "none" ? (
            <span class={`prefix ${row.status}`} title={row.reason ?? ""}>
              [{row.status.toUpperCase()}] {row.reason ?? ""}
            </span>
          ) : (
            <span class="muted">{row ? `${row.commits} commit(s)` : "—"}</span>
          )}
        </td>
        <td class="mono">{info && info.scope.length > 0 ? info.scope.join(", ") : "any"}</td>
        <td>{info?.port ?? "—"}</td>
        <td class="mono output">{stripAnsi(w.lastOutput)}</td>
      </tr>
    );
  }
}

// Everything a row shows, as one string: equal keys draw the same row (the duration to the second).
function rowKey({ worker, row, info, selected, now }: RowProps): string {
  const { durationMs: _measured, ...shown } = worker;
  return JSON.stringify([shown, row, info, selected, formatDuration(durationOf(worker, now))]);
}

// Why a worker is in its state: a problem, the agent's exit code, what it waits for, or its [BLOCKED] reason.
function reasonOf(w: DashboardWorker, blocked: string | null): string {
  if (w.problem) return w.problem;
  if (w.exitCode !== undefined) return `agent exited with ${w.exitCode}`;
  if (w.waitingFor !== undefined && w.waitingFor !== null)
    return `waiting for ${typeof w.waitingFor === "string" ? w.waitingFor : JSON.stringify(w.waitingFor)}`;
  if (blocked) return `blocked: ${blocked}`;
  return "";
}

// A running worker's duration grows on the page; a finished one's is what the server measured.
function durationOf(w: DashboardWorker, now: number): number | null {
  if (w.status === "running" && w.startedAt) return now - Date.parse(w.startedAt);
  return w.durationMs;
}

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
