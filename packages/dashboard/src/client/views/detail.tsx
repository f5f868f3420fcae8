import hljs from "highlight.js/lib/core";
import diffLanguage from "highlight.js/lib/languages/diff";
import { useEffect, useState } from "preact/hooks";
import type { DashboardWorker, WorkerDetail } from "../../shared/messages.js";
import { getJson } from "../api.js";
import { stripAnsi } from "../format.js";
import { WorkerActions } from "./actions.js";

hljs.registerLanguage("diff", diffLanguage);

/**
 * One worker: its actions, task, result, commits (with their status prefixes), its diff against its base
 * (highlighted by highlight.js, which escapes the text) and the last lines of its pane. Re-read whenever the live
 * state changes.
 */
export function WorkerDetailView({
  feature,
  worker,
  version,
  onClose,
}: {
  feature: string;
  worker: DashboardWorker | null;
  version: string;
  onClose: () => void;
}) {
  const [detail, setDetail] = useState<WorkerDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  // `version` is the live state's read time: a new state re-reads the detail.
  useEffect(() => {
    let current = true;
    getJson<WorkerDetail>(`/api/workers/${encodeURIComponent(feature)}`)
      .then((d) => {
        if (!current) return;
        setDetail(d);
        setError(null);
      })
      .catch((e: Error) => current && setError(e.message));
    return () => {
      current = false;
    };
  }, [feature, version]);
  return (
    <section class="detail" data-testid="worker-detail">
      <div class="detail-head">
        <h2>
          {feature} {worker && <span class={`status ${worker.status}`}>{worker.status}</span>}
        </h2>
        <button type="button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      {worker && <WorkerActions worker={worker} />}
      {error && <p class="error">{error}</p>}
      {detail && (
        <>
          {detail.problems.map((p) => (
            <p class="error" key={p}>
              {p}
            </p>
          ))}
          <h3>Task</h3>
          <pre class="text">{detail.task ?? "—"}</pre>
          <h3>Result</h3>
          <pre class="text" data-testid="result">
            {detail.result ?? "Not finished yet."}
          </pre>
          <h3>Commits</h3>
          {detail.log && detail.log.commits.length > 0 ? (
            <table class="commits">
              <tbody>
                {detail.log.commits.map((c) => (
                  <tr key={c.sha}>
                    <td class="mono">{c.sha.slice(0, 8)}</td>
                    <td>
                      {c.status ? <span class={`prefix ${c.status.kind}`}>{c.status.kind}</span> : null}
                    </td>
                    <td>{c.subject}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="muted">No commits yet.</p>
          )}
          {/* highlight.js escapes the text it marks up, so its HTML is safe to insert. */}
          <h3>Diff against {detail.diff?.base ?? "its base"}</h3>
          {detail.diff && detail.diff.text !== "" ? (
            <pre class="diff">
              <code
                class="hljs language-diff"
                dangerouslySetInnerHTML={{
                  __html: hljs.highlight(detail.diff.text, { language: "diff" }).value,
                }}
              />
            </pre>
          ) : (
            <p class="muted">No changes.</p>
          )}
          <h3>Output</h3>
          <pre class="output" data-testid="output">
            {detail.output.map(stripAnsi).join("\n") || "—"}
          </pre>
        </>
      )}
    </section>
  );
}
