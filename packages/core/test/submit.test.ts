import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  assertTmuxInstalled,
  type TuiAgentMode,
  tempDir,
  tuiAgentCmd,
  tuiAgentPath,
  useIsolatedTmux,
  waitFor,
} from "@wo/test-utils";
import { paneTarget, Tmux } from "@wo/tmux";
import { beforeAll, describe, expect, test } from "vitest";
import { generic } from "../src/agents/generic.js";
import { ADAPTERS } from "../src/agents/index.js";
import type { WoError } from "../src/index.js";
import { submitText, workerAdapter } from "../src/submit.js";
import { useWorld } from "./helpers.js";

beforeAll(assertTmuxInstalled);
const isolatedTmux = useIsolatedTmux();
const world = useWorld();

/** Lines of a file the fixture agent appends to; `[]` before it exists. */
async function linesOf(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line !== "");
}

/** The fixture full-screen agent in `mode`, in a session of its own, ready for input. */
async function tuiAgent(mode: TuiAgentMode) {
  const tmux = new Tmux({ socket: isolatedTmux().socket, configFile: null });
  const dir = await tempDir();
  await tmux.newSession({
    name: "wt-tui",
    cwd: dir,
    command: [process.execPath, tuiAgentPath, mode],
    width: 80,
    height: 12,
  });
  const target = paneTarget("wt-tui");
  await waitFor(async () => (await tmux.capturePane(target)).includes(">"));
  return {
    tmux,
    target,
    /** What the agent submitted, one string per submission. */
    submissions: async () => (await linesOf(path.join(dir, ".agent-input.txt"))).map((l) => JSON.parse(l)),
    /** The Enters it dropped. */
    dropped: async () => (await linesOf(path.join(dir, ".agent-events.txt"))).length,
    alive: async () => (await tmux.listPanes()).some((pane) => !pane.dead),
  };
}

async function errorOf(promise: Promise<unknown>): Promise<WoError> {
  try {
    await promise;
  } catch (error) {
    return error as WoError;
  }
  throw new Error("expected a rejection");
}

describe("submitText", () => {
  test("the fixture drops an Enter pressed with the paste, as Claude Code and Gemini CLI do", async () => {
    const agent = await tuiAgent("drop-early");
    await agent.tmux.sendText(agent.target, "typed but not submitted");
    await waitFor(async () => (await agent.dropped()) === 1);
    expect(await agent.submissions()).toEqual([]);
  });

  test("with the agent's pause, the first Enter submits what was pasted", async () => {
    const agent = await tuiAgent("drop-early");
    const result = await submitText(agent.tmux, agent.target, 'fix the "login"; then $(report)', {
      feature: "tui",
      style: ADAPTERS.claude?.submit ?? { pasteDelayMs: 300 },
    });
    expect(result).toEqual({ enters: 1 });
    expect(await agent.submissions()).toEqual(['fix the "login"; then $(report)']);
    expect(await agent.dropped()).toBe(0);
  });

  test("an Enter the agent dropped is pressed once more", async () => {
    const agent = await tuiAgent("drop-first");
    const result = await submitText(agent.tmux, agent.target, "second time lucky", {
      feature: "tui",
      style: { pasteDelayMs: 0 },
    });
    expect(result).toEqual({ enters: 2 });
    expect(await agent.submissions()).toEqual(["second time lucky"]);
    expect(await agent.dropped()).toBe(1);
  });

  test("text that would end the paste early arrives as one submission, without its control sequences", async () => {
    const agent = await tuiAgent("submit");
    const hostile = "one\u001b[201~\rtwo\u0003\u001b]0;title\u0007 three\nfour";
    await submitText(agent.tmux, agent.target, hostile, { feature: "tui", style: { pasteDelayMs: 0 } });
    // The terminal turns each newline of a paste into CR; Ctrl-C and the paste end never reached the agent.
    expect(await agent.submissions()).toEqual(["one\rtwo three\rfour"]);
    expect(await agent.alive()).toBe(true);
  });

  test("an agent that never shows the paste gets no Enter, and the error says where the text may be", async () => {
    const agent = await tuiAgent("ignore");
    const error = await errorOf(
      submitText(agent.tmux, agent.target, "anyone there?", { feature: "tui", style: { pasteDelayMs: 0 } }),
    );
    expect(error.code).toBe("E_NOT_SUBMITTED");
    expect(error.message).toMatchInlineSnapshot(
      `"The text was pasted into tui's agent, but its pane did not change within 3 s, so Enter was not pressed: the text may sit in its input box, or the agent is not reading input"`,
    );
    expect(error.hint).toMatchInlineSnapshot(
      `"Look with wo attach tui (detach with Ctrl-b d): press Enter there to submit the text, or clear it"`,
    );
  });

  test("an agent that drops every Enter gets two, then E_NOT_SUBMITTED", async () => {
    const agent = await tuiAgent("drop-all");
    const error = await errorOf(
      submitText(agent.tmux, agent.target, "stuck in the box", {
        feature: "tui",
        style: { pasteDelayMs: 0 },
      }),
    );
    expect(error.code).toBe("E_NOT_SUBMITTED");
    expect(error.message).toMatchInlineSnapshot(
      `"The text was pasted into tui's agent and Enter pressed twice, but its pane did not show a submission: the text may sit in its input box"`,
    );
    expect(await agent.dropped()).toBe(2);
    expect(await agent.submissions()).toEqual([]);
  });

  test("a spinner on another row is not taken for a submission", async () => {
    const agent = await tuiAgent("busy");
    const error = await errorOf(
      submitText(agent.tmux, agent.target, "while busy", { feature: "tui", style: { pasteDelayMs: 0 } }),
    );
    expect(error.code).toBe("E_NOT_SUBMITTED");
    expect(await agent.dropped()).toBe(2);
  });

  test("an agent whose whole screen scrolls by itself still gets the text submitted", async () => {
    const agent = await tuiAgent("chatter");
    await submitText(agent.tmux, agent.target, "amid the noise", {
      feature: "tui",
      style: { pasteDelayMs: 0 },
    });
    // Nothing on such a screen tells a submission apart, so the Enter may be judged before the agent acted on it.
    expect(await waitFor(async () => (await agent.submissions()).length > 0 && agent.submissions())).toEqual([
      "amid the noise",
    ]);
  });

  test("text that is empty once sanitized is refused before anything is pasted", async () => {
    const tmux = new Tmux({ socket: isolatedTmux().socket, configFile: null });
    const error = await errorOf(
      submitText(tmux, paneTarget("wt-none"), "\u001b[201~\u0003 \n", {
        feature: "x",
        style: { pasteDelayMs: 0 },
      }),
    );
    expect(error.code).toBe("E_INPUT");
    expect(tmux.calls).toBe(0);
  });
});

