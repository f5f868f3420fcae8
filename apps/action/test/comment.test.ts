import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { COMMENT_MARKER } from "../src/comment.js";
import { PULL_REQUEST_MARKER } from "../src/pull-request.js";
import { checkout, runAction, runMatrixJob, usePublishedRepo } from "./helpers.js";

interface Comment {
  id: number;
  issue: number;
  body: string;
  /** The author's login; the action's own comments are the job token's. */
  login?: string;
}

interface Pull {
  number: number;
  head: string;
  base: string;
  body: string;
  login: string;
}

/**
 * The slice of GitHub's REST API the action uses — list, create and update issue comments — over plain HTTP on
 * localhost, with the requests it received. `refuse` answers every request with 403.
 */
async function fakeGitHub(
  options: { comments?: Comment[]; pulls?: Pull[]; refuse?: boolean; user?: string } = {},
) {
  const comments: Comment[] = [...(options.comments ?? [])];
  const pulls: Pull[] = [...(options.pulls ?? [])];
  const requests: Array<{ method: string; path: string; authorization: string | undefined }> = [];
  let nextId = 1000;
  const json = (res: import("node:http").ServerResponse, status: number, value: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(value));
  };
  const body = async (req: IncomingMessage) => {
    let text = "";
    for await (const chunk of req) text += chunk;
    return JSON.parse(text || "{}") as { body?: string };
  };
  const view = (c: Comment) => ({
    id: c.id,
    body: c.body,
    user: { login: c.login ?? "github-actions[bot]" },
    html_url: `https://github.test/acme/widgets/pull/${c.issue}#issuecomment-${c.id}`,
  });
  const pullView = (p: Pull) => ({
    number: p.number,
    body: p.body,
    user: { login: p.login },
    head: { ref: p.head },
    base: { ref: p.base },
    html_url: `https://github.test/acme/widgets/pull/${p.number}`,
  });
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    requests.push({ method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization });
    if (options.refuse) return json(res, 403, { message: "Resource not accessible by integration" });
    if (url.pathname === "/user" && req.method === "GET") {
      // The job token may not read /user; a personal token may.
      return options.user
        ? json(res, 200, { login: options.user })
        : json(res, 403, { message: "Resource not accessible by integration" });
    }
    if (url.pathname === "/repos/acme/widgets/pulls" && req.method === "GET") {
      const head = url.searchParams.get("head");
      return json(res, 200, pulls.filter((p) => `acme:${p.head}` === head).map(pullView));
    }
    if (url.pathname === "/repos/acme/widgets/pulls" && req.method === "POST") {
      const sent = (await body(req)) as { body?: string; head?: string; base?: string };
      const pull = {
        number: nextId++,
        head: sent.head ?? "",
        base: sent.base ?? "",
        body: sent.body ?? "",
        login: options.user ?? "github-actions[bot]",
      };
      pulls.push(pull);
      return json(res, 201, pullView(pull));
    }
    const pull = /^\/repos\/acme\/widgets\/pulls\/(\d+)$/.exec(url.pathname);
    const known = pull ? pulls.find((p) => p.number === Number(pull[1])) : undefined;
    if (known && req.method === "PATCH") {
      known.body = (await body(req)).body ?? "";
      return json(res, 200, pullView(known));
    }
    const list = /^\/repos\/acme\/widgets\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/acme\/widgets\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (list && req.method === "GET") {
      return json(res, 200, comments.filter((c) => c.issue === Number(list[1])).map(view));
    }
    if (list && req.method === "POST") {
      const comment = { id: nextId++, issue: Number(list[1]), body: (await body(req)).body ?? "" };
      comments.push(comment);
      return json(res, 201, view(comment));
    }
    const existing = one ? comments.find((c) => c.id === Number(one[1])) : undefined;
    if (existing && req.method === "PATCH") {
      existing.body = (await body(req)).body ?? "";
      return json(res, 200, view(existing));
    }
    return json(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, comments, pulls, requests };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const publish = usePublishedRepo();

async function withWorker(message: string) {
  const { remote } = await publish();
  await runMatrixJob(remote, "work/task-1-auth", [{ message, files: { "src/auth/login.ts": "1\n" } }]);
  return remote;
}

function errorLine(stdout: string): string | undefined {
  return stdout.split("\n").find((line) => line.startsWith("::error::"));
}

