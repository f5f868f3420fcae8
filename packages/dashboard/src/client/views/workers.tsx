import { useEffect, useState } from "preact/hooks";
import type { DashboardState, DashboardWorker } from "../../shared/messages.js";
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
        {state.workers.map((w) => {
          const row = rows.get(w.feature);
          const info = state.workerInfo[w.feature];
          return (
            <tr
              key={w.feature}
              data-worker={w.feature}
              data-status={w.status}
              class={selected === w.feature ? "selected" : ""}
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
        })}
      </tbody>
    </table>
  );
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
