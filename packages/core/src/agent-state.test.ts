import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "@wo/test-utils";
import { execa } from "execa";
import { describe, expect, test } from "vitest";
import { agentView, QUIET_MS, readAgentState } from "./agent-state.js";
import { generic } from "./agents/generic.js";
import { AGENT_FILES, type AgentHookState } from "./agents/hooks.js";
import { ADAPTERS } from "./agents/index.js";

const claude = ADAPTERS.claude as NonNullable<(typeof ADAPTERS)["claude"]>;
const codex = ADAPTERS.codex as NonNullable<(typeof ADAPTERS)["codex"]>;
const now = 1_800_000_000_000;

function state(partial: Partial<AgentHookState>): AgentHookState {
  return {
    run: "r1",
    agent: "claude",
    hooks: true,
    state: "running",
    waitingFor: null,
    at: null,
    event: null,
    ...partial,
  };
}

const CLAUDE_IDLE = [
  "⏺ Wrote hello.txt and ran the tests.",
  "",
  "╭──────────────────────────────────────────────╮",
  "│ >                                            │",
  "╰──────────────────────────────────────────────╯",
  "  ⏵⏵ bypass permissions on (shift+tab to cycle)",
];

describe("agentView", () => {
  test("LAST OUTPUT skips box borders, the empty input box and the status bar", () => {
    const view = agentView({ adapter: claude, state: state({}), lines: CLAUDE_IDLE, activityAt: now, now });
    expect(view).toEqual({ waitingFor: null, lastOutput: "⏺ Wrote hello.txt and ran the tests." });
  });

  test("spinners and key hints are chrome too", () => {
    const lines = ["Reading src/app.ts", "✻ Thinking… (12s · esc to interrupt)", "? for shortcuts"];
    expect(agentView({ adapter: claude, state: state({}), lines, activityAt: now, now }).lastOutput).toBe(
      "Reading src/app.ts",
    );
  });

  test("a hook's waiting state is the status; running is not waiting", () => {
    const waiting = state({ state: "waiting", waitingFor: "turn-ended", at: now - 5000 });
    expect(
      agentView({ adapter: claude, state: waiting, lines: CLAUDE_IDLE, activityAt: now, now }).waitingFor,
    ).toBe("turn-ended");
    expect(
      agentView({ adapter: claude, state: state({}), lines: CLAUDE_IDLE, activityAt: 0, now }).waitingFor,
    ).toBeNull();
  });

  test.each([
    [
      ["│ Do you want to proceed?                │", "│ ❯ 1. Yes │", "│   2. No  │"],
      "permission",
      "Do you want to proceed?",
    ],
    [
      [
        "│ Do you trust the files in this folder? │",
        "│ ❯ 1. Yes, proceed │",
        "Enter to confirm · Esc to exit",
      ],
      "dialog",
      "Do you trust the files in this folder?",
    ],
    [
      ["WARNING: Claude Code running in Bypass Permissions mode", "❯ 1. No, exit", "  2. Yes, I accept"],
      "dialog",
      "WARNING: Claude Code running in Bypass Permissions mode",
    ],
    [["Select login method:", "❯ 1. Claude account with subscription"], "dialog", "Select login method:"],
  ] as const)("a dialog on screen wins over the hooks: %j is %s", (lines, waitingFor, question) => {
    const view = agentView({ adapter: claude, state: state({}), lines, activityAt: now, now });
    expect(view).toEqual({ waitingFor, lastOutput: question });
  });

  test("a question on the last line of any agent is waiting for input; one further up is not", () => {
    const asking = ["Overwrite config.json? (y/n)"];
    expect(agentView({ adapter: generic, state: null, lines: asking, activityAt: now, now }).waitingFor).toBe(
      "input",
    );
    const answered = ["Overwrite config.json? (y/n)", "y", "done overwriting"];
    expect(
      agentView({ adapter: generic, state: null, lines: answered, activityAt: now, now }).waitingFor,
    ).toBeNull();
  });

  test("an agent without hooks whose pane has not changed for a while waits for input", () => {
    const lines = ["compiling"];
    const base = { adapter: generic, state: null, lines, now };
    expect(agentView({ ...base, activityAt: now - QUIET_MS + 1000 }).waitingFor).toBeNull();
    expect(agentView({ ...base, activityAt: now - QUIET_MS }).waitingFor).toBe("input");
    expect(agentView({ ...base, activityAt: null }).waitingFor).toBeNull();
    // An agent with hooks is never judged by its quiet pane: the hooks say when it waits.
    expect(agentView({ ...base, adapter: claude, state: state({}), activityAt: 0 }).waitingFor).toBeNull();
  });

  test("codex's turn-ended ends when its pane changes after it (it reports no turn start)", () => {
    const waiting = state({
      agent: "codex",
      state: "waiting",
      waitingFor: "turn-ended",
      at: now - 10_000,
      clearsOnActivity: true,
    });
    const base = { adapter: codex, state: waiting, lines: ["done"], now };
    expect(agentView({ ...base, activityAt: now - 9000 }).waitingFor).toBe("turn-ended");
    expect(agentView({ ...base, activityAt: now - 5000 }).waitingFor).toBeNull();
  });
});

describe("readAgentState", () => {
  test("reads what the hooks recorded; nothing there, or not wo's, is null", async () => {
    const dir = await tempDir();
    expect(readAgentState(dir)).toBeNull();
    const recorded = { run: "r1", agent: "codex", hooks: true, state: "waiting", waitingFor: "turn-ended" };
    await writeFile(path.join(dir, AGENT_FILES.state), JSON.stringify({ ...recorded, at: 5, event: "x" }));
    expect(readAgentState(dir)).toEqual({ ...recorded, at: 5, event: "x" });
    await writeFile(path.join(dir, AGENT_FILES.state), '{"run": 1}');
    expect(readAgentState(dir)).toBeNull();
    await writeFile(path.join(dir, AGENT_FILES.state), "{half");
    expect(readAgentState(dir)).toBeNull();
  });

  test("a FIFO or directory in the state file's place is null at once, never waited on", async () => {
    const fifo = await tempDir();
    // Nothing ever writes to this FIFO: a blocking open would hang status (and this test) for good.
    await execa("mkfifo", [path.join(fifo, AGENT_FILES.state)]);
    expect(readAgentState(fifo)).toBeNull();
    const directory = await tempDir();
    await mkdir(path.join(directory, AGENT_FILES.state));
    expect(readAgentState(directory)).toBeNull();
  });
});
