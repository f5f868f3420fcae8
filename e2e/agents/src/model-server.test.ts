import { waitFor } from "@wo/test-utils";
import { afterEach, describe, expect, test } from "vitest";
import { FALLBACK_REPLY } from "./conversation.js";
import { type ModelServer, startModelServer } from "./model-server.js";

const SCRIPT = [
  { command: "echo one > one.txt", reply: "Wrote one." },
  { command: "echo two > two.txt", reply: "Wrote two." },
];

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(path: string, body: unknown): Promise<{ type: string; text: string }> {
  server ??= await startModelServer(SCRIPT);
  const res = await fetch(`${server.url}${path}`, { method: "POST", body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return { type: res.headers.get("content-type") ?? "", text: await res.text() };
}

/** The `data:` payloads of an SSE stream, with their `event:` names when given. */
function events(text: string): { event: string | undefined; data: Record<string, unknown> }[] {
  return text
    .split("\n\n")
    .filter((frame) => frame.trim())
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? "{}") as Record<string, unknown>;
      return { event, data };
    });
}

describe("Anthropic Messages API", () => {
  const tools = [{ name: "Bash", input_schema: {} }];
  const prompt = { role: "user", content: [{ type: "text", text: "Do it" }] };

  test("a user message gets a streamed Bash tool_use, framed message_start … message_stop", async () => {
    const { type, text } = await post("/v1/messages", { stream: true, tools, messages: [prompt] });
    expect(type).toBe("text/event-stream");
    const stream = events(text);
    expect(stream.map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(stream.every((e) => e.data.type === e.event)).toBe(true);
    expect(stream[1]?.data.content_block).toMatchObject({ type: "tool_use", name: "Bash", input: {} });
    const delta = stream[2]?.data.delta as { partial_json: string };
    expect(JSON.parse(delta.partial_json)).toMatchObject({ command: "echo one > one.txt" });
    expect(stream[4]?.data.delta).toMatchObject({ stop_reason: "tool_use" });
  });

  test("the tool's result gets the turn's text and end_turn; the request is recorded with the user's message", async () => {
    const messages = [
      prompt,
      { role: "assistant", content: [{ type: "tool_use", id: "t1", name: "Bash", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "t1", content: "" }] },
    ];
    const stream = events((await post("/v1/messages", { stream: true, tools, messages })).text);
    expect(stream[2]?.data.delta).toEqual({ type: "text_delta", text: "Wrote one." });
    expect(stream[4]?.data.delta).toMatchObject({ stop_reason: "end_turn" });
    expect(server?.mainRequests()).toEqual([
      expect.objectContaining({ api: "anthropic", kind: "main", answered: "text", userMessages: ["Do it"] }),
    ]);
  });

  test("a request without the Bash tool (a title) and count_tokens are side requests", async () => {
    const title = JSON.parse((await post("/v1/messages", { messages: [prompt] })).text);
    expect(title).toMatchObject({ type: "message", role: "assistant", stop_reason: "end_turn" });
    expect(JSON.parse((await post("/v1/messages/count_tokens", {})).text)).toEqual({ input_tokens: 10 });
    expect(server?.requests.map((r) => r.kind)).toEqual(["side", "side"]);
  });
});

describe("OpenAI Responses API", () => {
  const tools = [{ type: "function", name: "exec_command", parameters: {} }];
  const user = (text: string) => ({ type: "message", role: "user", content: [{ type: "input_text", text }] });

  test("a user message gets an exec_command function_call, then response.completed", async () => {
    const stream = events(
      (await post("/v1/responses", { stream: true, tools, input: [user("Do it")] })).text,
    );
    expect(stream.map((e) => e.event)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.completed",
    ]);
    const item = stream[1]?.data.item as { type: string; name: string; arguments: string; call_id: string };
    expect(item).toMatchObject({ type: "function_call", name: "exec_command" });
    expect(JSON.parse(item.arguments)).toEqual({ cmd: "echo one > one.txt" });
  });

  test("after a finished turn, a new user message starts the next turn; past the script it only talks", async () => {
    const done = [
      user("Do it"),
      { type: "function_call", name: "exec_command", arguments: "{}", call_id: "c1" },
      { type: "function_call_output", call_id: "c1", output: "" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Wrote one." }] },
    ];
    const next = events((await post("/v1/responses", { tools, input: [...done, user("again")] })).text);
    const call = next[1]?.data.item as { arguments: string };
    expect(JSON.parse(call.arguments)).toEqual({
      cmd: "echo two > two.txt",
    });
    expect(server?.mainRequests()[0]?.userMessages).toEqual(["Do it", "again"]);
    const finished = [
      ...done,
      user("again"),
      { type: "function_call", name: "exec_command", arguments: "{}", call_id: "c2" },
      { type: "function_call_output", call_id: "c2", output: "" },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Wrote two." }] },
      user("more"),
    ];
    const last = events((await post("/v1/responses", { tools, input: finished })).text);
    expect(last[1]?.data.item).toMatchObject({ type: "message", content: [{ text: FALLBACK_REPLY }] });
  });

  test("asks to escalate only when the command would be sandboxed and the tool offers it", async () => {
    const escalating = [
      {
        type: "function",
        name: "exec_command",
        parameters: { properties: { sandbox_permissions: { enum: ["use_default", "require_escalated"] } } },
      },
    ];
    const args = async (instructions: string) => {
      const body = { instructions, tools: escalating, input: [user("Do it")] };
      const stream = events((await post("/v1/responses", body)).text);
      const item = stream[1]?.data.item as { arguments: string };
      return JSON.parse(item.arguments) as Record<string, unknown>;
    };
    expect(await args("`sandbox_mode` is `read-only`")).toMatchObject({
      sandbox_permissions: "require_escalated",
    });
    expect(await args("`sandbox_mode` is `danger-full-access`")).toEqual({ cmd: "echo one > one.txt" });
  });
});

describe("Gemini API", () => {
  const tools = [{ functionDeclarations: [{ name: "run_shell_command" }] }];
  const contents = [{ role: "user", parts: [{ text: "Do it" }] }];

  test("streamGenerateContent?alt=sse answers a run_shell_command functionCall, then text after its response", async () => {
    const path = "/v1beta/models/gemini-x:streamGenerateContent?alt=sse";
    const first = events((await post(path, { contents, tools })).text);
    expect(first).toHaveLength(1);
    expect(first[0]?.data.candidates).toEqual([
      expect.objectContaining({
        content: {
          role: "model",
          parts: [{ functionCall: expect.objectContaining({ name: "run_shell_command" }) }],
        },
        finishReason: "STOP",
      }),
    ]);
    const answered = [
      ...contents,
      { role: "model", parts: [{ functionCall: { name: "run_shell_command", args: {} } }] },
      { role: "user", parts: [{ functionResponse: { name: "run_shell_command", response: {} } }] },
    ];
    const second = events((await post(path, { contents: answered, tools })).text);
    expect(second[0]?.data.candidates).toEqual([
      expect.objectContaining({ content: { role: "model", parts: [{ text: "Wrote one." }] } }),
    ]);
  });

  test("a classifier with a JSON schema gets JSON that fits it; countTokens gets a count", async () => {
    const schema = {
      type: "object",
      properties: {
        reasoning: { type: "string" },
        next_speaker: { type: "string", enum: ["model", "user"] },
      },
    };
    const body = { contents, generationConfig: { responseJsonSchema: schema } };
    const answer = JSON.parse((await post("/v1beta/models/gemini-x:generateContent", body)).text);
    const text = answer.candidates[0].content.parts[0].text as string;
    expect(JSON.parse(text)).toEqual({ reasoning: "scripted", next_speaker: "user" });
    expect(JSON.parse((await post("/v1beta/models/gemini-x:countTokens", {})).text)).toEqual({
      totalTokens: 10,
    });
    expect(server?.requests.every((r) => r.kind === "side")).toBe(true);
  });
});

test("hold() keeps conversation answers back until release(); side requests are answered at once", async () => {
  server = await startModelServer(SCRIPT);
  server.hold();
  let settled = false;
  const body = { tools: [{ name: "Bash" }], messages: [{ role: "user", content: "Do it" }] };
  const pending = fetch(`${server.url}/v1/messages`, { method: "POST", body: JSON.stringify(body) }).then(
    async (res) => {
      settled = true;
      return res.json();
    },
  );
  const side = await fetch(`${server.url}/v1/messages/count_tokens`, { method: "POST", body: "{}" });
  expect(side.status).toBe(200);
  const held = server;
  await waitFor(() => held.mainRequests().length === 1);
  expect(settled).toBe(false);
  server.release();
  expect(await pending).toMatchObject({
    stop_reason: "tool_use",
    content: [{ type: "tool_use", name: "Bash" }],
  });
});
