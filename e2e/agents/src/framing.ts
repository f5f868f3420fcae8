import type { Api, Reply } from "./conversation.js";

/** An HTTP answer to a request that is not the agent's conversation. */
export interface SideAnswer {
  status: number;
  contentType: string;
  body: string;
}

type Json = Record<string, unknown>;

const sse = (event: string | null, data: unknown) =>
  `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;

function anthropicMessage(reply: Reply, content: unknown[]): Json {
  return {
    id: `msg_${Math.random().toString(36).slice(2, 10)}`,
    type: "message",
    role: "assistant",
    model: "claude-scripted",
    content,
    stop_reason: reply.kind === "tool-call" ? "tool_use" : "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

function anthropicBlock(reply: Reply): Json {
  return reply.kind === "tool-call"
    ? {
        type: "tool_use",
        id: reply.callId,
        name: reply.tool,
        input: { command: reply.command, description: "Run it" },
      }
    : { type: "text", text: reply.text };
}

/** A whole (non-streamed) Messages API answer. */
export function anthropicJson(reply: Reply): string {
  return JSON.stringify(anthropicMessage(reply, [anthropicBlock(reply)]));
}

/** A streamed Messages API answer: message_start, one content block, message_delta, message_stop. */
export function anthropicSse(reply: Reply): string {
  const block = anthropicBlock(reply);
  const start = reply.kind === "tool-call" ? { ...block, input: {} } : { type: "text", text: "" };
  const delta =
    reply.kind === "tool-call"
      ? { type: "input_json_delta", partial_json: JSON.stringify(block.input) }
      : { type: "text_delta", text: reply.text };
  const message = anthropicMessage(reply, []);
  return [
    sse("message_start", { type: "message_start", message: { ...message, stop_reason: null } }),
    sse("content_block_start", { type: "content_block_start", index: 0, content_block: start }),
    sse("content_block_delta", { type: "content_block_delta", index: 0, delta }),
    sse("content_block_stop", { type: "content_block_stop", index: 0 }),
    sse("message_delta", {
      type: "message_delta",
      delta: { stop_reason: message.stop_reason, stop_sequence: null },
      usage: { output_tokens: 5 },
    }),
    sse("message_stop", { type: "message_stop" }),
  ].join("");
}

/** A streamed Responses API answer: the output item, then response.completed. */
export function openAiSse(reply: Reply): string {
  const id = `resp_${Math.random().toString(36).slice(2, 10)}`;
  const item =
    reply.kind === "tool-call"
      ? {
          type: "function_call",
          id: `fc_${reply.callId}`,
          name: reply.tool,
          arguments: JSON.stringify(
            reply.escalate
              ? {
                  cmd: reply.command,
                  sandbox_permissions: "require_escalated",
                  justification: "Write the file?",
                }
              : { cmd: reply.command },
          ),
          call_id: reply.callId,
        }
      : {
          type: "message",
          id: `msg_${id}`,
          role: "assistant",
          content: [{ type: "output_text", text: reply.text, annotations: [] }],
        };
  const usage = {
    input_tokens: 10,
    input_tokens_details: null,
    output_tokens: 5,
    output_tokens_details: null,
    total_tokens: 15,
  };
  return [
    sse("response.created", { type: "response.created", response: { id } }),
    sse("response.output_item.done", { type: "response.output_item.done", output_index: 0, item }),
    sse("response.completed", { type: "response.completed", response: { id, usage } }),
  ].join("");
}

function geminiChunk(reply: Reply): Json {
  const part =
    reply.kind === "tool-call"
      ? { functionCall: { id: reply.callId, name: reply.tool, args: { command: reply.command } } }
      : { text: reply.text };
  return {
    candidates: [{ content: { role: "model", parts: [part] }, finishReason: "STOP", index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: "gemini-scripted",
  };
}

/** A whole `:generateContent` answer. */
export function geminiJson(reply: Reply): string {
  return JSON.stringify(geminiChunk(reply));
}

/** A `:streamGenerateContent?alt=sse` answer: one `data:` line with the whole candidate. */
export function geminiSse(reply: Reply): string {
  return sse(null, geminiChunk(reply));
}

/** A value that satisfies a JSON schema well enough for Gemini CLI's classifiers ("user" speaks next, "flash"). */
export function valueForSchema(schema: unknown, key = ""): unknown {
  const s = (schema ?? {}) as Json;
  if (Array.isArray(s.enum) && s.enum.length > 0) {
    const preferred = ["user", "flash"].find((v) => (s.enum as unknown[]).includes(v));
    return preferred ?? s.enum[0];
  }
  const type = String(s.type ?? "").toLowerCase();
  if (type === "object" || s.properties) {
    const properties = (s.properties ?? {}) as Json;
    return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, valueForSchema(v, k)]));
  }
  if (type === "array") return [];
  if (type === "boolean") return false;
  if (type === "number" || type === "integer") return 0;
  if (key === "next_speaker") return "user";
  if (key === "model_choice") return "flash";
  return "scripted";
}

const json = (data: unknown, status = 200): SideAnswer => ({
  status,
  contentType: "application/json",
  body: JSON.stringify(data),
});

/** Harmless answers to everything that is not the agent's conversation: titles, classifiers, counts, probes. */
export function sideAnswer(api: Api | "other", method: string, path: string, body: unknown): SideAnswer {
  const b = (body ?? {}) as Json;
  const text: Reply = { kind: "text", text: "Scripted task", userMessages: [] };
  if (api === "anthropic" && path.endsWith("/count_tokens")) return json({ input_tokens: 10 });
  if (api === "anthropic" && method === "POST") {
    return b.stream === true
      ? { status: 200, contentType: "text/event-stream", body: anthropicSse(text) }
      : json(JSON.parse(anthropicJson(text)));
  }
  if (api === "openai" && method === "POST") {
    return { status: 200, contentType: "text/event-stream", body: openAiSse(text) };
  }
  if (api === "gemini" && path.endsWith(":countTokens")) return json({ totalTokens: 10 });
  if (api === "gemini" && method === "POST") {
    const config = (b.generationConfig ?? b.config ?? {}) as Json;
    const schema = config.responseJsonSchema ?? config.responseSchema;
    const reply: Reply = schema ? { ...text, text: JSON.stringify(valueForSchema(schema)) } : text;
    return path.endsWith(":streamGenerateContent")
      ? { status: 200, contentType: "text/event-stream", body: geminiSse(reply) }
      : json(JSON.parse(geminiJson(reply)));
  }
  if (method === "GET" && /\/models\/?$/.test(path)) return json({ object: "list", data: [], models: [] });
  return json({});
}
