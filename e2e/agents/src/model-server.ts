import { appendFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Api, type Reply, replyFor } from "./conversation.js";
import { anthropicJson, anthropicSse, geminiJson, geminiSse, openAiSse, sideAnswer } from "./framing.js";

/** One turn of a scripted conversation: the answer to one user message. */
export interface Turn {
  /** A shell command the model asks the agent to run (Claude `Bash`, Codex `exec_command`, Gemini `run_shell_command`). */
  command?: string;
  /** The text the model ends its turn with, once the command's result came back (or at once without a command). */
  reply: string;
}

/** A request the server received, as a test sees it. */
export interface RecordedRequest {
  api: Api | "other";
  method: string;
  path: string;
  /** `main` is the agent's conversation (it offers the shell tool); `side` is a title, classifier, count or probe. */
  kind: "main" | "side";
  /** The user's own messages in the conversation, oldest first (tool results are not user messages). */
  userMessages: string[];
  /** What the server answered: a tool call, the turn's closing text, or a harmless side answer. */
  answered: Reply["kind"] | "side";
  body: unknown;
}

export interface ModelServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request so far, oldest first. */
  readonly requests: readonly RecordedRequest[];
  /** The agent's conversation requests only. */
  mainRequests(): RecordedRequest[];
  /** Holds every conversation answer from now on (the agent stays mid-turn, waiting for the model)... */
  hold(): void;
  /** ...until this sends them. */
  release(): void;
  close(): Promise<void>;
}

/**
 * Starts a scripted model on 127.0.0.1 (a random free port) that speaks enough of the Anthropic Messages API, the
 * OpenAI Responses API and the Gemini API for Claude Code, Codex and Gemini CLI to hold a conversation: the n-th user
 * message is answered with turn n's shell command, its tool result with turn n's text and an end of turn. Stateless
 * per request (the answer follows from the conversation the agent sends), so retries get the same answer.
 */
export async function startModelServer(script: readonly Turn[]): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  let held: (() => void)[] | null = null;
  const gate = (answer: () => void) => (held ? held.push(answer) : answer());
  const server = createServer((req, res) => {
    readBody(req)
      .then((raw) => handle(req, res, raw, script, requests, gate))
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: String(error) } }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    mainRequests: () => requests.filter((r) => r.kind === "main"),
    hold: () => {
      held ??= [];
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const answer of waiting) answer();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parse(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : {};
  } catch {
    return {};
  }
}

function apiOf(path: string): Api | "other" {
  if (path.startsWith("/v1/messages")) return "anthropic";
  if (path.startsWith("/v1/responses")) return "openai";
  if (path.startsWith("/v1beta/models/") || path.startsWith("/v1/models/")) return "gemini";
  return "other";
}

function handle(
  req: IncomingMessage,
  res: ServerResponse,
  raw: string,
  script: readonly Turn[],
  requests: RecordedRequest[],
  gate: (answer: () => void) => void,
): void {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  const body = parse(raw);
  const api = apiOf(path);
  const method = req.method ?? "GET";
  const record = (entry: Omit<RecordedRequest, "api" | "method" | "path" | "body">) => {
    requests.push({ api, method, path, body, ...entry });
    // For debugging a new agent version: every request, one JSON line each.
    const log = process.env.WO_E2E_MODEL_LOG;
    if (log) appendFileSync(log, `${JSON.stringify({ method, path: req.url, ...entry, body })}\n`);
  };

  const conversational =
    method === "POST" &&
    ((api === "anthropic" && path === "/v1/messages") ||
      (api === "openai" && path === "/v1/responses") ||
      (api === "gemini" && /:(stream)?generateContent$/i.test(path)));
  const reply = conversational ? replyFor(api as Api, body, script) : null;
  if (!reply) {
    record({ kind: "side", userMessages: [], answered: "side" });
    const side = sideAnswer(api, method, path, body);
    res.writeHead(side.status, { "content-type": side.contentType });
    res.end(side.body);
    return;
  }
  record({ kind: "main", userMessages: reply.userMessages, answered: reply.kind });
  const stream =
    api === "openai" ||
    (api === "anthropic" && (body as { stream?: boolean }).stream === true) ||
    (api === "gemini" && path.endsWith(":streamGenerateContent"));
  gate(() => {
    if (!stream) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(api === "anthropic" ? anthropicJson(reply) : geminiJson(reply));
      return;
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const frames =
      api === "anthropic" ? anthropicSse(reply) : api === "openai" ? openAiSse(reply) : geminiSse(reply);
    res.end(frames);
  });
}
