import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseOutputFile, tempDir } from "./helpers.js";

const ACTION = fileURLToPath(new URL("..", import.meta.url));

/**
 * Where @github/local-action is installed, once per machine: outside the workspace, with npm, because its
 * dependencies require Node 22 engines that the workspace's engine-strict install (Node 20) refuses.
 */
const INSTALL = path.join(os.tmpdir(), "wo-action-local-action-7");

function exec(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { ...options, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ code: typeof code === "number" ? code : error ? -1 : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** Installs the tool (or reuses the install); `null` with the reason when the registry cannot be reached. */
async function installLocalAction(): Promise<string | null> {
  const bin = path.join(INSTALL, "node_modules", ".bin", "local-action");
  if (existsSync(bin)) return null;
  await mkdir(INSTALL, { recursive: true });
  const install = await exec(
    "npm",
    ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", INSTALL, "@github/local-action@^7"],
    { cwd: INSTALL, timeout: 240_000 },
  );
  if (install.code === 0) return null;
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ENETUNREACH|network/i.test(install.output)) {
    return `the npm registry is unreachable: ${install.output.split("\n").find((l) => /ERR|error/.test(l)) ?? ""}`;
  }
  throw new Error(`npm install @github/local-action@^7 failed:\n${install.output}`);
}

describe("@github/local-action", () => {
  it("runs the action's run() from src/main.ts in plan mode", { timeout: 420_000 }, async (context) => {
    const unreachable = await installLocalAction();
    if (unreachable) {
      context.skip(`@github/local-action could not be installed: ${unreachable}`);
      return;
    }
    const runner = await tempDir("wo-action-local-");
    const files = { output: path.join(runner, "output"), summary: path.join(runner, "summary.md") };
    await writeFile(files.output, "");
    await writeFile(files.summary, "");
    const dotenv = path.join(runner, ".env");
    await writeFile(
      dotenv,
      [
        "INPUT_MODE=plan",
        "INPUT_DOCUMENTS=.github/wo-smoke/review.md",
        `RUNNER_TEMP=${runner}`,
        `GITHUB_OUTPUT=${files.output}`,
        `GITHUB_STEP_SUMMARY=${files.summary}`,
        "",
      ].join("\n"),
    );
    const run = await exec(
      path.join(INSTALL, "node_modules", ".bin", "local-action"),
      ["run", ".", "src/main.ts", dotenv],
      {
        cwd: ACTION,
        // The tool runs the TypeScript entry through `npm exec tsx`; let npm fetch tsx without asking.
        env: { ...process.env, npm_config_yes: "true" },
        timeout: 300_000,
      },
    );
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain("Running Action");
    const outputs = parseOutputFile(await readFile(files.output, "utf8"));
    expect(outputs.ok).toBe("true");
    expect(Number(outputs.count)).toBeGreaterThan(0);
    expect(await readFile(files.summary, "utf8")).toContain("## Work Item Manifest");
  });
});
