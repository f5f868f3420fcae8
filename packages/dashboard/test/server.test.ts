import { existsSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { assertTmuxInstalled } from "@wo/test-utils";
import { beforeAll, describe, expect, test } from "vitest";
import { startDashboard } from "../src/index.js";
import { rawRequest, useWorld } from "./world.js";

beforeAll(assertTmuxInstalled);
const world = useWorld();

describe("the dashboard server's rules, against the real server", () => {
  test("refuses every route without the token, the event stream included", async () => {
    const w = await world();
    const d = await w.dashboard();
    const host = { host: `127.0.0.1:${d.port}` };
    for (const route of ["/", "/app.js", "/api/state", "/api/events", "/api/workers/x"]) {
      expect(await rawRequest(d.port, { path: route, headers: host })).toMatchObject({ status: 401 });
      expect(
        await rawRequest(d.port, { path: `${route}?token=${"0".repeat(48)}`, headers: host }),
      ).toMatchObject({ status: 401 });
    }
    const page = await rawRequest(d.port, { path: `/?token=${d.token}`, headers: host });
    expect(page).toMatchObject({ status: 200, headers: { "referrer-policy": "no-referrer" } });
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(await rawRequest(d.port, { path: `/api/events?token=${d.token}`, headers: host })).toMatchObject({
      status: 200,
      type: "text/event-stream",
    });
  });

  test("refuses a Host that is not loopback even with the token (DNS rebinding)", async () => {
    const w = await world();
    const d = await w.dashboard();
    const answer = await rawRequest(d.port, {
      path: `/api/state?token=${d.token}`,
      headers: { host: `attacker.example:${d.port}` },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("Host header");
    const ok = await rawRequest(d.port, {
      path: `/api/state?token=${d.token}`,
      headers: { host: `localhost:${d.port}` },
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ repository: w.repo.dir, workers: [] });
  });

  test("refuses a state-changing request from another origin or without one", async () => {
    const w = await world();
    const d = await w.dashboard();
    await w.wo.addWorktree("alpha");
    const post = (origin: string | null) =>
      rawRequest(d.port, {
        method: "POST",
        path: "/api/workers/alpha/kill",
        headers: {
          host: `127.0.0.1:${d.port}`,
          "x-wo-token": d.token,
          "content-type": "application/json",
          ...(origin ? { origin } : {}),
        },
        body: JSON.stringify({ force: false }),
      });
    expect((await post(null)).status).toBe(403);
    expect((await post("http://attacker.example")).status).toBe(403);
    expect((await post(`http://127.0.0.1:${d.port + 1}`)).status).toBe(403);
    const own = await post(`http://127.0.0.1:${d.port}`);
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body)).toEqual({
      ok: true,
      kill: { feature: "alpha", killed: false, previous: "idle", resultFile: null },
    });
  });

  test("answers bad input with wo's error, never running it", async () => {
    const w = await world();
    const d = await w.dashboard();
    const headers = {
      host: `127.0.0.1:${d.port}`,
      "x-wo-token": d.token,
      origin: `http://127.0.0.1:${d.port}`,
      "content-type": "application/json",
    };
    const badName = await rawRequest(d.port, {
      method: "POST",
      path: "/api/workers/..%2F..%2Fetc/send",
      headers,
      body: JSON.stringify({ text: "hi" }),
    });
    expect(badName.status).toBe(400);
    const unknown = await rawRequest(d.port, {
      method: "POST",
      path: "/api/workers/nobody/send",
      headers,
      body: JSON.stringify({ text: "hi" }),
    });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({
      ok: false,
      error: { code: expect.stringMatching(/^E_/) },
    });
  });
});

describe("one dashboard per repository", () => {
  test("a second one names the first one's URL; after close the port is free and the record gone", async () => {
    const w = await world();
    const d = await w.dashboard();
    await expect(startDashboard({ cwd: w.repo.dir, env: w.env })).rejects.toMatchObject({
      code: "E_ALREADY_RUNNING",
      message: expect.stringContaining(d.url),
    });
    await d.close();
    expect(existsSync(path.join(w.wo.stateDir, "dashboard.json"))).toBe(false);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(d.port, "127.0.0.1");
      socket.on("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
  });

  test("a record whose process is gone is stale and does not stop a new dashboard", async () => {
    const w = await world();
    await w.wo.addWorktree("alpha");
    writeFileSync(
      path.join(w.wo.stateDir, "dashboard.json"),
      JSON.stringify({ pid: 2 ** 22 + 7, url: "http://127.0.0.1:1/?token=old", startedAt: "" }),
    );
    const d = await w.dashboard();
    expect(d.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });
});
