import { useEffect, useState } from "preact/hooks";
import type { DashboardState } from "../shared/messages.js";
import { followState } from "./api.js";
import { WorkerDetailView } from "./views/detail.js";
import { GraphView } from "./views/graph.js";
import { IntegrationView } from "./views/integration.js";
import { MatrixView } from "./views/matrix.js";
import { WorkersView } from "./views/workers.js";

const TABS = [
  ["workers", "Workers"],
  ["plan", "Plan graph"],
  ["conflicts", "Conflict forecast"],
  ["integration", "Integration"],
] as const;

type Tab = (typeof TABS)[number][0];

/** The page: a header with the live connection, one tab per view, and the selected worker's detail. */
export function App() {
  const [state, setState] = useState<DashboardState | null>(null);
  const [connected, setConnected] = useState(false);
  const [tab, setTab] = useState<Tab>(tabFromHash());
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => followState(setState, setConnected), []);
  useEffect(() => {
    location.hash = tab;
  }, [tab]);
  return (
    <>
      <header>
        <h1>wo dashboard</h1>
        <span class="repo">{state?.repository ?? ""}</span>
        <span class={`live ${connected ? "on" : "off"}`} data-testid="connection">
          {connected ? "live" : "reconnecting…"}
        </span>
      </header>
      <nav>
        {TABS.map(([id, label]) => (
          <button type="button" key={id} class={tab === id ? "active" : ""} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </nav>
      {state?.error ? <p class="error">Could not refresh: {state.error}</p> : null}
      <main>
        {state === null ? (
          <p class="muted">Loading…</p>
        ) : (
          <>
            {/* The live views stay in the page while hidden: switching to one shows it, without building a
                hundred rows or graph nodes again. The integration view reads its report each time it is opened. */}
            <section hidden={tab !== "workers"}>
              <WorkersView state={state} onSelect={setSelected} selected={selected} />
            </section>
            <section hidden={tab !== "plan"}>
              <GraphView graph={state.graph} onSelect={setSelected} />
            </section>
            <section hidden={tab !== "conflicts"}>
              <MatrixView monitor={state.monitor} />
            </section>
            {tab === "integration" && <IntegrationView />}
          </>
        )}
        {selected && state && (
          <WorkerDetailView
            feature={selected}
            version={state.generatedAt}
            worker={state.workers.find((w) => w.feature === selected) ?? null}
            onClose={() => setSelected(null)}
          />
        )}
      </main>
    </>
  );
}

function tabFromHash(): Tab {
  const hash = location.hash.slice(1);
  return (TABS.find(([id]) => id === hash)?.[0] ?? "workers") as Tab;
}