describe("workerAdapter", () => {
  test.each([
    { meta: null, expected: "generic" },
    { meta: { feature: "a", worker: { agent: "claude" } }, expected: "claude" },
    {
      meta: { feature: "a", worker: { agent: "gemini" }, agentTemplate: "codex {prompt}" },
      expected: "gemini",
    },
    {
      meta: { feature: "a", worker: { agent: "mycli" }, agentTemplate: "codex --x {prompt}" },
      expected: "codex",
    },
    { meta: { feature: "a", worker: { agent: "toString" } }, expected: "generic" },
    { meta: { feature: "a", worker: { agent: "mycli" } }, expected: "generic" },
  ])("a worker recorded as $meta is sent to the way $expected needs", ({ meta, expected }) => {
    const adapter = workerAdapter(meta);
    expect(adapter === generic ? "generic" : adapter.name).toBe(expected);
  });
});

describe("send", () => {
  test("send --all submits to each running worker and lists those whose agent did not take the text", async () => {
    const { wo } = await world();
    const listens = await wo.addWorktree("listens");
    await wo.addWorktree("deaf");
    await wo.spawn("listens", "listen", { agentCmd: tuiAgentCmd("drop-early") });
    await wo.spawn("deaf", "ignore", { agentCmd: tuiAgentCmd("ignore") });
    await waitFor(async () => (await wo.status()).every((e) => e.lastOutput === ">"));
    const result = await wo.send({ all: true }, "hello everyone");
    expect(result.sent).toEqual(["listens"]);
    expect(result.failed).toEqual([
      {
        feature: "deaf",
        code: "E_NOT_SUBMITTED",
        error: expect.stringContaining("The text was pasted into deaf's agent"),
        hint: expect.stringContaining("wo attach deaf"),
      },
    ]);
    const input = await linesOf(path.join(listens.path, ".agent-input.txt"));
    expect(input.map((line) => JSON.parse(line))).toEqual(["hello everyone"]);
  });

  test("send to one worker whose agent does not take the text throws E_NOT_SUBMITTED", async () => {
    const { wo } = await world();
    await wo.addWorktree("deaf");
    await wo.spawn("deaf", "ignore", { agentCmd: tuiAgentCmd("ignore") });
    await waitFor(async () => (await wo.status("deaf"))[0]?.lastOutput === ">");
    const error = await errorOf(wo.send("deaf", "hello?"));
    expect(error.code).toBe("E_NOT_SUBMITTED");
    expect(error.hint).toContain("wo attach deaf");
  });
});