describe("the pull-request comment", () => {
  it("is created on the event's pull request, and a second run updates that same comment", async () => {
    const github = await fakeGitHub();
    const remote = await withWorker("[CHECKPOINT] login");
    const options = {
      event: { pull_request: { number: 3 } },
      env: { GITHUB_API_URL: github.url },
    };
    const first = await runAction(
      { mode: "monitor", token: "secret-token" },
      { ...options, cwd: await checkout(remote) },
    );
    expect(first.code, first.stdout).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body.startsWith(`${COMMENT_MARKER}\n## Worker Status Report`)).toBe(true);
    expect(github.comments[0]?.body).toContain("[CHECKPOINT] - 1 commit");

    await runMatrixJob(remote, "work/task-2-ui", [{ message: "[COMPLETE] ui", files: { "ui.txt": "1\n" } }]);
    const second = await runAction(
      { mode: "monitor", token: "secret-token" },
      { ...options, cwd: await checkout(remote) },
    );
    expect(second.code, second.stdout).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toContain("| task-2-ui | work/task-2-ui |");
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /user",
      "GET /repos/acme/widgets/issues/3/comments",
      "POST /repos/acme/widgets/issues/3/comments",
      "GET /user",
      "GET /repos/acme/widgets/issues/3/comments",
      "PATCH /repos/acme/widgets/issues/comments/1000",
    ]);
    expect(new Set(github.requests.map((r) => r.authorization))).toEqual(new Set(["token secret-token"]));
    expect(second.stdout).toContain(
      "Updated the report comment: https://github.test/acme/widgets/pull/3#issuecomment-1000",
    );
  });

  it("goes to the pull-request input over the event's, leaving other comments alone", async () => {
    const human = { id: 7, issue: 12, body: `Quoting the bot:\n${COMMENT_MARKER}` };
    const github = await fakeGitHub({ comments: [human] });
    const remote = await withWorker("[COMPLETE] login");
    const run = await runAction(
      { mode: "monitor", token: "t", "pull-request": "12" },
      {
        cwd: await checkout(remote),
        event: { pull_request: { number: 3 } },
        env: { GITHUB_API_URL: github.url },
      },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(github.comments.map((c) => [c.id, c.issue])).toEqual([
      [7, 12],
      [1000, 12],
    ]);
    expect(github.comments[0]?.body).toBe(human.body);
  });

  it("is skipped, with a note, when the run is not about a pull request", async () => {
    const github = await fakeGitHub();
    const remote = await withWorker("[COMPLETE] login");
    const run = await runAction(
      { mode: "monitor", token: "t" },
      { cwd: await checkout(remote), event: { ref: "refs/heads/main" }, env: { GITHUB_API_URL: github.url } },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(github.requests).toEqual([]);
    expect(run.stdout).toContain("No pull request to comment on");
    expect(run.summary).toContain("## Worker Status Report");
  });

  it("fails the step with a hint about permissions when GitHub refuses", async () => {
    const github = await fakeGitHub({ refuse: true });
    const remote = await withWorker("[COMPLETE] login");
    const run = await runAction(
      { mode: "monitor", token: "t" },
      {
        cwd: await checkout(remote),
        event: { pull_request: { number: 3 } },
        env: { GITHUB_API_URL: github.url },
      },
    );
    expect(run.code).toBe(1);
    expect(errorLine(run.stdout)).toMatchInlineSnapshot(
      `"::error::Cannot comment on pull request #3 of acme/widgets: HTTP 403 Resource not accessible by integration%0Ahint: Give the job permissions: pull-requests: write, and pass token: \${{ github.token }} (or a token with that scope)"`,
    );
  });

  it("leaves another user's comment that starts with the marker alone and writes its own", async () => {
    const impostor = { id: 5, issue: 3, body: `${COMMENT_MARKER}\nfake report`, login: "mallory" };
    const github = await fakeGitHub({ comments: [impostor] });
    const remote = await withWorker("[COMPLETE] login");
    const run = await runAction(
      { mode: "monitor", token: "t" },
      {
        cwd: await checkout(remote),
        event: { pull_request: { number: 3 } },
        env: { GITHUB_API_URL: github.url },
      },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(github.comments.map((c) => [c.id, c.login ?? "github-actions[bot]"])).toEqual([
      [5, "mallory"],
      [1000, "github-actions[bot]"],
    ]);
    expect(github.comments[0]?.body).toBe(impostor.body);
  });

  it("takes the author from GET /user when the token may read it (a personal token)", async () => {
    const mine = { id: 9, issue: 3, body: `${COMMENT_MARKER}\nold`, login: "octocat" };
    const github = await fakeGitHub({ comments: [mine], user: "octocat" });
    const remote = await withWorker("[COMPLETE] login");
    const run = await runAction(
      { mode: "monitor", token: "t" },
      {
        cwd: await checkout(remote),
        event: { pull_request: { number: 3 } },
        env: { GITHUB_API_URL: github.url },
      },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0]?.body).toContain("## Worker Status Report");
  });
});

describe("the integration pull request", () => {
  it("is opened by the first integrate run and its body refreshed by a later run that merges nothing new", async () => {
    const github = await fakeGitHub();
    const remote = await withWorker("[COMPLETE] login");
    const options = { env: { GITHUB_API_URL: github.url } };
    const first = await runAction(
      { mode: "integrate", name: "sprint-1", token: "t" },
      { ...options, cwd: await checkout(remote) },
    );
    expect(first.code, first.stdout).toBe(0);
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]).toMatchObject({ head: "integration/sprint-1", base: "main" });
    expect(first.outputs["pull-request"]).toBe(String(github.pulls[0]?.number));
    github.pulls[0] = { ...(github.pulls[0] as Pull), body: `${PULL_REQUEST_MARKER}\nstale` };

    // A second worker that conflicts: nothing new merges, but the body must show the conflict.
    await runMatrixJob(remote, "work/task-2-ui", [
      { message: "[COMPLETE] ui", files: { "src/auth/login.ts": "2\n" } },
    ]);
    const second = await runAction(
      { mode: "integrate", name: "sprint-1", token: "t", "fail-on-conflict": "false" },
      { ...options, cwd: await checkout(remote) },
    );
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs.merged).toBe("[]");
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]?.body).toContain("### Not merged: conflicts");
    expect(second.stdout).toContain("Updated the integration pull request");
  });

  it("leaves someone else's open pull request from the integration branch alone", async () => {
    const theirs = {
      number: 77,
      head: "integration/sprint-1",
      base: "main",
      body: `${PULL_REQUEST_MARKER}\nmine, says mallory`,
      login: "mallory",
    };
    const github = await fakeGitHub({ pulls: [theirs] });
    const remote = await withWorker("[COMPLETE] login");
    const run = await runAction(
      { mode: "integrate", name: "sprint-1", token: "t" },
      { cwd: await checkout(remote), env: { GITHUB_API_URL: github.url } },
    );
    expect(run.code, run.stdout).toBe(0);
    expect(github.pulls).toEqual([theirs]);
    expect(run.stdout).toContain("Left pull request #77 alone");
  });
});
