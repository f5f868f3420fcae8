import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { tempDir } from "@wo/test-utils";
import { readWorktreeMeta } from "@wo/worktree";
import { describe, expect, test } from "vitest";
import { decodeWorkerMeta, TASK_MAX_BYTES, writeWorkerMeta } from "../src/worker-meta.js";

describe("worker metadata", () => {
  test("unknown keys, and the worker block's unknown keys, survive a rewrite", async () => {
    const dir = await tempDir();
    const file = path.join(dir, ".worktree.json");
    await writeFile(
      file,
      JSON.stringify({ feature: "api", mine: { keep: true }, worker: { session: "wt-api", note: "x" } }),
    );
    await writeWorkerMeta(dir, {
      feature: "api",
      workerId: "task-1",
      tasks: ["Add the model"],
      spawn: { session: "wt-api", task: "t", agent: "claude", startedAt: "2026-01-01T00:00:00.000Z" },
    });
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({
      feature: "api",
      mine: { keep: true },
      worker: {
        session: "wt-api",
        note: "x",
        task: "t",
        agent: "claude",
        started_at: "2026-01-01T00:00:00.000Z",
      },
      workerId: "task-1",
      tasks: ["Add the model"],
    });
    expect(decodeWorkerMeta(await readWorktreeMeta(dir))).toMatchObject({
      workerId: "task-1",
      tasks: ["Add the model"],
      spawn: { session: "wt-api", task: "t", agent: "claude", startedAt: "2026-01-01T00:00:00.000Z" },
    });
  });

  test("ill-typed values decode to the fallbacks every reader used", () => {
    // What a hand-edited or foreign .worktree.json may hold, whatever WorktreeMeta's types say.
    const stored = JSON.parse(
      JSON.stringify({
        feature: "",
        workerId: 7,
        scope: "src/",
        items: null,
        tasks: [1, "two"],
        dependsOn: { a: 1 },
        agentTemplate: ["x"],
        bootstrapped: "no",
        port: "4100",
        worker: { session: 1, task: null, agent: {}, started_at: 0 },
      }),
    );
    expect(decodeWorkerMeta(stored)).toEqual({
      feature: null,
      workerId: null,
      scope: [],
      items: [],
      tasks: ["1", "two"],
      dependsOn: [],
      agentTemplate: null,
      bootstrapped: null,
      port: null,
      spawn: { session: null, task: null, agent: null, startedAt: null },
    });
  });

  test("no metadata decodes to the same fallbacks", () => {
    expect(decodeWorkerMeta(null)).toEqual(decodeWorkerMeta({ feature: "" }));
  });

  test("a plan task over 256 KiB is refused naming the limit, and the stored file is unchanged", async () => {
    const dir = await tempDir();
    await writeWorkerMeta(dir, { feature: "api", tasks: ["small"] });
    const tasks = ["small", "é".repeat(TASK_MAX_BYTES / 2 + 1)];
    await expect(writeWorkerMeta(dir, { feature: "api", tasks })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[WoError: Cannot store the task of api: the task is 262146 bytes, over the 262144-byte (256 KiB) limit of task text]`,
    );
    expect(await readWorktreeMeta(dir)).toEqual({ feature: "api", tasks: ["small"] });
  });
});
