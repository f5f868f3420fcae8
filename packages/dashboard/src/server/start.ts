import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Orchestrator, type OrchestratorOptions, WoError } from "@wo/core";
import { dashboardApp } from "./app.js";
import { clientAssets } from "./assets.js";
import { StateHub } from "./hub.js";
import { assertNoOtherInstance, removeInstance, writeInstance } from "./instance.js";
import { stateReader } from "./state.js";

/** Options of {@link startDashboard}. */
export interface DashboardOptions extends Pick<OrchestratorOptions, "cwd" | "env"> {
  /** An orchestrator already open (the CLI's); otherwise one is opened for `cwd` and `env`. */
  orchestrator?: Orchestrator;
  /** The port to listen on; `0` (the default) takes a free one. */
  port?: number;
  /** How often the watcher also refreshes for what has no file event (tmux liveness). Default 5 s. */
  intervalMs?: number;
}

/** A running dashboard. */
export interface Dashboard {
  /** `http://127.0.0.1:<port>/?token=<token>`: the only way in. */
  url: string;
  port: number;
  token: string;
  /** Stops serving, ends every event stream, closes the watcher, frees the port and removes the record. */
  close(): Promise<void>;
}

/**
 * Serves the dashboard of the repository at `cwd` on 127.0.0.1 (docs/dashboard.md). Refuses with
 * `E_ALREADY_RUNNING`, naming its URL, when another live process serves this repository's dashboard.
 */
export async function startDashboard(options: DashboardOptions = {}): Promise<Dashboard> {
  const wo =
    options.orchestrator ??
    (await Orchestrator.open({
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
    }));
  await assertNoOtherInstance(wo.stateDir);
  const token = randomBytes(24).toString("hex");
  // A commit or a status write is one file event, and the lanes coalesce what comes during a read: a short
  // debounce costs nothing and keeps 100 ms off every update.
  const hub = new StateHub(stateReader(wo), (onChange) =>
    wo.watch(onChange, { intervalMs: options.intervalMs ?? 5000, debounceMs: 50, tick: "on-change" }),
  );
  const streams = new Set<() => void>();
  let port = 0;
  const app = dashboardApp({
    wo,
    hub,
    assets: clientAssets(),
    token,
    port: () => port,
    track(close) {
      streams.add(close);
      return () => streams.delete(close);
    },
  });
  const server = await listen(app.fetch, options.port ?? 0);
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  await writeInstance(wo.stateDir, { pid: process.pid, url, startedAt: new Date().toISOString() });
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    token,
    close() {
      closing ??= (async () => {
        for (const end of [...streams]) end();
        await hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await removeInstance(wo.stateDir);
      })();
      return closing;
    },
  };
}

// Loopback only; a port in use is one clear error, not an unhandled 'error' event.
function listen(fetch: Parameters<typeof serve>[0]["fetch"], port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Without createServer options @hono/node-server makes a plain node:http server.
    const server = serve({ fetch, port, hostname: "127.0.0.1" }, () => resolve(server)) as Server;
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new WoError("E_INPUT", `Port ${port} on 127.0.0.1 is already in use`, {
              hint: "Pick another with --port, or leave it out to take a free one",
              cause: error,
            })
          : error,
      );
    });
  });
}
