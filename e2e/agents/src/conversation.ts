/** The three wire formats the scripted model speaks. */
export type Api = "anthropic" | "openai" | "gemini";

/** What the model answers to one conversation request. */
export type Reply = (
  | {
      kind: "tool-call";
      tool: string;
      command: string;
      callId: string;
      /** Codex: ask to run outside the sandbox, which needs the user's approval unless approvals are bypassed. */
      escalate: boolean;
    }
  | { kind: "text"; text: string }
) & {
  /** The user's messages in the conversation, oldest first (tool results excluded). */
  userMessages: string[];
};

/** The shell tool each agent offers the model. */
export const SHELL_TOOL: Readonly<Record<Api, string>> = {
  anthropic: "Bash",
  openai: "exec_command",
  gemini: "run_shell_command",
};

/** What the model says once the script has no turn left. */
export const FALLBACK_REPLY = "Nothing more to do here.";

interface Item {
  role: "user" | "assistant";
  /** A user item carrying a tool's result, or an assistant item carrying a tool call. */
  tool: boolean;
  text: string;
}

type Json = Record<string, unknown>;

const asArray = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const textOf = (parts: Json[], key: string): string =>
  parts
    .map((part) => (typeof part[key] === "string" ? (part[key] as string) : ""))
    .filter(Boolean)
    .join("\n");

/** The conversation of a request in one shape, or null when the request does not offer the shell tool. */
function conversation(api: Api, body: Json): Item[] | null {
  const tools = asArray(body.tools);
  const names =
    api === "gemini"
      ? tools.flatMap((t) => asArray(t.functionDeclarations).map((d) => d.name))
      : tools.map((t) => t.name ?? (t.function as Json | undefined)?.name);
  if (!names.includes(SHELL_TOOL[api])) return null;
  if (api === "anthropic") {
    return asArray(body.messages).map((m) => {
      const blocks = typeof m.content === "string" ? [{ type: "text", text: m.content }] : asArray(m.content);
      const tool = blocks.some((b) => b.type === "tool_result" || b.type === "tool_use");
      return { role: m.role === "assistant" ? "assistant" : "user", tool, text: textOf(blocks, "text") };
    });
  }
  if (api === "openai") {
    const input =
      typeof body.input === "string"
        ? [{ type: "message", role: "user", content: body.input }]
        : asArray(body.input);
    return input.flatMap((item): Item[] => {
      if (
        item.type === "function_call" ||
        item.type === "custom_tool_call" ||
        item.type === "local_shell_call"
      )
        return [{ role: "assistant", tool: true, text: "" }];
      if (typeof item.type === "string" && item.type.endsWith("_output"))
        return [{ role: "user", tool: true, text: "" }];
      if (item.type !== "message" && item.type !== undefined) return [];
      const content = typeof item.content === "string" ? [{ text: item.content }] : asArray(item.content);
      if (item.role === "user") return [{ role: "user", tool: false, text: textOf(content, "text") }];
      if (item.role === "assistant")
        return [{ role: "assistant", tool: false, text: textOf(content, "text") }];
      return [];
    });
  }
  return asArray(body.contents).map((c) => {
    const parts = asArray(c.parts);
    const tool = parts.some((p) => p.functionCall !== undefined || p.functionResponse !== undefined);
    return { role: c.role === "model" ? "assistant" : "user", tool, text: textOf(parts, "text") };
  });
}

/**
 * The scripted answer to a conversation request, or null when it is a side request (no shell tool offered: a title,
 * a classifier). Turn n is the one after n finished turns (assistant messages without a tool call); when the last
 * item is a tool result the current turn closes with its text, otherwise the turn starts with its command.
 */
export function replyFor(
  api: Api,
  body: unknown,
  script: readonly { command?: string; reply: string }[],
): Reply | null {
  const items = conversation(api, (body ?? {}) as Json);
  if (!items) return null;
  const userMessages = items.filter((i) => i.role === "user" && !i.tool && i.text).map((i) => i.text);
  const finished = items.filter((i) => i.role === "assistant" && !i.tool).length;
  const last = items.at(-1);
  const turn = script[finished];
  if (last?.role === "user" && last.tool)
    return { kind: "text", text: turn?.reply ?? FALLBACK_REPLY, userMessages };
  if (turn?.command) {
    const callId = `call_${finished + 1}_${items.length}`;
    const escalate = api === "openai" && offersEscalation((body ?? {}) as Json);
    return {
      kind: "tool-call",
      tool: SHELL_TOOL[api],
      command: turn.command,
      callId,
      escalate,
      userMessages,
    };
  }
  return { kind: "text", text: turn?.reply ?? FALLBACK_REPLY, userMessages };
}

/**
 * Whether to ask Codex to run the command outside its sandbox: only when the command would be sandboxed (Codex's
 * instructions do not say `danger-full-access`) and `exec_command` offers `require_escalated`. Then Codex asks the
 * user first (approval on request); with approvals bypassed it has no sandbox and runs the command as it is.
 */
function offersEscalation(body: Json): boolean {
  if (JSON.stringify(body).includes("`sandbox_mode` is `danger-full-access`")) return false;
  const tool = asArray(body.tools).find((t) => t.name === SHELL_TOOL.openai);
  const properties = ((tool?.parameters as Json | undefined)?.properties ?? {}) as Json;
  const option = (properties.sandbox_permissions ?? {}) as Json;
  return Array.isArray(option.enum) && option.enum.includes("require_escalated");
}
