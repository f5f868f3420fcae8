import { execFile } from "node:child_process";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type GitRepo, gitTestEnv, tempDir as makeTempDir, useGitRepo } from "@wo/test-utils";
import { afterEach } from "vitest";

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A temp dir removed after the test. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await makeTempDir(prefix);
  temporary.push(dir);
  return dir;
}

/** The bundle the runner executes (`runs.main` of action.yml). */
export const BUNDLE = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));

/** What one run of the bundle left behind. */
export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Parsed from the GITHUB_OUTPUT file. */
  outputs: Record<string, string>;
  /** The GITHUB_STEP_SUMMARY file. */
  summary: string;
}

/**
 * Parses a GITHUB_OUTPUT file: `name=value` lines and `name<<DELIMITER` … `DELIMITER` blocks (what
 * @actions/core's setOutput writes).
 */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const end = lines.indexOf(delimiter, i + 1);
      if (end === -1) throw new Error(`GITHUB_OUTPUT: ${name} has no closing ${delimiter}`);
      outputs[name] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq === -1) throw new Error(`GITHUB_OUTPUT: unreadable line ${JSON.stringify(line)}`);
    outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

/** Options of {@link runAction}. */
export interface RunOptions {
  /** The checkout the action runs in (the runner's GITHUB_WORKSPACE). */
  cwd: string;
  /** The event payload (written to GITHUB_EVENT_PATH). */
  event?: unknown;
  /** Extra environment, e.g. GITHUB_API_URL. */
  env?: Record<string, string>;
  /** Leave out the fixed test identity (GIT_AUTHOR_* / GIT_COMMITTER_*), as on a runner. */
  noIdentity?: boolean;
  /** PATH for the action (default: this process's). */
  path?: string;
}

/**
 * Runs dist/index.cjs the way the runner does: inputs as `INPUT_<NAME>` variables (hyphens kept, so passed in an
 * env object), outputs and summary in files, the event payload in a file. The environment is built from scratch.
 */
export async function runAction(inputs: Record<string, string>, options: RunOptions): Promise<ActionRun> {
  const dir = await tempDir("wo-action-run-");
  const files = {
    output: path.join(dir, "output"),
    summary: path.join(dir, "summary.md"),
    event: path.join(dir, "event.json"),
    temp: path.join(dir, "runner-temp"),
  };
  await writeFile(files.output, "");
  await writeFile(files.summary, "");
  await writeFile(files.event, JSON.stringify(options.event ?? {}));
  await mkdir(files.temp);
  const identity = Object.fromEntries(
    Object.entries(gitTestEnv).filter(
      ([key]) => !options.noIdentity || !/^GIT_(AUTHOR|COMMITTER)_/.test(key),
    ),
  );
  const env: Record<string, string> = {
    PATH: options.path ?? process.env.PATH ?? "",
    HOME: dir,
    ...identity,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_EVENT_PATH: files.event,
    GITHUB_REPOSITORY: "acme/widgets",
    RUNNER_TEMP: files.temp,
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(process.execPath, [BUNDLE], { cwd: options.cwd, env }, (error, out, err) => {
        const status = (error as { code?: unknown } | null)?.code;
        resolve({ code: typeof status === "number" ? status : error ? -1 : 0, stdout: out, stderr: err });
      });
    },
  );
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(files.output, "utf8")),
    summary: await readFile(files.summary, "utf8"),
  };
}

