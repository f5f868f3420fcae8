import path from "node:path";
import { waitFor } from "@wo/test-utils";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { AgentName } from "../src/agent-home.js";
import type { Turn } from "../src/model-server.js";
import { isLive, type ProcessInfo } from "../src/processes.js";
import { type AgentWorld, agentsInstalled, createAgentWorld, readText, waitForAgent } from "./harness.js";

/** How one agent is driven; everything else is the same for all three. */
export interface AgentCase {
  agent: AgentName;
  /** An `--agent-cmd` that starts the agent WITHOUT auto-approval, so the scripted tool call asks for permission. */
  askingCmd: string;
  /** What the agent's permission question looks like on screen. */
  askPattern: RegExp;
}

const SECOND = "second message from wo send";

/** The model's script: turn 1 writes `first.txt`, turn 2 (the sent message) writes `second.txt`. */
export function scriptFor(agent: AgentName): Turn[] {
  return [
    { command: `echo first-${agent} > first.txt`, reply: "I created first.txt." },
    { command: `echo second-${agent} > second.txt`, reply: "I created second.txt." },
  ];
}

/** Waits until every process of the worker (and every process seen before the kill) is gone; names survivors. */
async function expectNoProcesses(w: AgentWorld, feature: string, before: readonly ProcessInfo[]) {
  const left = () => {
    const now = new Map(w.processes(feature).map((p) => [p.pid, p.command]));
    for (const p of before) if (isLive(p.pid) && !now.has(p.pid)) now.set(p.pid, p.command);
    return [...now].map(([pid, command]) => `${pid} ${command}`);
  };
  await waitFor(() => left().length === 0, { timeout: 20_000, interval: 250 }).catch(() => undefined);
  expect(left(), "processes left after wo kill --force").toEqual([]);
}

/** The end-to-end steps for one agent, run in order on one worker (plus one asking worker). */
export function agentSuite(c: AgentCase): void {
  const { agent } = c;
  describe.skipIf(!agentsInstalled()).sequential(`${agent} in a wo worker`, () => {
    const feature = `e2e-${agent}`;
    let w: AgentWorld;
    beforeAll(async () => {
      w = await createAgentWorld(agent, scriptFor(agent));
    });
    afterAll(async () => {
      await w?.cleanup();
    });

    test("spawned with --agent, it is running while the model thinks, runs the model's shell tool call (the file appears) and ends its turn", async () => {
      expect((await w.wo(["worktree", "add", feature])).code).toBe(0);
      // The model holds its first answer: the agent is mid-turn, waiting for the model, so wo must say running.
      w.model.hold();
      const spawned = await w.wo(["spawn", feature, "Create first.txt", "--agent", agent]);
      expect(spawned.code, spawned.stderr).toBe(0);
      await waitForAgent(
        w,
        feature,
        "the agent's first request to the model",
        () => w.model.mainRequests().length > 0,
      );
      const working = await w.status(feature);
      expect(working.status).toBe("running");
      expect(working.waitingFor).toBeNull();
      w.model.release();
      const file = path.join(w.worktree(feature), "first.txt");
      const text = await waitForAgent(w, feature, "first.txt written by the tool call", () => readText(file));
      expect(text).toBe(`first-${agent}\n`);
      // The tool's result went back to the model, which closed the turn with text.
      await waitForAgent(w, feature, "the turn's closing request", () =>
        w.model.mainRequests().some((r) => r.answered === "text"),
      );
      expect(w.model.mainRequests()[0]?.userMessages.join("\n")).toContain("Create first.txt");
      expect((await w.status(feature)).status).not.toBe("dead");
    });

    test("after its turn it is waiting (turn-ended)", async () => {
      const row = await waitForAgent(w, feature, "status waiting (turn-ended)", async () => {
        const r = await w.status(feature);
        return r.status === "waiting" && r.waitingFor === "turn-ended" ? r : null;
      });
      expect(row).toMatchObject({ status: "waiting", waitingFor: "turn-ended" });
    });

    test("wo send arrives at the model as a new user message, and the agent acts on it", async () => {
      const sent = await w.wo(["send", feature, SECOND]);
      expect(sent.code, sent.stderr).toBe(0);
      const request = await waitForAgent(
        w,
        feature,
        "the sent message at the model",
        () => w.model.mainRequests().find((r) => r.userMessages.at(-1)?.includes(SECOND)),
        45_000,
      );
      expect(request.userMessages.length).toBeGreaterThanOrEqual(2);
      const file = path.join(w.worktree(feature), "second.txt");
      expect(await waitForAgent(w, feature, "second.txt", () => readText(file))).toBe(`second-${agent}\n`);
    });

    test("wo report done in the worktree makes it done", async () => {
      const reported = await w.wo(["report", "done", "-m", "Done by the e2e suite"], {
        cwd: w.worktree(feature),
        env: { WO_FEATURE: feature },
      });
      expect(reported.code, reported.stderr).toBe(0);
      expect((await w.status(feature)).status).toBe("done");
    });

    const asking = `ask-${agent}`;
    test("without auto-approval its tool call asks for permission (the question on screen, no file yet)", async () => {
      expect((await w.wo(["worktree", "add", asking])).code).toBe(0);
      const spawned = await w.wo(["spawn", asking, "Create first.txt", "--agent-cmd", c.askingCmd]);
      expect(spawned.code, spawned.stderr).toBe(0);
      await waitForAgent(w, asking, "the permission question on screen", async () =>
        c.askPattern.test(await w.screen(asking)),
      );
      expect(await readText(path.join(w.worktree(asking), "first.txt"))).toBeNull();
    });

    test("the permission question shows as waiting (permission)", async () => {
      const row = await waitForAgent(w, asking, "status waiting (permission)", async () => {
        const r = await w.status(asking);
        return r.status === "waiting" && r.waitingFor === "permission" ? r : null;
      });
      expect(row).toMatchObject({ status: "waiting", waitingFor: "permission" });
    });

    test("wo kill --force of the asking worker leaves no process of it", async () => {
      const before = w.processes(asking, await w.panePid(asking));
      expect(before.length).toBeGreaterThan(0);
      expect((await w.wo(["kill", asking, "--force"])).code).toBe(0);
      await expectNoProcesses(w, asking, before);
    });

    test("wo kill --force leaves no process of the agent", async () => {
      const pane = await w.panePid(feature);
      const before = w.processes(feature, pane);
      expect(before.map((p) => p.pid)).toContain(pane);
      const killed = await w.wo(["kill", feature, "--force"]);
      expect(killed.code, killed.stderr).toBe(0);
      await expectNoProcesses(w, feature, before);
    });
  });
}
