import { describe, expect, it } from "vitest";
import { isLoopbackHost, isOwnOrigin, requestProblem, tokenMatches } from "./security.js";

const PORT = 4800;
const TOKEN = "a".repeat(48);
const ok = { method: "GET", host: `127.0.0.1:${PORT}`, origin: null, token: TOKEN };

describe("requestProblem", () => {
  it.each([
    ["a GET with the token on 127.0.0.1", ok, null],
    ["a GET on localhost", { ...ok, host: `localhost:${PORT}` }, null],
    ["a GET on [::1]", { ...ok, host: `[::1]:${PORT}` }, null],
    [
      "a POST from the dashboard's origin",
      { ...ok, method: "POST", origin: `http://127.0.0.1:${PORT}` },
      null,
    ],
    ["no token", { ...ok, token: null }, 401],
    ["a wrong token", { ...ok, token: "b".repeat(48) }, 401],
    ["a token prefix", { ...ok, token: TOKEN.slice(0, 10) }, 401],
    ["a rebinding host", { ...ok, host: `evil.example:${PORT}` }, 403],
    ["another port", { ...ok, host: "127.0.0.1:80" }, 403],
    ["no host", { ...ok, host: null }, 403],
    ["a POST without origin", { ...ok, method: "POST" }, 403],
    ["a POST from another site", { ...ok, method: "POST", origin: "http://evil.example" }, 403],
    ["a POST from another local port", { ...ok, method: "POST", origin: "http://127.0.0.1:3000" }, 403],
    ["a DELETE from another site", { ...ok, method: "DELETE", origin: "https://evil.example" }, 403],
  ])("%s", (_name, request, status) => {
    expect(requestProblem(request, PORT, TOKEN)?.status ?? null).toBe(status);
  });

  it("checks the host before the token, so a rebinding page learns nothing about the token", () => {
    expect(requestProblem({ ...ok, host: "evil.example", token: null }, PORT, TOKEN)).toMatchInlineSnapshot(`
      {
        "message": "Refused: the Host header must be 127.0.0.1:4800 or localhost:4800",
        "status": 403,
      }
    `);
  });
});

describe("isLoopbackHost and isOwnOrigin", () => {
  it("ignore case but nothing else", () => {
    expect(isLoopbackHost(`LOCALHOST:${PORT}`, PORT)).toBe(true);
    expect(isLoopbackHost(`localhost.evil.example:${PORT}`, PORT)).toBe(false);
    expect(isLoopbackHost(`127.0.0.1:${PORT}.evil.example`, PORT)).toBe(false);
    expect(isOwnOrigin(`http://localhost:${PORT}`, PORT)).toBe(true);
    expect(isOwnOrigin(`https://localhost:${PORT}`, PORT)).toBe(false);
    expect(isOwnOrigin("null", PORT)).toBe(false);
  });
});

describe("tokenMatches", () => {
  it("needs the whole token", () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokenMatches("", TOKEN)).toBe(false);
  });
});