/** Runs git (argv, no shell) with the test identity and returns trimmed stdout. */
export function git(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("git", [...args], { cwd, env: { ...process.env, ...gitTestEnv } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args.join(" ")} failed in ${cwd}: ${stderr}`, { cause: error }));
      else resolve(stdout.trim());
    });
  });
}

/** Clones `remote` the way actions/checkout does with fetch-depth: 0: all branches as origin/*, one checked out. */
export async function checkout(remote: string, branch = "main"): Promise<string> {
  const dir = await tempDir("wo-action-checkout-");
  await git(["init", "-q", "-b", branch], dir);
  await git(["remote", "add", "origin", remote], dir);
  await git(
    [
      "fetch",
      "-q",
      "--prune",
      "--no-recurse-submodules",
      "origin",
      "+refs/heads/*:refs/remotes/origin/*",
      "+refs/tags/*:refs/tags/*",
    ],
    dir,
  );
  await git(["checkout", "-q", "--force", "-B", branch, `refs/remotes/origin/${branch}`], dir);
  return dir;
}

/** A repository published to a bare remote, as a GitHub repository would be. */
export interface Published {
  /** The author's repository (remote `origin` = the bare one). */
  origin: GitRepo;
  /** Path of the bare remote. */
  remote: string;
}

/** A review document with three work items in two independent areas: two workers. */
export const REVIEW = `# Review

## Auth
- [ ] Add login endpoint in \`src/auth/login.ts\`
- [ ] Add logout endpoint in \`src/auth/logout.ts\`

## UI
- [ ] Fix button colour in \`src/ui/button.tsx\`
`;

/** `useGitRepo` plus a bare remote holding its `main` (with `docs/review.md`). */
export function usePublishedRepo(): (files?: Record<string, string>) => Promise<Published> {
  const repo = useGitRepo();
  return async (files = { "docs/review.md": REVIEW }) => {
    const origin = await repo();
    await origin.commit("Add work items", files);
    const remote = path.join(await tempDir("wo-action-remote-"), "widgets.git");
    await git(["init", "-q", "--bare", "-b", "main", remote], origin.dir);
    await origin.git(["remote", "add", "origin", remote]);
    await origin.git(["push", "-q", "origin", "main"]);
    return { origin, remote };
  };
}

/** One commit a simulated matrix job makes: its message and the files it writes. */
export interface JobCommit {
  message: string;
  files: Record<string, string>;
}

/**
 * What a matrix job of docs/workflows/fan-out.yml does, with scripted commits instead of an agent: check out,
 * create the worker's branch, commit, push the branch.
 */
export async function runMatrixJob(
  remote: string,
  branch: string,
  commits: readonly JobCommit[],
): Promise<void> {
  const dir = await checkout(remote);
  await git(["switch", "-q", "-c", branch], dir);
  for (const commit of commits) {
    for (const [file, content] of Object.entries(commit.files)) {
      await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await writeFile(path.join(dir, file), content);
    }
    await git(["add", "-A"], dir);
    await git(["commit", "-q", "--allow-empty", "-m", commit.message], dir);
  }
  await git(["push", "-q", "origin", `HEAD:refs/heads/${branch}`], dir);
}

/** The repository's example workflow. */
export const FAN_OUT = fileURLToPath(new URL("../../../docs/workflows/fan-out.yml", import.meta.url));

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The lines of a block: those after `start` indented deeper than `indent` (blank lines included), dedented. */
function block(lines: readonly string[], start: number, indent: number): string[] {
  const body: string[] = [];
  for (let i = start + 1; i < lines.length; i += 1) {
    const line = lines[i] as string;
    if (line.trim() !== "" && indentOf(line) <= indent) break;
    body.push(line);
  }
  while (body.length > 0 && (body.at(-1) as string).trim() === "") body.pop();
  const depth = Math.min(...body.filter((l) => l.trim() !== "").map(indentOf));
  return body.map((l) => l.slice(depth));
}

/** Every `run:` script of a workflow, with its line number: block scalars dedented, one-liners as they are. */
export function runScripts(workflow: string): Array<{ line: number; script: string }> {
  const lines = workflow.split("\n");
  const scripts: Array<{ line: number; script: string }> = [];
  lines.forEach((line, i) => {
    const match = /^(\s*)(?:- )?run:\s*(.*)$/.exec(line);
    if (!match) return;
    const rest = (match[2] as string).trim();
    const script = /^[|>][-+]?$/.test(rest) ? block(lines, i, indentOf(line)).join("\n") : rest;
    scripts.push({ line: i + 1, script });
  });
  return scripts;
}

/** The `run:` script of the step named `step` in job `job` of a workflow (two-space indentation, as ours). */
export function stepScript(workflow: string, job: string, step: string): string {
  const lines = workflow.split("\n");
  const jobStart = lines.indexOf(`  ${job}:`);
  if (jobStart === -1) throw new Error(`workflow: no job ${job}`);
  const jobLines = [lines[jobStart] as string, ...block(lines, jobStart, 2).map((l) => `    ${l}`)];
  const stepStart = jobLines.findIndex((l) => l.trim() === `- name: ${step}`);
  if (stepStart === -1) throw new Error(`workflow: job ${job} has no step named ${step}`);
  const stepLines = [
    jobLines[stepStart] as string,
    ...block(jobLines, stepStart, indentOf(jobLines[stepStart] as string)),
  ];
  const run = runScripts(stepLines.join("\n"))[0];
  if (!run) throw new Error(`workflow: step ${step} of ${job} has no run script`);
  return run.script;
}

/** Runs a workflow script as the runner's default shell does (`bash --noprofile --norc -eo pipefail`). */
export function runScript(script: string, cwd: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "bash",
      ["--noprofile", "--norc", "-eo", "pipefail", "-c", script],
      { cwd, env },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`workflow step failed: ${stderr}${stdout}`, { cause: error }));
        else resolve(stdout);
      },
    );
  });
}

