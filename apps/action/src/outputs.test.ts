import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { planFromFiles } from "@wo/core";
import { expect, test } from "vitest";
import { stepReport } from "./outputs.js";

// In CI the run is the answer: the summary never ends with the manifest's question, for a split or for one worker.
test.each([
  ["a split", "- Refactor `a/x.ts`\n- Refactor `b/y.ts`\n- Refactor `c/z.ts`\n- Refactor `d/w.ts`\n"],
  ["one worker", "- Refactor `a/x.ts`\n- Refactor `b/y.ts`\n"],
])("the plan summary of %s leaves out the question", async (_, text) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), "wo-outputs-"));
  try {
    await writeFile(path.join(dir, "TODO.md"), text);
    const { plan, manifest } = await planFromFiles(["TODO.md"], { cwd: dir });
    expect(manifest).toMatch(/\*\*Proceed with this (split|plan)\?\*\* \[Y\] Yes/);
    const { summary } = stepReport({
      mode: "plan",
      plan,
      manifest,
      documents: ["TODO.md"],
      matrix: { include: [] },
      prompts: dir,
    });
    expect(summary).toContain("## Work Item Manifest");
    expect(summary).not.toContain("Proceed with this");
    expect(summary).not.toContain("[Y] Yes");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
