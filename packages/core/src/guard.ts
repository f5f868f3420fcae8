import { existsSync } from "node:fs";
import { chmod, mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { git, type Repository } from "@wo/worktree";
import { shellQuote } from "./scripts.js";

/**
 * The scope check a worker's pre-commit hook runs (as `node scope-guard.cjs` in the worktree): staged paths must lie
 * in the worktree's `.worktree.json` scope. A scope entry ending in `/` is a directory; anything else one file; an
 * empty scope allows everything. Self-contained: it is written to a file with `Function.prototype.toString`.
 */
function scopeGuard(load: (id: string) => unknown): void {
  const fs = load("node:fs") as typeof import("node:fs");
  const cp = load("node:child_process") as typeof import("node:child_process");
  let meta: { feature?: string; scope?: unknown };
  try {
    meta = JSON.parse(fs.readFileSync(".worktree.json", "utf8"));
  } catch {
    process.exit(0);
  }
  const scope = Array.isArray(meta.scope) ? meta.scope.filter((s): s is string => typeof s === "string") : [];
  if (scope.length === 0) process.exit(0);
  const staged = cp
    .execFileSync("git", ["diff", "--cached", "--name-only", "--no-renames", "-z"], { encoding: "utf8" })
    .split("\0")
    .filter((file) => file !== "");
  const inScope = (file: string) =>
    scope.some((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry));
  const outside = staged.filter((file) => !inScope(file));
  if (outside.length === 0) process.exit(0);
  console.error(
    `wo scope guard: ${outside.length} staged path(s) outside the scope of ${meta.feature ?? "this worker"} (${scope.join(", ")}):`,
  );
  for (const file of outside) console.error(`  ${JSON.stringify(file)}`);
  console.error("Unstage them (git restore --staged <path>), or ask the orchestrator to change the scope.");
  process.exit(1);
}

/** The source of the scope guard script. */
export const SCOPE_GUARD_SOURCE = `(${scopeGuard.toString()})(require);\n`;

/** Where the repository's own hooks live for a worktree (core.hooksPath, else `<common dir>/hooks`). */
async function originalHooksDir(repo: Repository, worktree: string): Promise<string> {
  const configured = await git(["config", "--get", "core.hooksPath"], { cwd: worktree, allowFailure: true });
  const value = configured.exitCode === 0 ? configured.stdout.trim() : "";
  return value === "" ? path.join(repo.commonDir, "hooks") : path.resolve(worktree, value);
}

/**
 * Installs the scope guard in one worker worktree: a per-worktree `core.hooksPath` (git's worktreeConfig extension)
 * pointing at `dir` (`.git/wo/hooks/<feature>/`, see `WoStatePaths.hooks`), whose `pre-commit` runs the guard and then the repository's own
 * `pre-commit`; the repository's other hooks keep running through small wrappers. Idempotent.
 */
export async function installScopeGuard(
  repo: Repository,
  worktree: string,
  feature: string,
  dir: string,
): Promise<string> {
  const original = await originalHooksDir(repo, worktree);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "scope-guard.cjs"), SCOPE_GUARD_SOURCE);
  const node = process.execPath;
  const hooks = new Map<string, string>();
  if (existsSync(original) && path.resolve(original) !== path.resolve(dir)) {
    for (const name of await readdir(original)) {
      const file = path.join(original, name);
      if (name.endsWith(".sample") || !(await stat(file)).isFile()) continue;
      hooks.set(
        name,
        `#!/bin/sh\n# wo: runs the repository's own ${name} hook\nexec ${shellQuote(file)} "$@"\n`,
      );
    }
  }
  const chained = path.join(original, "pre-commit");
  hooks.set(
    "pre-commit",
    `#!/bin/sh
# wo scope guard for ${feature}: rejects staged paths outside the worker's scope (.worktree.json "scope").
${shellQuote(node)} ${shellQuote(path.join(dir, "scope-guard.cjs"))} || exit 1
if [ -x ${shellQuote(chained)} ]; then exec ${shellQuote(chained)} "$@"; fi
`,
  );
  for (const [name, content] of hooks) {
    const file = path.join(dir, name);
    const current = existsSync(file) ? await readFile(file, "utf8") : null;
    if (current !== content) await writeFile(file, content);
    await chmod(file, 0o755);
  }
  await git(["config", "extensions.worktreeConfig", "true"], { cwd: repo.root });
  await git(["config", "--worktree", "core.hooksPath", dir], { cwd: worktree });
  return dir;
}
