import { timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { TOKEN_HEADER } from "../shared/messages.js";

/**
 * The dashboard's three request rules (docs/dashboard.md, "Security"), as pure checks and one middleware:
 * the Host must be loopback (a DNS-rebinding page names its own host), every request carries the token, and a
 * state-changing request comes from the dashboard's own origin (no cross-site form or fetch can act).
 */
export function guard(port: () => number, token: string): MiddlewareHandler {
  return async (c, next) => {
    const problem = requestProblem(
      {
        method: c.req.method,
        host: c.req.header("host") ?? null,
        origin: c.req.header("origin") ?? null,
        token: c.req.header(TOKEN_HEADER) ?? c.req.query("token") ?? null,
      },
      port(),
      token,
    );
    if (problem) return c.text(`${problem.message}\n`, problem.status);
    await next();
  };
}

/** What the rules look at in a request. */
export interface RequestFacts {
  method: string;
  host: string | null;
  origin: string | null;
  token: string | null;
}

/** Why a request is refused (status and one line), or `null`. Pure; the order matters: Host, token, Origin. */
export function requestProblem(
  request: RequestFacts,
  port: number,
  token: string,
): { status: 401 | 403; message: string } | null {
  if (!isLoopbackHost(request.host, port))
    return {
      status: 403,
      message: `Refused: the Host header must be 127.0.0.1:${port} or localhost:${port}`,
    };
  if (request.token === null || !tokenMatches(request.token, token))
    return {
      status: 401,
      message: "Refused: open the dashboard with the URL wo dashboard printed (its token)",
    };
  if (!SAFE_METHODS.has(request.method) && !isOwnOrigin(request.origin, port))
    return {
      status: 403,
      message: "Refused: a state-changing request must come from the dashboard's own page",
    };
  return null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** Whether a Host header names this server on a loopback address. Pure. */
export function isLoopbackHost(host: string | null, port: number): boolean {
  if (host === null) return false;
  return LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** Whether an Origin header is the dashboard's own page. Pure. */
export function isOwnOrigin(origin: string | null, port: number): boolean {
  if (origin === null) return false;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

/** Compares tokens in constant time, so response timing does not reveal a prefix. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
