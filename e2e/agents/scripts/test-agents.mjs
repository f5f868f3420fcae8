#!/usr/bin/env node
// `pnpm test:agents [claude|codex|gemini …] [vitest options]`: installs the pinned agents if needed, builds wo, and
// runs the real-agent suite (all three agents, or the ones named). When npm cannot install the agents (no registry),
// it says so in one line and exits 0; any other failure fails.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const agentsDir = fileURLToPath(new URL("../", import.meta.url));
const run = (command, args, cwd = root) => spawnSync(command, args, { cwd, stdio: "inherit" }).status ?? 1;

const install = run(process.execPath, [fileURLToPath(new URL("install-agents.mjs", import.meta.url))]);
if (install === 3) {
  process.stdout.write(
    "test:agents: SKIPPED — npm could not install the pinned agent CLIs (see the line above)\n",
  );
  process.exit(0);
}
if (install !== 0) process.exit(install);
const build = run("pnpm", [
  "exec",
  "turbo",
  "run",
  "build",
  "--filter=@wo/cli...",
  "--output-logs=errors-only",
]);
if (build !== 0) process.exit(build);
const args = process.argv.slice(2);
const AGENTS = ["claude", "codex", "gemini"];
const named = args.filter((a) => AGENTS.includes(a));
const files = (named.length > 0 ? named : AGENTS).map((a) => `test/${a}.test.ts`);
const rest = args.filter((a) => !AGENTS.includes(a));
process.exit(run("pnpm", ["exec", "vitest", "run", ...files, ...rest], agentsDir));
