import { isValidFeatureName, isWoError, type Orchestrator } from "@wo/core";
import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { ActionResponse, DryRunRequest, KillRequest, SendRequest } from "../shared/messages.js";
import type { ClientAssets } from "./assets.js";
import { workerDetail } from "./detail.js";
import type { StateHub } from "./hub.js";
import { latestReport } from "./reports.js";
import { guard } from "./security.js";

/** What the routes need: the orchestrator, the state hub, the page, and the checks' port and token. */
export interface AppDeps {
  wo: Orchestrator;
  hub: StateHub;
  assets: ClientAssets;
  token: string;
  /** The port the server listens on (known once it listens). */
  port(): number;
  /** Registers a live event stream so closing the server can end it. */
  track(close: () => void): () => void;
}

/**
 * The dashboard's HTTP interface (docs/dashboard.md, "HTTP interface"): the page, the state and its event stream,
 * one worker's detail, and the actions. Every route is behind {@link guard}; every action goes through
 * `@wo/core`, and answers with the documented `--json` shape of the same command.
 */
export function dashboardApp(deps: AppDeps): Hono {
  const { wo, hub, assets } = deps;
  const app = new Hono();
  app.use("*", guard(deps.port, deps.token));
  app.get("/", (c) => c.html(assets.page(deps.token), 200, PAGE_HEADERS));
  app.get("/app.js", (c) => c.body(assets.js, 200, { "content-type": "text/javascript; charset=utf-8" }));
  app.get("/app.css", (c) => c.body(assets.css, 200, { "content-type": "text/css; charset=utf-8" }));
  app.get("/api/state", async (c) => c.json(await hub.state()));
  app.get("/api/events", (c) =>
    streamSSE(c, async (stream) => {
      let ended: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        ended = resolve;
      });
      const untrack = deps.track(() => {
        void stream.close();
        ended();
      });
      const unsubscribe = hub.subscribe((json) => void stream.writeSSE({ event: "state", data: json }));
      stream.onAbort(ended);
      await done;
      unsubscribe();
      untrack();
    }),
  );
  app.get("/api/workers/:feature", async (c) => {
    const feature = featureOf(c);
    return c.json(await workerDetail(wo, feature));
  });
  app.get("/api/integration/report", async (c) => c.json(await latestReport(wo.stateDir)));
  app.post("/api/workers/:feature/send", async (c) => {
    const { text } = await bodyOf<SendRequest>(c);
    if (typeof text !== "string" || text.trim() === "") return refuse(c, "E_INPUT", "The message is empty");
    return act(c, async () => ({ ok: true, send: { sent: (await wo.send(featureOf(c), text)).sent } }));
  });
  app.post("/api/workers/:feature/resume", async (c) =>
    act(c, async () => ({ ok: true, resume: await wo.resume(featureOf(c)) })),
  );
  app.post("/api/workers/:feature/kill", async (c) => {
    const { force } = await bodyOf<KillRequest>(c);
    return act(c, async () => ({ ok: true, kill: await wo.kill(featureOf(c), { force: force === true }) }));
  });
  app.post("/api/integrate/dry-run", async (c) => {
    const { name } = await bodyOf<DryRunRequest>(c);
    if (typeof name !== "string" || !isValidFeatureName(name))
      return refuse(c, "E_INPUT", "The integration name must be lowercase letters, digits and dashes");
    return act(c, async () => ({ ok: true, dryRun: { dryRun: true, ...(await wo.forecast(name)) } }));
  });
  app.onError((error, c) => {
    if (error instanceof BadRequest) return refuse(c, "E_INPUT", error.message);
    if (isWoError(error)) return c.json(failure(error.code, error.message, error.hint), statusOf(error.code));
    return c.json(failure("E_INTERNAL", (error as Error).message, null), 500);
  });
  return app;
}

// The page loads only its own script and style, cannot be framed, and never sends its URL (the token) onwards.
const PAGE_HEADERS = {
  "content-security-policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

// Runs an action; wo's typed errors become an `ok: false` answer with the code and hint the CLI would print.
async function act(c: Context, action: () => Promise<ActionResponse>): Promise<Response> {
  try {
    return c.json(await action());
  } catch (error) {
    if (!isWoError(error)) throw error;
    return c.json(failure(error.code, error.message, error.hint), statusOf(error.code));
  }
}

class BadRequest extends Error {}

// A feature name from the path, checked by wo's own rule before anything uses it.
function featureOf(c: Context): string {
  const feature = c.req.param("feature") ?? "";
  if (!isValidFeatureName(feature)) throw new BadRequest(`Not a worker name: ${JSON.stringify(feature)}`);
  return feature;
}

async function bodyOf<T>(c: Context): Promise<Partial<T>> {
  try {
    const body = (await c.req.json()) as unknown;
    return typeof body === "object" && body !== null ? (body as Partial<T>) : {};
  } catch {
    throw new BadRequest("The request body must be a JSON object");
  }
}

function refuse(c: Context, code: string, message: string): Response {
  return c.json(failure(code, message, null), 400);
}

function failure(code: string, message: string, hint: string | null | undefined): ActionResponse {
  return { ok: false, error: { code, message, hint: hint ?? null } };
}

// The CLI's exit-code rules, as HTTP: bad input 400, an unknown worker 404, a refusal because of state 409.
function statusOf(code: string): 400 | 404 | 409 {
  if (code === "E_INPUT" || code === "E_FEATURE_NAME") return 400;
  if (code === "E_NO_WORKER" || code === "E_NO_WORKTREE" || code === "E_NOT_A_WORKER") return 404;
  return 409;
}
