import { useEffect, useState } from "preact/hooks";
import type { DryRunResult, IntegrationReportFile } from "../../shared/messages.js";
import { getJson, postAction } from "../api.js";

/**
 * The integration: a dry run (`wo integrate <name> --dry-run`: merge order, what merges, what conflicts, what is
 * left out and why; nothing changes) and the newest report `wo integrate` wrote.
 */
export function IntegrationView() {
  const [name, setName] = useState("dashboard");
  const [result, setResult] = useState<DryRunResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [report, setReport] = useState<IntegrationReportFile | null>(null);
  useEffect(() => {
    getJson<IntegrationReportFile | null>("/api/integration/report")
      .then(setReport)
      .catch(() => setReport(null));
  }, []);
  const dryRun = async () => {
    setError(null);
    const response = await postAction("/api/integrate/dry-run", { name });
    if (!response.ok)
      setError(response.error.message + (response.error.hint ? ` (${response.error.hint})` : ""));
    else if ("dryRun" in response) setResult(response.dryRun);
  };
  return (
    <div class="integration">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void dryRun();
        }}
      >
        <label>
          integration/
          <input
            name="integration"
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">Dry run</button>
        <span class="muted">simulates every merge with git merge-tree; changes nothing</span>
      </form>
      {error && <p class="error">{error}</p>}
      {result && (
        <div data-testid="dry-run">
          <h3>
            {result.branch} from {result.selection.base}
          </h3>
          <table>
            <thead>
              <tr>
                <th>Order</th>
                <th>Worker</th>
                <th>Result</th>
                <th>Files</th>
              </tr>
            </thead>
            <tbody>
              {result.forecast.ordered.map((step, i) => (
                <tr key={step.feature}>
                  <td>{i + 1}</td>
                  <td>{step.feature}</td>
                  <td class={step.outcome}>{step.outcome}</td>
                  <td class="mono">{step.files.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>Would merge: {result.merged.join(", ") || "none"}</p>
          {result.conflicts.length > 0 && (
            <p class="error">
              Conflicts: {result.conflicts.map((c) => `${c.feature} (${c.files.join(", ")})`).join("; ")}
            </p>
          )}
          {result.selection.left.length > 0 && (
            <ul>
              {result.selection.left.map((l) => (
                <li key={l.feature}>
                  {l.feature} left out: {l.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>Newest report</h3>
      {report ? (
        <pre class="text" data-testid="report">
          {report.markdown}
        </pre>
      ) : (
        <p class="muted">No integration has run yet (wo integrate &lt;name&gt; writes one).</p>
      )}
    </div>
  );
}
