/**
 * The program an agent's hook runs: `node <agent dir>/hook.cjs <state file> <run id> <agent> [event JSON]`. It maps
 * the agent's event (JSON on stdin, or as the last argument for Codex's `notify`) to `running` or `waiting` and
 * records it in the state file, atomically (temporary file + rename). A state file of another run (a respawned
 * worker) is left alone, so a late hook of an earlier agent never speaks for the current one.
 *
 * Self-contained on purpose: it is serialised with `Function.prototype.toString` into a file wo writes next to the
 * state (like the pane launcher), so a hook call costs one small node start and never loads wo itself. It always
 * exits 0 and prints `{}` (Gemini CLI wants JSON on stdout): a hook must never stop the agent.
 */
function recordHook(load: (id: string) => unknown): void {
  const fs = load("node:fs") as typeof import("node:fs");
  const [stateFile = "", run = "", agent = "", argEvent] = process.argv.slice(2);
  const parse = (text: string | undefined): Record<string, unknown> => {
    try {
      const value = JSON.parse(text ?? "") as unknown;
      return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  const finish: () => never = () => {
    process.stdout.write("{}\n");
    process.exit(0);
  };
  let event: Record<string, unknown>;
  if (argEvent !== undefined) event = parse(argEvent);
  else {
    try {
      event = parse(fs.readFileSync(0, "utf8"));
    } catch {
      event = {};
    }
  }
  const name = String(event.hook_event_name ?? event.type ?? "");
  let update: { state: "running" | "waiting"; waitingFor: string | null } | null = null;
  const running = { state: "running" as const, waitingFor: null };
  const waiting = (waitingFor: string) => ({ state: "waiting" as const, waitingFor });
  if (agent === "claude") {
    if (name === "SessionStart" || name === "UserPromptSubmit" || name === "PostToolUse") update = running;
    else if (name === "Stop" || name === "StopFailure") update = waiting("turn-ended");
    else if (name === "Notification") {
      const type = String(event.notification_type ?? "");
      const message = String(event.message ?? "");
      if (type === "permission_prompt" || /permission/i.test(message)) update = waiting("permission");
      else if (type === "idle_prompt") update = waiting("turn-ended");
      else if (type === "elicitation_dialog") update = waiting("input");
    }
  } else if (agent === "gemini") {
    if (name === "BeforeAgent" || name === "AfterTool") update = running;
    else if (name === "AfterAgent") update = waiting("turn-ended");
    else if (name === "Notification") update = waiting("permission");
  } else if (agent === "codex" && name === "agent-turn-complete") {
    // Codex also reports the side thread that writes the session's title; its request starts like this.
    const inputs = Array.isArray(event["input-messages"]) ? (event["input-messages"] as unknown[]) : [];
    const title = inputs.some((m) => /^Generate a concise/i.test(String(m)));
    if (!title) update = waiting("turn-ended");
  }
  if (!update || !stateFile) finish();
  let current: Record<string, unknown> = {};
  try {
    current = parse(fs.readFileSync(stateFile, "utf8"));
  } catch {
    finish();
  }
  if (current.run !== run) finish();
  const next = { ...current, ...update, at: Date.now(), event: name };
  const temp = `${stateFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, `${JSON.stringify(next)}\n`, { mode: 0o600 });
    fs.renameSync(temp, stateFile);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing left to tidy
    }
  }
  finish();
}

/** The content of the hook program file (`hook.cjs` in the worker's agent directory). */
export const HOOK_SCRIPT_SOURCE = `"use strict";\n(${recordHook.toString()})(require);\n`;
