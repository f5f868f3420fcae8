import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = path.join(root, "dist", "index.cjs");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.name.endsWith(".test.ts")) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/index.cjs when it is missing or older than the sources (turbo builds it before the tests; a plain
 * `vitest` in this folder must not test a stale bundle).
 */
export default function setup(): void {
  const sources = Math.max(
    newestSource(path.join(root, "src")),
    statSync(path.join(root, "tsup.config.ts")).mtimeMs,
  );
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sources) return;
  execFileSync("pnpm", ["run", "build"], { cwd: root, stdio: "ignore" });
}
