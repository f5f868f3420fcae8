#!/usr/bin/env node
// Package hygiene for every publishable workspace package: publint (package.json/exports/files) and
// @arethetypeswrong/cli (types resolve for ESM consumers). Run by `pnpm test`; exits non-zero on any problem.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const packages = ["packages", "apps"]
  .flatMap((dir) => readdirSync(path.join(root, dir)).map((name) => path.join(root, dir, name)))
  .filter((dir) => {
    try {
      return !JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).private;
    } catch {
      return false;
    }
  });

let failed = 0;
for (const dir of packages) {
  const { name, bin: hasBin } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  const checks = [["publint", [bin("publint"), ["--strict"]]]];
  // attw checks type resolution of a library's exports; the CLI ships a binary and no types.
  if (!hasBin)
    checks.push([
      "attw",
      [bin("attw"), ["--pack", ".", "--profile", "esm-only", "--format", "table-flipped"]],
    ]);
  for (const [label, [command, args]] of checks) {
    try {
      execFileSync(command, args, { cwd: dir, stdio: "pipe", encoding: "utf8" });
      process.stdout.write(`ok    ${label.padEnd(7)} ${name}\n`);
    } catch (error) {
      failed += 1;
      process.stdout.write(`FAIL  ${label.padEnd(7)} ${name}\n${error.stdout ?? ""}${error.stderr ?? ""}\n`);
    }
  }
}
process.exitCode = failed > 0 ? 1 : 0;
