import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertTmuxInstalled, tempDir, useGitRepo, useIsolatedTmux } from "@wo/test-utils";
import { execa } from "execa";
import { beforeAll, expect, test } from "vitest";
import { DEMO_AGENT_SOURCE } from "../src/internal.js";

beforeAll(assertTmuxInstalled);
const gitRepo = useGitRepo();
const isolatedTmux = useIsolatedTmux();

const EXAMPLE = new URL("../examples/flow.mjs", import.meta.url).pathname;
const README = new URL("../../../README.md", import.meta.url).pathname;

test("the README's script example is the tested example, verbatim", async () => {
  const example = await readFile(EXAMPLE, "utf8");
  expect(await readFile(README, "utf8")).toContain(`\`\`\`js\n${example}\`\`\``);
});

test("the example script runs the whole flow on a repository", async () => {
  const repo = await gitRepo();
  const server = isolatedTmux();
  await repo.commit("project", {
    "review.md":
      "# Review\n\n## Auth\n\n- [ ] Fix the null check in `src/auth/login.ts`\n- [ ] Harden `src/auth/session.ts`\n\n## Models\n\n- [ ] Add the `UserModel` in `src/models/user.ts`\n- [ ] Validate emails in `src/models/user.ts`\n",
    "src/auth/login.ts": "login\n",
    "src/auth/session.ts": "session\n",
    "src/models/user.ts": "user\n",
  });
  const agentFile = path.join(await tempDir(), "agent.cjs");
  await writeFile(agentFile, DEMO_AGENT_SOURCE);
  const result = await execa(
    process.execPath,
    [EXAMPLE, repo.dir, "review.md", `${process.execPath} ${agentFile} {prompt_file}`],
    {
      env: { ...server.env, WO_DEMO_PAUSE_MS: "50" },
      timeout: 90_000,
    },
  );
  expect(result.stdout).toContain("## Work Item Manifest");
  expect(result.stdout).toMatch(/started 2 workers/);
  expect(result.stdout).toMatch(/merged: task-1-\S+, task-2-\S+; conflicts: 0/);
  expect(await repo.git(["branch", "--list", "integration/example"])).toContain("integration/example");
  expect(await repo.git(["log", "--merges", "--format=%s", "integration/example"])).toMatch(
    /^Merge task-2-.*\nMerge task-1-/,
  );
});