/** Options of {@link runWorkflowWorkerJob}. */
export interface WorkerJobOptions {
  /** The plan step's `prompts` directory (the `wo-prompts` artifact the worker job downloads). */
  prompts?: string;
  /** The job token the push job gets (`GH_TOKEN`); a fake string the tests look for. */
  token?: string;
  /**
   * Run the check round's retry job and its retry-push job instead (a `retry` matrix entry's attempt and budget);
   * `prompts` is then the check step's `prompts` directory (the `wo-check-prompts` artifact).
   */
  retry?: { attempt: number; retries: number };
}

/** What a worker job and its push job left behind, for the tests to search. */
export interface WorkerJobRun {
  /** The agent job's checkout. */
  checkout: string;
  /** The agent job's runner directory (RUNNER_TEMP, GITHUB_ENV, GITHUB_PATH). */
  runner: string;
  /** The push job's checkout and runner directory. */
  pushCheckout: string;
  pushRunner: string;
}

/** Reads a runner command file of `NAME=value` lines and `NAME<<DELIMITER` blocks (GITHUB_ENV). */
async function commandFile(file: string): Promise<Record<string, string>> {
  return parseOutputFile(await readFile(file, "utf8"));
}

/**
 * A matrix job of docs/workflows/fan-out.yml and its push job, running the workflow's own scripts with the runner's
 * variables. The worker job: download the prompts, check out, create the worker branch, run `agent` in place of the
 * agent step, commit what it left, bundle the branch. As on a runner, what a step writes to GITHUB_ENV and
 * GITHUB_PATH reaches the later steps of the same job (bash honours BASH_ENV). The push job runs on a "new runner":
 * a fresh checkout and temp dir, the bundle copied over as the artifact, the token in its push step only.
 */
export async function runWorkflowWorkerJob(
  remote: string,
  entry: { name: string; branch: string },
  agent: (checkout: string, env: Record<string, string>) => Promise<void>,
  options: WorkerJobOptions = {},
): Promise<WorkerJobRun> {
  const workflow = await readFile(FAN_OUT, "utf8");
  const dir = await checkout(remote);
  const runner = await tempDir("wo-action-runner-");
  const githubEnv = path.join(runner, "github-env");
  const githubPath = path.join(runner, "github-path");
  await writeFile(githubEnv, "");
  await writeFile(githubPath, "");
  if (options.prompts) await cp(options.prompts, path.join(runner, "wo-prompts"), { recursive: true });
  const base = {
    HOME: runner,
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
    GITHUB_SERVER_URL: "https://github.com",
  };
  const env = async (): Promise<Record<string, string>> => {
    const prepended = (await readFile(githubPath, "utf8")).split("\n").filter((l) => l.trim() !== "");
    return {
      ...base,
      PATH: [...prepended.reverse(), process.env.PATH ?? ""].join(":"),
      GITHUB_ENV: githubEnv,
      GITHUB_PATH: githubPath,
      RUNNER_TEMP: runner,
      WO_BRANCH: entry.branch,
      WO_FEATURE: entry.name,
      ...(options.retry
        ? { WO_ATTEMPT: String(options.retry.attempt), WO_RETRIES: String(options.retry.retries) }
        : {}),
      ...(await commandFile(githubEnv)),
    };
  };
  const job = options.retry ? "retry" : "worker";
  await runScript(stepScript(workflow, job, "Check out the worker branch"), dir, await env());
  if (options.retry) await runScript(stepScript(workflow, job, "Mark the retry"), dir, await env());
  await agent(dir, await env());
  await runScript(stepScript(workflow, job, "Commit what the agent left"), dir, await env());
  await runScript(stepScript(workflow, job, "Bundle the worker branch"), dir, await env());

  const pushCheckout = await checkout(remote);
  const pushRunner = await tempDir("wo-action-push-runner-");
  await cp(path.join(runner, "wo-bundle"), path.join(pushRunner, "wo-bundle"), { recursive: true });
  await runScript(
    stepScript(workflow, options.retry ? "retry-push" : "push", "Push the worker branch"),
    pushCheckout,
    {
      ...base,
      HOME: pushRunner,
      PATH: process.env.PATH ?? "",
      RUNNER_TEMP: pushRunner,
      WO_BRANCH: entry.branch,
      GH_TOKEN: options.token ?? "token-unused-by-a-local-remote",
    },
  );
  return { checkout: dir, runner, pushCheckout, pushRunner };
}
