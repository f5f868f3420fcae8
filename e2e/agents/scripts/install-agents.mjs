#!/usr/bin/env node
// Installs the pinned agent CLIs of the end-to-end suite into e2e/agents/agents/node_modules with `npm ci` (the
// lockfile beside it), unless the installed versions already match. Not part of the workspace's `pnpm install`:
// together the three agents are ~750 MB. Exit 0 when installed, 3 when npm could not install them (the message says
// why), so a caller can tell "cannot install here" from a failing suite.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL("../agents/", import.meta.url));

/** The pinned packages whose installed version differs from the pin (or that are missing). */
export function outdated() {
  const { dependencies } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  return Object.entries(dependencies).filter(([name, pinned]) => {
    try {
      const file = path.join(dir, "node_modules", name, "package.json");
      return JSON.parse(readFileSync(file, "utf8")).version !== pinned;
    } catch {
      return true;
    }
  });
}

/**
 * Claude Code's own install step, the one install script the suite needs: it copies the platform's native binary
 * over the `bin/claude.exe` placeholder (a few hundred bytes). Runs only while the placeholder is there.
 */
function finishClaude() {
  const pkg = path.join(dir, "node_modules", "@anthropic-ai", "claude-code");
  if (statSync(path.join(pkg, "bin", "claude.exe")).size > 100_000) return;
  execFileSync(process.execPath, ["install.cjs"], { cwd: pkg, stdio: "inherit" });
}

function main() {
  const missing = outdated();
  if (missing.length === 0) {
    finishClaude();
    process.stdout.write("agents: the pinned agents are installed\n");
    return 0;
  }
  process.stdout.write(`agents: installing ${missing.map(([n, v]) => `${n}@${v}`).join(", ")} (npm ci)\n`);
  try {
    // No install scripts (node-pty's and keytar's native builds are optional for Gemini CLI), except Claude Code's,
    // run by finishClaude() below.
    execFileSync("npm", ["ci", "--prefix", dir, "--ignore-scripts", "--no-audit", "--no-fund"], {
      stdio: ["ignore", "inherit", "pipe"],
      encoding: "utf8",
    });
  } catch (error) {
    const reason = String(error.stderr ?? error.message)
      .split("\n")
      .find((line) => /ERR!|error/i.test(line));
    process.stdout.write(
      `agents: npm could not install the pinned agents: ${reason?.trim() ?? "npm ci failed"}\n`,
    );
    return 3;
  }
  finishClaude();
  const still = outdated();
  if (still.length > 0) {
    process.stdout.write(
      `agents: npm ci finished but ${still.map(([n]) => n).join(", ")} is not at its pin\n`,
    );
    return 1;
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
