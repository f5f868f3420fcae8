import path from "node:path";
import { parseWorktreeList, type WorktreeInfo } from "@wo/worktree";
import { execa } from "execa";
import { IntegrateError } from "./errors.js";

/** One finished git process. */
export interface GitOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Options of {@link GitRunner.run}. */
export interface RunOptions {
  /** Run in this working tree instead of the repository directory. */
  cwd?: string;
  /** Text for git's stdin. */
  input?: string;
  /** Non-zero exit codes that are answers, not failures. */
  okExitCodes?: readonly number[];
  /** Resolve on any exit code (the caller inspects `exitCode`). */
  allowFailure?: boolean;
  /** Extra environment. */
  env?: Record<string, string>;
  /**
   * Run git in its own process group, and let it outlive wo: a Ctrl-C or a kill of wo's process group cannot stop
   * it halfway. Only for a short last step whose completion the journal can tell.
   */
  detached?: boolean;
  /** Called with git's process id as soon as it started. */
  onSpawn?: (pid: number) => void;
}

/** Runs git in one repository and counts the processes it starts. */
export interface GitRunner {
  /** The directory git runs in unless `cwd` says otherwise. */
  readonly dir: string;
  /** Runs `git <args>`; rejects with an {@link IntegrateError} unless the exit code is 0 or in `okExitCodes`. */
  run(args: readonly string[], options?: RunOptions): Promise<GitOutput>;
  /** How many git processes have been started so far. */
  readonly calls: number;
}

const MAX_BUFFER = 256 * 1024 * 1024;
const NOT_A_REPO = /not a git repository|cannot change to/i;

/**
 * A git runner for `dir`: argv only (never a shell), `-C <dir>` so git checks the directory itself, C locale,
 * no prompts, no editor, `core.quotepath=off`, and `GIT_DIR`/`GIT_WORK_TREE`/`GIT_INDEX_FILE` removed so an
 * inherited environment (e.g. inside a git hook) cannot redirect it.
 */
export function createGitRunner(dir: string): GitRunner {
  let calls = 0;
  return {
    dir,
    get calls() {
      return calls;
    },
    async run(args, options = {}) {
      const cwd = options.cwd ?? dir;
      const argv = ["-C", cwd, "-c", "core.quotepath=off", ...args];
      calls += 1;
      const subprocess = execa("git", argv, {
        env: {
          GIT_TERMINAL_PROMPT: "0",
          GIT_MERGE_AUTOEDIT: "no",
          GIT_EDITOR: "true",
          LC_ALL: "C",
          GIT_DIR: undefined,
          GIT_WORK_TREE: undefined,
          GIT_INDEX_FILE: undefined,
          ...options.env,
        },
        extendEnv: true,
        input: options.input ?? "",
        stripFinalNewline: false,
        maxBuffer: MAX_BUFFER,
        reject: false,
        detached: options.detached ?? false,
      });
      if (subprocess.pid !== undefined) options.onSpawn?.(subprocess.pid);
      const result = await subprocess;
      const output: GitOutput = {
        stdout: String(result.stdout ?? ""),
        stderr: String(result.stderr ?? "").trim(),
        exitCode: result.exitCode ?? -1,
      };
      const fullArgv = ["git", ...argv];
      if (result.exitCode === undefined && result.code === "ENOENT") {
        throw new IntegrateError(
          "E_GIT_NOT_INSTALLED",
          "Cannot run git: it is not installed or not on PATH",
          {
            hint: "Install git 2.38 or newer and run again",
            argv: fullArgv,
            cause: result,
          },
        );
      }
      if (output.exitCode === 0 || options.okExitCodes?.includes(output.exitCode)) return output;
      if (options.allowFailure && output.exitCode > 0) return output;
      const details = { argv: fullArgv, stderr: output.stderr, exitCode: output.exitCode, cause: result };
      if (NOT_A_REPO.test(output.stderr)) {
        throw new IntegrateError(
          "E_NOT_A_REPO",
          `Cannot use ${cwd}: expected a git repository or one of its worktrees, git said: ${firstLine(output.stderr)}`,
          { ...details, hint: "Pass the path of a git repository (create one with `git init`)", path: cwd },
        );
      }
      throw new IntegrateError(
        "E_GIT",
        `git ${args[0] ?? ""} failed in ${cwd} (exit ${output.exitCode}): ${firstLine(output.stderr) || "no message"}`,
        { ...details, hint: "Run the command shown in `argv` by hand to see git's full output" },
      );
    },
  };
}

/** The first non-empty line of `text` without git's `fatal: `/`error: ` prefix. */
export function firstLine(text: string): string {
  const line = text.split("\n").find((candidate) => candidate.trim() !== "") ?? "";
  return line.replace(/^(fatal|error|warning): /, "").trim();
}

/** Where a repository keeps its data. */
export interface RepositoryDirs {
  /** The git common directory (`.git` of the main worktree), absolute. */
  commonDir: string;
  /** The working tree `repoDir` belongs to (`null` inside a bare repository). */
  toplevel: string | null;
}

