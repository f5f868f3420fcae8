import type { ActionResponse, DashboardState } from "../shared/messages.js";
import { EVENTS, TOKEN_HEADER } from "../shared/messages.js";

/** The token the page was opened with; every request carries it (the server refuses any without it). */
const token = new URLSearchParams(location.search).get("token") ?? "";

/** GETs a JSON document from the dashboard's server. */
export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { [TOKEN_HEADER]: token } });
  if (!response.ok) throw new Error((await response.text()).trim() || `HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** POSTs an action; the answer is the command's `--json` shape or wo's error (code, message, hint). */
export async function postAction(path: string, body: unknown): Promise<ActionResponse> {
  const response = await fetch(path, {
    method: "POST",
    headers: { [TOKEN_HEADER]: token, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) {
    const text = (await response.text()).trim();
    return { ok: false, error: { code: `HTTP_${response.status}`, message: text, hint: null } };
  }
  return (await response.json()) as ActionResponse;
}

/**
 * Follows the server's state stream while the page is visible; the browser reconnects by itself after a drop. A
 * hidden page (a background tab, a minimised window) closes its stream, so a dashboard whose only page is hidden
 * reads nothing at all; the page shows the state of the moment it was hidden and follows again when it is shown
 * (the server sends the current state at once). Returns the close function.
 */
export function followState(
  onState: (state: DashboardState) => void,
  onConnection: (connected: boolean) => void,
): () => void {
  let source: EventSource | null = null;
  const open = () => {
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.addEventListener(EVENTS.state, (event) => onState(JSON.parse((event as MessageEvent).data)));
    source.addEventListener("open", () => onConnection(true));
    source.addEventListener("error", () => onConnection(false));
  };
  const close = () => {
    source?.close();
    source = null;
  };
  const onVisibility = () => {
    if (document.hidden) {
      close();
      onConnection(false);
    } else if (source === null) open();
  };
  if (!document.hidden) open();
  document.addEventListener("visibilitychange", onVisibility);
  return () => {
    document.removeEventListener("visibilitychange", onVisibility);
    close();
  };
}
