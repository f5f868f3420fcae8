import type { MonitorReport } from "@wo/core";

/**
 * The pairwise conflict forecast (git merge-tree of every pair of worker branches with commits) as a matrix: a
 * red cell names how many files the pair would conflict in (hover for them), a green one merges cleanly. The
 * conflicting pairs and their files are listed below, with the merge order wo suggests.
 */
export function MatrixView({ monitor }: { monitor: MonitorReport | null }) {
  const forecast = monitor?.forecast;
  const workers = (monitor?.workers ?? []).filter((w) => w.commits > 0).map((w) => w.worker);
  if (!forecast || workers.length === 0)
    return <p class="muted">No worker branch has commits yet: nothing to forecast.</p>;
  const conflict = new Map<string, string[]>();
  for (const pair of forecast.pairs) {
    conflict.set(`${pair.a}\u0000${pair.b}`, pair.files);
    conflict.set(`${pair.b}\u0000${pair.a}`, pair.files);
  }
  return (
    <div class="matrix">
      <table data-testid="conflict-matrix">
        <thead>
          <tr>
            <th />
            {workers.map((w) => (
              <th key={w} class="col">
                {w}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {workers.map((a) => (
            <tr key={a}>
              <th>{a}</th>
              {workers.map((b) => {
                if (a === b) return <td key={b} class="self" />;
                const files = conflict.get(`${a}\u0000${b}`);
                return files ? (
                  <td key={b} class="conflict" data-pair={`${a}|${b}`} title={files.join("\n")}>
                    {files.length}
                  </td>
                ) : (
                  <td key={b} class="clean" data-pair={`${a}|${b}`} title="merges cleanly">
                    ✓
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Conflicting pairs</h3>
      {forecast.pairs.length === 0 ? (
        <p>No two worker branches conflict with each other.</p>
      ) : (
        <ul class="pairs">
          {forecast.pairs.map((p) => (
            <li key={`${p.a}|${p.b}`}>
              <b>{p.a}</b> × <b>{p.b}</b>: <span class="mono">{p.files.join(", ")}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        Suggested merge order: <span class="mono">{forecast.suggestedOrder.join(" → ") || "—"}</span>
      </p>
    </div>
  );
}
