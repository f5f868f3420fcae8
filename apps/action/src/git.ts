import { execFile } from "node:child_process";
import { ActionError } from "./errors.js";

/** What one git call returned. */
export interface GitCall {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/**
 * Runs git with an argv array (never a shell), without prompts. Resolves with the exit code; the caller decides
 * what a failure means. Rejects only when git cannot start.
 */
export function runGit(args: readonly string[], cwd: string): Promise<GitCall> {
  return new Promise((resolve, reject) => {
    execFile(
      "git",
      [...args],
      {
        cwd,
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (error && typeof code !== "number") {
          reject(
            new ActionError("E_GIT", `Cannot run git ${args[0] ?? ""}: ${error.message}`, {
              hint: "Install git 2.38 or newer on the runner",
              cause: error,
            }),
          );
          return;
        }
        resolve({ stdout, stderr: stderr.trim(), exitCode: typeof code === "number" ? code : 0 });
      },
    );
  });
}

/** Runs git and throws {@link ActionError} `E_GIT` naming the command and git's own words when it fails. */
export async function git(args: readonly string[], cwd: string, hint?: string): Promise<string> {
  const result = await runGit(args, cwd);
  if (result.exitCode !== 0) {
    const said =
      result.stderr.split("\n").find((line) => line.trim() !== "") ?? `exit code ${result.exitCode}`;
    throw new ActionError("E_GIT", `git ${args[0] ?? ""} failed: ${said.replace(/^(fatal|error): /, "")}`, {
      ...(hint ? { hint } : {}),
      cause: result,
    });
  }
  return result.stdout;
}

/** Options of {@link fetchBranches}. */
export interface FetchOptions {
  remote: string;
  /** Branch-name prefixes to fetch, each as `+refs/heads/<prefix>*:refs/heads/<prefix>*` (e.g. `work/`). */
  prefixes: string[];
}

/** What {@link fetchBranches} did. */
export interface FetchResult {
  /** `false` when the repository has no such remote (its local branches are used as they are). */
  fetched: boolean;
  /** The branch checked out here, left out of the fetch because git refuses to move it under the checkout. */
  excluded: string | null;
}

/**
 * Makes the remote's branches under `prefixes` local branches of the same names (what wo reads), overwriting stale
 * local copies: a CI checkout has them only as `refs/remotes/origin/…`. The branch checked out here is left out with
 * a negative refspec. A shallow clone is refused: wo needs the history back to where the workers branched off.
 */
export async function fetchBranches(cwd: string, options: FetchOptions): Promise<FetchResult> {
  const remote = await runGit(["remote", "get-url", "--", options.remote], cwd);
  if (remote.exitCode !== 0) return { fetched: false, excluded: null };
  if ((await git(["rev-parse", "--is-shallow-repository"], cwd)).trim() === "true") {
    throw new ActionError(
      "E_GIT",
      "The repository is a shallow clone: wo needs the full history of the worker branches and their base",
      { hint: "Check out with actions/checkout and fetch-depth: 0" },
    );
  }
  const head = await runGit(["symbolic-ref", "--quiet", "HEAD"], cwd);
  const current = head.exitCode === 0 ? head.stdout.trim() : null;
  const refspecs = options.prefixes.map((prefix) => `+refs/heads/${prefix}*:refs/heads/${prefix}*`);
  const excluded =
    current && options.prefixes.some((prefix) => current.startsWith(`refs/heads/${prefix}`)) ? current : null;
  if (excluded) refspecs.push(`^${excluded}`);
  await git(
    ["fetch", "--no-tags", "--quiet", options.remote, ...refspecs],
    cwd,
    "Check that the workflow has contents: read and that the remote is reachable",
  );
  return { fetched: true, excluded: excluded?.replace(/^refs\/heads\//, "") ?? null };
}

/** Pushes local `branch` to the same name on `remote` (fast-forward only: never forced). */
export async function pushBranch(cwd: string, remote: string, branch: string): Promise<void> {
  await git(
    ["push", "--quiet", remote, `refs/heads/${branch}:refs/heads/${branch}`],
    cwd,
    `Give the job contents: write and keep actions/checkout's persist-credentials; if ${branch} moved on the remote meanwhile, run the integration again`,
  );
}

/** The identity GitHub's own bot commits with; used for merge commits when the runner has no git identity. */
export const BOT_IDENTITY = {
  name: "github-actions[bot]",
  email: "41898282+github-actions[bot]@users.noreply.github.com",
} as const;

/**
 * Makes sure git can commit (merge commits, merge simulations): for each of `GIT_AUTHOR_*`/`GIT_COMMITTER_*` that
 * neither the environment nor git config (`user.name`, `user.email`) provides, returns {@link BOT_IDENTITY}'s value
 * for the caller to set. A runner has no identity configured; a user's own identity always wins.
 */
export async function missingIdentityEnv(
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  const configured = async (key: string) =>
    (await runGit(["config", "--get", key], cwd)).stdout.trim() !== "";
  const [name, email] = await Promise.all([configured("user.name"), configured("user.email")]);
  const extra: Record<string, string> = {};
  for (const role of ["AUTHOR", "COMMITTER"]) {
    if (!name && !env[`GIT_${role}_NAME`]) extra[`GIT_${role}_NAME`] = BOT_IDENTITY.name;
    if (!email && !env[`GIT_${role}_EMAIL`]) extra[`GIT_${role}_EMAIL`] = BOT_IDENTITY.email;
  }
  return extra;
}
