import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterEach } from "vitest";
import { tempDir } from "./temp.ts";

/**
 * Environment that makes git deterministic in tests: no user or system config, a fixed identity, no signing,
 * no pager, no prompts.
 */
export const gitTestEnv: Record<string, string> = {
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "wo test",
  GIT_AUTHOR_EMAIL: "test@wo.invalid",
  GIT_COMMITTER_NAME: "wo test",
  GIT_COMMITTER_EMAIL: "test@wo.invalid",
  GIT_TERMINAL_PROMPT: "0",
  GIT_PAGER: "cat",
};

// Tests and the code under test both inherit these: the code runs git with process.env.
Object.assign(process.env, gitTestEnv);

export interface GitRepo {
  /** Absolute path of the repository's working tree. */
  readonly dir: string;
  /** Runs git in the repository (argv, no shell) and returns trimmed stdout. */
  git(args: readonly string[], options?: { cwd?: string }): Promise<string>;
  /** Writes files (relative paths → content), stages them and commits; returns the new commit id. */
  commit(message: string, files?: Record<string, string>, options?: { cwd?: string }): Promise<string>;
  /** Writes files without committing. */
  write(files: Record<string, string>, options?: { cwd?: string }): Promise<void>;
  cleanup(): Promise<void>;
}

/** Creates a git repository in a temp dir: branch `main`, one initial commit (README.md). */
export async function createGitRepo(options: { branch?: string } = {}): Promise<GitRepo> {
  const dir = await tempDir("wo-repo-");
  const branch = options.branch ?? "main";
  const git = async (args: readonly string[], opts: { cwd?: string } = {}) => {
    const result = await execa("git", args, { cwd: opts.cwd ?? dir, env: gitTestEnv });
    return result.stdout.trim();
  };
  const write = async (files: Record<string, string>, opts: { cwd?: string } = {}) => {
    for (const [file, content] of Object.entries(files)) {
      const full = path.join(opts.cwd ?? dir, file);
      await mkdir(path.dirname(full), { recursive: true });
      await writeFile(full, content);
    }
  };
  const commit = async (message: string, files: Record<string, string> = {}, opts: { cwd?: string } = {}) => {
    await write(files, opts);
    const names = Object.keys(files);
    if (names.length > 0) await git(["add", "--", ...names], opts);
    await git(["commit", "--allow-empty", "--no-verify", "-q", "-m", message], opts);
    return git(["rev-parse", "HEAD"], opts);
  };
  await git(["init", "-q", "-b", branch]);
  await git(["config", "commit.gpgsign", "false"]);
  await commit("initial commit", { "README.md": "# test repository\n" });
  return { dir, git, commit, write, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A git repository per test, removed after the test. Call inside `describe`/at module level. */
export function useGitRepo(options: { branch?: string } = {}): () => Promise<GitRepo> {
  const created: GitRepo[] = [];
  afterEach(async () => {
    await Promise.all(created.splice(0).map((repo) => repo.cleanup()));
  });
  return async () => {
    const repo = await createGitRepo(options);
    created.push(repo);
    return repo;
  };
}
