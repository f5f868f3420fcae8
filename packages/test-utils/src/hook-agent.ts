import { chmod, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "./temp.ts";

/** The agents fixtures/hook-agent.cjs can stand in for: it wires its hooks the way the real CLI of that name does. */
export type HookAgentKind = "claude" | "codex" | "gemini";

export const hookAgentPath: string = fileURLToPath(new URL("../fixtures/hook-agent.cjs", import.meta.url));

/**
 * A fake agent CLI named like the real one (`<temp>/claude`, …), so wo picks that agent's adapter and wires its
 * hooks; it runs those hooks at the moments the real one would (see fixtures/hook-agent.cjs; `FAKE_PLAN`,
 * `FAKE_WORK_MS` and `FAKE_LOG` in the worker's environment steer it). Returns an `--agent-cmd` template and the
 * file its hook runs are logged to.
 */
export async function hookAgent(
  kind: HookAgentKind,
): Promise<{ agentCmd: string; log: string; program: string }> {
  const dir = await tempDir("wo-fake-agent-");
  const program = path.join(dir, kind);
  await writeFile(program, `#!${process.execPath}\nrequire(${JSON.stringify(hookAgentPath)});\n`);
  await chmod(program, 0o755);
  return { agentCmd: `${program} {prompt}`, log: path.join(dir, "hooks.log"), program };
}
