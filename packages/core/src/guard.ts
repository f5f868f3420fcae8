import { existsSync } from "node:fs";
import { chmod, lstat, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { git, type Repository } from "@wo/worktree";
import { scopeGuard } from "./scope-guard.js";
import { shellQuote } from "./scripts.js";

/**
 * The hooks git runs in a working tree (githooks(5)). The worker's hooks folder has a wrapper for each, so a hook the
 * repository has, or adds later, keeps running in workers.
 */
const CLIENT_HOOKS = [
  "applypatch-msg",
  "pre-applypatch",
  "post-applypatch",
  "pre-commit",
  "pre-merge-commit",
  "prepare-commit-msg",
  "commit-msg",
  "post-commit",
  "pre-rebase",
  "post-checkout",
  "post-merge",
  "pre-push",
  "pre-auto-gc",
  "post-rewrite",
  "sendemail-validate",
  "p4-changelist",
  "p4-prepare-changelist",
  "p4-post-changelist",
  "p4-pre-submit",
] as const;

/**
 * Hooks whose mere presence changes what git does or costs (every ref update, every index write, a push into a
 * checkout): wrapped only when the repository has one.
 */
const WRAPPED_IF_PRESENT = ["reference-transaction", "post-index-change", "push-to-checkout"] as const;

/**
 * The hooks that run the scope guard before the repository's own: `pre-commit` (early, before the user's own
 * checks), `prepare-commit-msg` (git runs it for `commit --no-verify`, `cherry-pick`, `revert`, `merge` — also
 * `merge --no-verify`, which skips `pre-merge-commit` — and rebase picks, and its failure stops the commit; a merge's
 * MERGE_HEAD exists by then), and `post-merge` (a fast-forward makes no commit: the guard undoes it).
 */
const GUARDED = new Set<string>(["pre-commit", "prepare-commit-msg", "post-merge"]);

/** The source of the scope guard script, run as `node scope-guard.cjs <hook> <base> <hook arguments…>`. */
export const SCOPE_GUARD_SOURCE = `(${scopeGuard.toString()})(require);\n`;

/** Options of {@link installScopeGuard}. */
export interface ScopeGuardOptions {
  /** The branch workers start from: merging (part of) it into a worker is allowed whatever it changes. */
  base?: string;
}

/**
 * Installs the scope guard in one worker worktree: a per-worktree `core.hooksPath` (git's worktreeConfig extension)
 * pointing at `dir` (`.git/wo/hooks/<feature>/`, see `WoStatePaths.hooks`), holding a wrapper for every hook type:
 * the guarded ones run the guard first, and each then runs the repository's own hook of that name, if it has one,
 * from where it keeps them (its own `core.hooksPath`, local or global, else `.git/hooks`). Idempotent.
 */
export async function installScopeGuard(
  repo: Repository,
  worktree: string,
  feature: string,
  dir: string,
  options: ScopeGuardOptions = {},
): Promise<string> {
  const own = await ownHooksDir(repo, worktree, dir);
  await mkdir(dir, { recursive: true });
  const guardFile = path.join(dir, "scope-guard.cjs");
  await writeIfChanged(guardFile, SCOPE_GUARD_SOURCE, 0o644);
  const present = existsSync(own) ? await readdir(own) : [];
  const names = [...CLIENT_HOOKS, ...WRAPPED_IF_PRESENT.filter((name) => present.includes(name))];
  for (const name of names) {
    await writeIfChanged(
      path.join(dir, name),
      hookWrapper(name, { feature, own, guardFile, ...options }),
      0o755,
    );
  }
  for (const name of WRAPPED_IF_PRESENT) {
    if (!names.includes(name)) await rm(path.join(dir, name), { force: true });
  }
  await git(["config", "extensions.worktreeConfig", "true"], { cwd: repo.root });
  await git(["config", "--worktree", "core.hooksPath", dir], { cwd: worktree });
  return dir;
}

/** The shell wrapper of one hook: the guard (for guarded hooks), then the repository's own hook of that name. */
function hookWrapper(
  name: string,
  options: { feature: string; own: string; guardFile: string; base?: string },
): string {
  const ownHook = shellQuote(path.join(options.own, name));
  const guard = GUARDED.has(name)
    ? `${shellQuote(process.execPath)} ${shellQuote(options.guardFile)} ${name} ${shellQuote(options.base ?? "")} "$@" || exit 1\n`
    : "";
  return `#!/bin/sh
# wo: ${GUARDED.has(name) ? `the scope guard of ${options.feature}, then ` : ""}the repository's own ${name} hook, if any.
${guard}if [ -x ${ownHook} ]; then exec ${ownHook} "$@"; fi
exit 0
`;
}

/**
 * Where the repository keeps its own hooks for `worktree`: the last `core.hooksPath` of any scope but the
 * worktree's (that one is the guard's), relative to the worktree as git reads it; else `<common dir>/hooks`.
 */
async function ownHooksDir(repo: Repository, worktree: string, guardDir: string): Promise<string> {
  const configured = await git(["config", "--show-scope", "--type=path", "--get-all", "core.hooksPath"], {
    cwd: worktree,
    allowFailure: true,
  });
  const values = configured.stdout
    .split("\n")
    .map((line) => line.split("\t"))
    .filter(([scope, value]) => scope !== "worktree" && value !== undefined && value !== "")
    .map(([, value]) => path.resolve(worktree, value!));
  const chosen = values.at(-1);
  return chosen === undefined || path.resolve(chosen) === path.resolve(guardDir)
    ? path.join(repo.commonDir, "hooks")
    : chosen;
}

/** Writes `content` unless the file already holds it; never through a link (one is replaced). */
async function writeIfChanged(file: string, content: string, mode: number): Promise<void> {
  const stat = await lstat(file).catch(() => null);
  if (stat?.isSymbolicLink()) await rm(file);
  const current = stat?.isFile() ? await readFile(file, "utf8") : null;
  if (current !== content) await writeFile(file, content);
  await chmod(file, mode);
}
