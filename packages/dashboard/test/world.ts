import { request } from "node:http";
import { Orchestrator } from "@wo/core";
import { createGitRepo, createIsolatedTmux, type GitRepo, type IsolatedTmux } from "@wo/test-utils";
import { afterEach } from "vitest";
import { type Dashboard, startDashboard } from "../src/index.js";

export interface World {
  repo: GitRepo;
  server: IsolatedTmux;
  env: NodeJS.ProcessEnv;
  wo: Orchestrator;
  /** Starts a dashboard on the world's repository (closed after the test). */
  dashboard(options?: { intervalMs?: number }): Promise<Dashboard>;
}

/** A real repository, an isolated tmux server and an orchestrator on them; everything removed after each test. */
export function useWorld(): () => Promise<World> {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return async () => {
    const repo = await createGitRepo();
    const server = createIsolatedTmux();
    cleanups.push(repo.cleanup, server.cleanup);
    const env = { ...process.env, ...server.env };
    const wo = await Orchestrator.open({ cwd: repo.dir, env });
    return {
      repo,
      server,
      env,
      wo,
      async dashboard(options = {}) {
        const served = await startDashboard({ cwd: repo.dir, env, ...options });
        cleanups.push(() => served.close());
        return served;
      },
    };
  };
}

/** A raw HTTP request (fetch cannot set Host): status and body. */
export function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; type: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        method: options.method ?? "GET",
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        // An accepted event stream never ends: its status is the answer.
        if ((res.headers["content-type"] ?? "").startsWith("text/event-stream")) {
          resolve({ status: res.statusCode ?? 0, body: "", type: "text/event-stream", headers: res.headers });
          res.destroy();
          return;
        }
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            type: String(res.headers["content-type"] ?? ""),
            headers: res.headers,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}
