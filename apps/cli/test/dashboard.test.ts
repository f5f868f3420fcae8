import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { waitFor } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { BIN, useCliWorld } from "./run.js";

const world = useCliWorld();

// Whether something accepts connections on the port.
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}

describe("wo dashboard", () => {
  test("prints its URL, serves the page with the token only, and Ctrl-C frees the port and exits 130", async () => {
    const w = await world();
    const child = spawn(process.execPath, [BIN, "dashboard"], { cwd: w.repo.dir, env: w.env });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    let port = 0;
    try {
      const url = await waitFor(
        () => /wo dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48})/.exec(stdout)?.[1],
        {
          timeout: 20_000,
        },
      );
      port = Number(new URL(url).port);
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(401);
      // A second dashboard for the same repository names the first one's URL.
      const second = await w.runProcess(["dashboard"]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`already running at ${url}`);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(130);
    expect(await portOpen(port)).toBe(false);
    expect(existsSync(path.join(w.repo.dir, ".git", "wo", "dashboard.json"))).toBe(false);
  }, 60_000);

  test("wo demo --dashboard serves the demo repository while the flow runs; Ctrl-C removes it and exits 130", async () => {
    const w = await world();
    const child = spawn(process.execPath, [BIN, "demo", "--dashboard"], { cwd: w.repo.dir, env: w.env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    let repository = "";
    try {
      const url = await waitFor(
        () => /wo dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/.exec(stderr)?.[1],
        {
          timeout: 30_000,
        },
      );
      repository = /1\/8 Repository (\S+)/.exec(stdout)?.[1] ?? "";
      const state = new URL(url);
      state.pathname = "/api/state";
      // The page sees the demo's three workers while they run.
      const workers = await waitFor(
        async () => {
          const body = (await (await fetch(state)).json()) as { repository: string; workers: unknown[] };
          return body.workers.length === 3 && body;
        },
        { timeout: 60_000 },
      );
      expect(workers.repository).toBe(repository);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(130);
    expect(repository).not.toBe("");
    expect(existsSync(path.dirname(repository))).toBe(false);
  }, 120_000);

  test("wo demo --dashboard --json is a usage error", async () => {
    const w = await world();
    const result = await w.run(["demo", "--dashboard", "--json"]);
    expect(result.code).toBe(2);
  });

  test("a --port that is not a port is a usage error", async () => {
    const w = await world();
    const result = await w.run(["dashboard", "--port", "http"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--port must be a number from 1 to 65535");
  });
});
