import { readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { WorktreeError } from "./errors.js";
import { git } from "./git.js";

/** Where a repository lives. */
export interface Repository {
  /** Working tree of the main worktree (where `worktrees/` lives), even when opened from inside a linked worktree. */
  readonly root: string;
  /** The git common directory (`.git` of the main worktree), shared by all linked worktrees. */
  readonly commonDir: string;
  /** The working tree the repository was opened from (a linked worktree when run inside a worker). */
  readonly cwdTree: string;
}

/**
 * Finds the repository containing `cwd`. The usual layouts (a working tree with a `.git` directory, a linked worktree
 * with a `.git` file) are read from the files git reads, without starting git; anything else is asked of git (one
 * call), which also words the errors. Throws `E_NOT_A_REPO` (with a hint) outside a git repository, or for a bare
 * repository, which has no working tree for workers to branch from.
 */
export async function openRepository(cwd: string): Promise<Repository> {
  return discoverRepository(cwd, process.env) ?? askGit(cwd);
}

/**
 * Environment variables that change how git finds a repository (or which one it trusts): with any of them set, git
 * itself decides.
 */
const DISCOVERY_ENV = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_COMMON_DIR",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_CONFIG_PARAMETERS",
  "GIT_CONFIG_COUNT",
];

/**
 * The repository containing `cwd`, found the way git finds it (walking up to the first `.git`), or `null` when git
 * must decide: an unusual layout (core.worktree, a bare or submodule-style configuration, a `.git` that is neither a
 * plain directory nor a `gitdir:` file), a walk that would cross a filesystem, a directory owned by another user
 * (git's safe.directory check), an environment that redirects git, or no repository at all (git words that error).
 * Paths are real paths, as git prints them. Exported for tests, which compare it with git's own answer.
 */
export function discoverRepository(cwd: string, env: NodeJS.ProcessEnv): Repository | null {
  if (DISCOVERY_ENV.some((name) => env[name] !== undefined)) return null;
  try {
    let dir = realpathSync(cwd);
    const device = statSync(dir).dev;
    for (;;) {
      const found = gitDirAt(dir);
      if (found === "unsure") return null;
      if (found !== null) {
        const commonDir = realpathSync(commonDirOf(found));
        if (!plainConfiguration(commonDir, found) || statSync(dir).uid !== process.getuid?.()) return null;
        const root = path.basename(commonDir) === ".git" ? path.dirname(commonDir) : dir;
        return { root, commonDir, cwdTree: dir };
      }
      // Inside a git directory (or a bare repository): git says what is wrong.
      if (isGitDirectory(dir)) return null;
      const parent = path.dirname(dir);
      if (parent === dir || statSync(parent).dev !== device) return null;
      dir = parent;
    }
  } catch {
    return null;
  }
}

/** The git directory `dir/.git` names: itself when a directory, its `gitdir:` target when a file. */
function gitDirAt(dir: string): string | null | "unsure" {
  const dotGit = path.join(dir, ".git");
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(dotGit);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? null : "unsure";
  }
  let gitDir: string;
  if (stats.isDirectory()) gitDir = dotGit;
  else if (stats.isFile()) {
    const match = /^gitdir: (.+?)\r?\n?$/.exec(readFileSync(dotGit, "utf8"));
    if (!match?.[1]) return "unsure";
    gitDir = path.resolve(dir, match[1]);
  } else return "unsure";
  return isGitDirectory(gitDir) ? realpathSync(gitDir) : "unsure";
}

/** A git directory: a HEAD file, and objects and refs (in it, or in the common dir a linked worktree's names). */
function isGitDirectory(dir: string): boolean {
  try {
    if (!statSync(path.join(dir, "HEAD")).isFile()) return false;
    const common = commonDirOf(dir);
    return (
      statSync(path.join(common, "objects")).isDirectory() &&
      statSync(path.join(common, "refs")).isDirectory()
    );
  } catch {
    return false;
  }
}

/** A linked worktree's git directory names the shared one in its `commondir` file. */
function commonDirOf(gitDir: string): string {
  try {
    return path.resolve(gitDir, readFileSync(path.join(gitDir, "commondir"), "utf8").trim());
  } catch {
    return gitDir;
  }
}

/**
 * No configuration that moves the working tree or makes the repository bare, and no included or per-worktree
 * configuration (which could): these are the cases where the `.git`'s parent is the working tree.
 */
function plainConfiguration(commonDir: string, gitDir: string): boolean {
  const config = readFileSync(path.join(commonDir, "config"), "utf8");
  if (/^\s*(\[include|worktree\s*=|bare\s*=\s*(true|yes|on|1)\s*$)|worktreeconfig/im.test(config))
    return false;
  try {
    statSync(path.join(gitDir, "config.worktree"));
    return false;
  } catch {
    return true;
  }
}

async function askGit(cwd: string): Promise<Repository> {
  const result = await git(["rev-parse", "--path-format=absolute", "--git-common-dir", "--show-toplevel"], {
    cwd,
    allowFailure: true,
  });
  if (result.exitCode !== 0) {
    const reason = /not a git repository/i.test(result.stderr)
      ? "it is not inside a git repository"
      : result.stderr.split("\n")[0] || "git could not read it";
    throw new WorktreeError("E_NOT_A_REPO", `Cannot use ${cwd}: ${reason}`, {
      hint: "Run wo inside a git repository (or pass -C <repo>); create one with `git init`",
      stderr: result.stderr,
      argv: ["git", "rev-parse"],
    });
  }
  const [commonDir = "", toplevel = ""] = result.stdout.split("\n");
  if (toplevel === "") {
    throw new WorktreeError(
      "E_NOT_A_REPO",
      `Cannot use ${cwd}: it is inside a git directory, not a working tree`,
      {
        hint: "Run wo from the repository's working tree, not from its .git directory or a bare repository",
      },
    );
  }
  // A linked worktree's common dir is the main worktree's `.git`; its parent is the main working tree.
  const root = path.basename(commonDir) === ".git" ? path.dirname(commonDir) : toplevel;
  return { root, commonDir, cwdTree: toplevel };
}