/** Finds the common git directory of the repository containing the runner's directory, in one call. */
export async function readRepositoryDirs(git: GitRunner): Promise<RepositoryDirs> {
  const result = await git.run(
    ["rev-parse", "--path-format=absolute", "--git-common-dir", "--show-toplevel"],
    {
      okExitCodes: [128],
    },
  );
  if (result.exitCode !== 0 && !/this operation must be run in a work tree/i.test(result.stderr)) {
    throw new IntegrateError(
      "E_NOT_A_REPO",
      `Cannot use ${git.dir}: expected a git repository or one of its worktrees, git said: ${firstLine(result.stderr) || "nothing"}`,
      {
        hint: "Pass the path of a git repository (create one with `git init`)",
        stderr: result.stderr,
        path: git.dir,
      },
    );
  }
  const [commonDir = "", toplevel = ""] = result.stdout.split("\n");
  return { commonDir, toplevel: toplevel === "" ? null : toplevel };
}

/** The root of the main working tree (the common dir itself for a bare repository): where relative paths start. */
export async function readRepositoryRoot(git: GitRunner): Promise<string> {
  return repositoryRootOf(await readRepositoryDirs(git));
}

/** {@link readRepositoryRoot} from directories already read. Pure. */
export function repositoryRootOf(dirs: RepositoryDirs): string {
  return path.basename(dirs.commonDir) === ".git"
    ? path.dirname(dirs.commonDir)
    : (dirs.toplevel ?? dirs.commonDir);
}

/**
 * Resolves many object names in one `git cat-file --batch-check` call: unlike `rev-parse`, it reports every unknown
 * name instead of stopping at the first. Each spec is a full name including any peel (`main^{commit}`,
 * `abc123^{tree}`); the answer is its object id or `null`. Specs must not contain line breaks (callers validate).
 */
export async function resolveNames(git: GitRunner, specs: readonly string[]): Promise<(string | null)[]> {
  if (specs.length === 0) return [];
  const result = await git.run(["cat-file", "--batch-check=%(objectname)"], {
    input: `${specs.join("\n")}\n`,
  });
  const lines = result.stdout.split("\n");
  return specs.map((_, index) => {
    const line = lines[index] ?? "";
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(line) ? line : null;
  });
}

/** Every worktree of the repository (main first), in one call. */
export async function readWorktrees(git: GitRunner): Promise<WorktreeInfo[]> {
  const result = await git.run(["worktree", "list", "--porcelain", "-z"]);
  return parseWorktreeList(result.stdout);
}

/**
 * Paths with uncommitted changes in a working tree, from `git status --porcelain -z`; `[]` when clean. Tracked
 * changes (staged or not) always count; untracked, non-ignored files only with `untracked: true`.
 */
export async function readChangedPaths(
  git: GitRunner,
  cwd: string,
  options: { untracked: boolean },
): Promise<string[]> {
  const untracked = options.untracked ? "--untracked-files=normal" : "--untracked-files=no";
  const result = await git.run(["status", "--porcelain=v1", "-z", untracked], { cwd });
  return parseStatusPaths(result.stdout);
}

/** Parses `git status --porcelain=v1 -z`: `XY path\0`, renames followed by their source path. Pure. */
export function parseStatusPaths(output: string): string[] {
  const tokens = output.split("\0");
  const paths: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    if (token.length < 4) continue;
    paths.push(token.slice(3));
    // A rename or copy is followed by the path it came from.
    if (token[0] === "R" || token[0] === "C") index += 1;
  }
  return paths;
}

/** The outcome of one simulated merge. */
export interface MergeTreeResult {
  clean: boolean;
  /** The merged tree (with conflict markers when not clean). */
  tree: string;
  /** Conflicted paths, sorted and unique; `[]` when clean. */
  files: string[];
}

/** Parses `git merge-tree --write-tree --name-only --no-messages -z` output. Pure. */
export function parseMergeTree(output: string, exitCode: number): MergeTreeResult {
  const [tree = "", ...paths] = output.split("\0");
  const files = [...new Set(paths.filter((file) => file !== ""))].sort();
  return { clean: exitCode === 0, tree, files };
}

/** Simulates merging `theirs` into `ours` without touching any working tree or ref (both must be resolved shas). */
export async function simulateMerge(git: GitRunner, ours: string, theirs: string): Promise<MergeTreeResult> {
  const result = await git.run(
    ["merge-tree", "--write-tree", "--name-only", "--no-messages", "-z", ours, theirs],
    {
      okExitCodes: [1],
    },
  );
  const parsed = parseMergeTree(result.stdout, result.exitCode);
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(parsed.tree)) {
    throw new IntegrateError(
      "E_GIT",
      `git merge-tree gave no tree for ${ours} and ${theirs} (exit ${result.exitCode}): ${firstLine(result.stderr) || "no message"}`,
      {
        hint: "Check that both commits exist (git cat-file -t <sha>)",
        stderr: result.stderr,
        exitCode: result.exitCode,
      },
    );
  }
  return parsed;
}

/** Whether `ancestor` is reachable from `descendant` (`git merge-base --is-ancestor`). */
export async function isAncestor(git: GitRunner, ancestor: string, descendant: string): Promise<boolean> {
  const result = await git.run(["merge-base", "--is-ancestor", ancestor, descendant], { okExitCodes: [1] });
  return result.exitCode === 0;
}

/** The commit HEAD points at in a working tree. */
export async function readHead(git: GitRunner, cwd: string): Promise<string> {
  return (await git.run(["rev-parse", "HEAD"], { cwd })).stdout.trim();
}

/** Whether a merge is in progress in a working tree (`MERGE_HEAD` exists). */
export async function hasMergeHead(git: GitRunner, cwd: string): Promise<boolean> {
  const result = await git.run(["rev-parse", "-q", "--verify", "MERGE_HEAD"], { cwd, okExitCodes: [1] });
  return result.exitCode === 0;
}
