import { existsSync, realpathSync } from "node:fs";
import { chmod, cp, lstat, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { git, readWorktreeMeta, runInWorktree, validateFeatureName, type WorktreeMeta } from "@wo/worktree";
import { type AgentChoice, type AgentSpec, agentArgv, findExecutable, resolveAgent } from "./agents/index.js";
import { launchArgvWithoutPrompt } from "./agents/launch.js";
import { baseBranch } from "./base-branch.js";
import { WoError } from "./errors.js";
import { installScopeGuard } from "./guard.js";
import { checkPlanPaths, type Plan, type PlanWorker } from "./plan.js";
import { kickoffPrompt, type PromptWorker, workerPrompt } from "./prompts.js";
import { branchTip, type RetiredBranch, readRetired } from "./retired.js";
import { launchFiles, launchScript, shellWord } from "./scripts.js";
import { spawnWorker } from "./spawn.js";
import { decodeWorkerMeta, writeWorkerMeta } from "./worker-meta.js";
import { workerStatuses } from "./worker-status.js";
import type { Workspace } from "./workspace.js";
import { addWorkerWorktree, listWorkerWorktrees } from "./worktrees.js";

/** Options of `Orchestrator.setup`. */
export interface SetupOptions extends AgentChoice {
  /** Start every idle worker in tmux after setting it up. */
  spawn?: boolean;
  /** Install the scope guard (a pre-commit hook rejecting staged paths outside the worker's scope). */
  guard?: boolean;
  /** Branch or commit the workers start from. Default: configured base branch, else the main worktree's branch. */
  base?: string;
}

/** What setup did for one worker. `created`: new worktree; `updated`: something changed; `failed`: see `error`. */
export type SetupState = "created" | "updated" | "unchanged" | "failed";

/** The outcome for one worker of the plan. */
export interface SetupWorker {
  id: string;
  feature: string;
  worktree: string;
  branch: string;
  /** The launch script (`<git common dir>/wo/launch/<feature>.sh`), relative to the repository root. */
  script: string;
  state: SetupState;
  /** What changed: `worktree`, `metadata`, `bootstrap`, `prompt`, `script`, `guard`, `spawned`. */
  changes: string[];
  error: string | null;
}

/** The outcome of `Orchestrator.setup`. */
export interface SetupResult {
  /** The commit-ish new worker branches started from. */
  base: string;
  workers: SetupWorker[];
  /** Whether anything changed at all (a re-run on the same plan changes nothing). */
  changed: boolean;
  /** How many workers failed; re-running setup picks up where it stopped. */
  failed: number;
}

/** The task line a spawned worker shows in `wo status`: the first task and how many more. */
function taskSummary(tasks: string[]): string {
  if (tasks.length === 0) return "(no tasks)";
  return tasks.length === 1 ? (tasks[0] as string) : `${tasks[0]} (+${tasks.length - 1} more)`;
}

/** The prompt view of a plan worker: its tasks and what it needs from the workers it depends on. */
export function promptWorkerOf(plan: Plan, worker: PlanWorker): PromptWorker {
  const items = new Map(plan.items.map((item) => [item.id, item]));
  const owner = new Map(plan.workers.flatMap((w) => w.items.map((id) => [id, w] as const)));
  return {
    id: worker.id,
    name: worker.name,
    scope: worker.scope,
    tasks: worker.items.map((id) => items.get(id)?.description ?? id),
    dependsOn: worker.dependsOn.map((depId) => {
      const dep = plan.workers.find((w) => w.id === depId);
      const needed = worker.items
        .flatMap((id) => items.get(id)?.dependencies ?? [])
        .filter((id) => owner.get(id)?.id === depId)
        .map((id) => items.get(id)?.description ?? id);
      return { id: depId, name: dep?.name ?? depId, items: [...new Set(needed)] };
    }),
  };
}

/** Whether two metadata values are equal as stored (JSON). */
function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Writes `content` only when it differs, so a re-run reports no change. */
async function writeIfChanged(file: string, content: string, mode?: number): Promise<boolean> {
  const current = existsSync(file) ? await readFile(file, "utf8") : null;
  if (current === content) return false;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  if (mode !== undefined) await chmod(file, mode);
  return true;
}

/** Refuses configured paths that would leave the repository (`../x`, absolute paths). */
function insideRoot(root: string, relative: string, what: string): string {
  const resolved = path.resolve(root, relative);
  const rel = path.relative(root, resolved);
  if (path.isAbsolute(relative) || rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new WoError("E_CONFIG", `${what} ${JSON.stringify(relative)} points outside the repository`, {
      hint: `Use a path inside the repository in wo.config.json (${what})`,
    });
  }
  return resolved;
}

/**
 * A copied file is never written through a link: its destination must not exist (checked with `lstat`, so a dangling
 * link counts) and no directory on its way may lead out of the worktree (a link the base branch commits).
 */
function refuseLinkOut(worktree: string, to: string, file: string): void {
  let existing = path.dirname(to);
  while (!existsSync(existing) && existing !== worktree) existing = path.dirname(existing);
  const rel = path.relative(realpathSync(worktree), realpathSync(existing));
  if (rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new WoError(
      "E_INPUT",
      `setup.copyFiles ${JSON.stringify(file)} would be copied through ${existing}, a link out of the worktree; nothing was copied`,
      {
        hint: `Remove the link ${path.relative(worktree, existing)} from the base branch, or drop ${file} from setup.copyFiles`,
      },
    );
  }
}

/** Copies the configured files into a new worktree and runs the configured post-create command there. */
async function bootstrap(ws: Workspace, worktree: string, feature: string): Promise<void> {
  const { copyFiles, postCreate } = ws.config.setup;
  for (const file of copyFiles) {
    const from = insideRoot(ws.repo.root, file, "setup.copyFiles");
    const to = path.join(worktree, path.relative(ws.repo.root, from));
    if (
      !existsSync(from) ||
      (await lstat(to).then(
        () => true,
        () => false,
      ))
    )
      continue;
    refuseLinkOut(worktree, to, file);
    await mkdir(path.dirname(to), { recursive: true });
    await cp(from, to, { recursive: true, errorOnExist: false, force: false });
  }
  if (postCreate) {
    // The user's own command from their config: run by their shell, like an npm script, in its own process group,
    // stopped as a whole if wo exits first (Ctrl-C), so no install keeps running orphaned.
    const result = await runInWorktree(worktree, ["sh", "-c", postCreate], {
      env: { WO_FEATURE: feature, WO_WORKTREE: worktree },
    });
    if (result.exitCode !== 0) {
      const tail = (result.startError ?? result.output).trim().split("\n").slice(-3).join(" | ");
      throw new WoError(
        "E_INPUT",
        `setup.postCreate failed in ${feature} (${result.exitCode === null ? (result.signal ?? "did not start") : `exit ${result.exitCode}`}): ${tail}`,
        {
          hint: "Fix the command in wo.config.json, then run wo setup again: it retries only what did not finish",
        },
      );
    }
  }
}

/**
 * Phase 2: for each worker of the plan, creates its worktree and branch, writes `.worktree.json` (feature, branch,
 * scope, items, tasks, dependsOn), bootstraps it (copied files, post-create command), renders the kickoff prompt
 * and the launch script `<git common dir>/wo/launch/<feature>.sh` (where wo owns every file: never the user's
 * tree), optionally installs the scope guard and starts the agent.
 * Idempotent: a re-run on the same plan changes nothing and says so; a worker that failed is reported and the others
 * still proceed, so re-running finishes a half-done setup.
 */
export async function setupWorkers(
  ws: Workspace,
  plan: Plan,
  options: SetupOptions = {},
): Promise<SetupResult> {
  checkPlanPaths(plan);
  if (plan.workers.length === 0) {
    throw new WoError(
      "E_INPUT",
      `The plan has no workers (${plan.clarify.length} item(s) need clarification)`,
      {
        hint: "Clarify the items in the source documents and run wo plan again",
      },
    );
  }
  // The agent chosen at setup sticks: a later plain `wo setup` keeps each worker's recorded agent command.
  const explicit = Boolean(options.agent || options.agentCmd);
  const choice = explicit ? options : { agent: ws.config.agent, agentCmd: ws.config.agentCmd };
  const agent = resolveAgent(choice, ws.config.agents);
  const base = await baseBranch(ws, options.base);
  const known = new Map((await listWorkerWorktrees(ws)).map((w) => [w.feature, w]));
  if (options.spawn) refuseUnspawnable(ws, await agentsToSpawn(plan, known, explicit ? null : agent, agent));
  const statuses = new Map((await workerStatuses(ws)).map((s) => [s.feature, s.status]));
  const retired = await readRetired(ws);
  const results: SetupWorker[] = [];

  for (const worker of plan.workers) {
    const feature = worker.name;
    const number = worker.id.replace(/^task-/, "");
    const launch = launchFiles(ws.paths, feature);
    const entry: SetupWorker = {
      id: worker.id,
      feature,
      worktree: ws.names.worktreePath(feature),
      branch: ws.names.branchName(feature),
      script: path.relative(ws.repo.root, launch.script),
      state: "unchanged",
      changes: [],
      error: null,
    };
    results.push(entry);
    try {
      validateFeatureName(feature);
      const existing = known.get(feature);
      if (!existing) {
        await refuseRetiredBranch(ws, retired.get(entry.branch));
        await addWorkerWorktree(ws, feature, { base });
        entry.changes.push("worktree");
      } else if (existing.path !== entry.worktree) {
        entry.worktree = existing.path;
      }
      const promptWorker = promptWorkerOf(plan, worker);
      const stored = await readWorktreeMeta(entry.worktree);
      const current = stored ?? ({ feature } as WorktreeMeta);
      const recorded = decodeWorkerMeta(current);
      const agentTemplate = (!explicit ? recorded.agentTemplate : null) ?? agent.template;
      const desired = {
        feature,
        branch: existing?.branch ?? entry.branch,
        workerId: worker.id,
        scope: worker.scope,
        items: worker.items,
        tasks: promptWorker.tasks,
        dependsOn: worker.dependsOn,
        agentTemplate,
      };
      // Worktrees this setup creates get bootstrapped; `bootstrapped: false` marks one that still needs it, and a
      // worktree without any metadata is one an interrupted setup created but never got to describe.
      const created = entry.changes.includes("worktree") || stored === null;
      if (created || Object.entries(desired).some(([key, value]) => !sameJson(current[key], value))) {
        await writeWorkerMeta(entry.worktree, created ? { ...desired, bootstrapped: false } : desired);
        entry.changes.push("metadata");
      }
      if (created || recorded.bootstrapped === false) {
        await bootstrap(ws, entry.worktree, feature);
        await writeWorkerMeta(entry.worktree, { feature, bootstrapped: true });
        if (ws.config.setup.copyFiles.length > 0 || ws.config.setup.postCreate)
          entry.changes.push("bootstrap");
      }
      const prompt = workerPrompt(
        kickoffPrompt(promptWorker, {
          worktree: path.relative(ws.repo.root, entry.worktree) || ".",
          branch: desired.branch,
        }),
        { commitProtocol: false },
      );
      if (await writeIfChanged(launch.prompt, prompt)) entry.changes.push("prompt");
      const script = launchScript({
        number,
        name: feature,
        worktreeFromScripts: path.relative(path.dirname(launch.script), entry.worktree),
        promptFile: path.basename(launch.prompt),
        agentTemplate,
      });
      if (await writeIfChanged(launch.script, script, 0o755)) entry.changes.push("script");
      if (options.guard) {
        const before = await git(["config", "--worktree", "--get", "core.hooksPath"], {
          cwd: entry.worktree,
          allowFailure: true,
        });
        const dir = await installScopeGuard(ws.repo, entry.worktree, feature, ws.paths.hooks(feature), {
          base,
        });
        if (before.stdout.trim() !== dir) entry.changes.push("guard");
      }
      if (options.spawn && (statuses.get(feature) ?? "idle") === "idle") {
        // spawnWorker reuses the agent just recorded for the worker unless this setup chose one.
        const chosen = explicit ? { agent: options.agent, agentCmd: options.agentCmd } : {};
        await spawnWorker(ws, feature, taskSummary(promptWorker.tasks), { ...chosen, prompt });
        entry.changes.push("spawned");
      }
      entry.state = entry.changes.includes("worktree")
        ? "created"
        : entry.changes.length > 0
          ? "updated"
          : "unchanged";
    } catch (error) {
      entry.state = "failed";
      entry.error = error instanceof Error ? error.message : String(error);
    }
  }
  return {
    base,
    workers: results,
    changed: results.some((r) => r.changes.length > 0),
    failed: results.filter((r) => r.state === "failed").length,
  };
}

/**
 * The agents `setup --spawn` will start: the one chosen now for every worker, or else each existing worker's
 * recorded agent and the configured default for the others.
 */
async function agentsToSpawn(
  plan: Plan,
  known: Map<string, { path: string }>,
  fallback: AgentSpec | null,
  chosen: AgentSpec,
): Promise<AgentSpec[]> {
  if (!fallback) return [chosen];
  const specs = new Map<string, AgentSpec>();
  for (const worker of plan.workers) {
    const existing = known.get(worker.name);
    const recorded = existing
      ? decodeWorkerMeta(await readWorktreeMeta(existing.path).catch(() => null))
      : null;
    const spec = recorded?.agentTemplate ? resolveAgent({ agentCmd: recorded.agentTemplate }) : fallback;
    specs.set(spec.template, spec);
  }
  return [...specs.values()];
}

/**
 * `setup --spawn` is refused before anything is set up when an agent it would start is not installed, or needs the
 * user's one-time consent in this repository (see `AgentAdapter.consent`), rather than failing every worker.
 */
function refuseUnspawnable(ws: Workspace, agents: AgentSpec[]): void {
  for (const agent of agents) {
    const program = agentArgv(agent.template, { text: "", file: "" })[0] as string;
    if (!findExecutable(program, ws.env, ws.repo.root)) {
      throw new WoError(
        "E_AGENT_NOT_FOUND",
        `Cannot spawn workers: the agent program "${program}" is not installed or not on PATH; nothing was set up`,
        {
          hint: `Install it, run setup without --spawn, or pick another agent with --agent or --agent-cmd "mycli {prompt}"`,
        },
      );
    }
    const context = {
      feature: "",
      worktree: ws.repo.root,
      repoRoot: ws.repo.root,
      stateDir: "",
      env: ws.env,
    };
    const [first, ...more] = agent.adapter.consent?.(launchArgvWithoutPrompt(agent, context), context) ?? [];
    if (!first) continue;
    const others = more.length > 0 ? ` (${more.length} more: wo doctor lists them)` : "";
    throw new WoError(
      "E_AGENT_CONSENT",
      `Cannot spawn workers: ${first.message}${others}; nothing was set up`,
      {
        hint: first.hint,
      },
    );
  }
}

/**
 * A plan's worker never continues the branch of an earlier worker of the same name whose worktree wo removed (its
 * work would mix into this plan's): refused while that branch has not moved, naming the ways out.
 */
async function refuseRetiredBranch(ws: Workspace, retired: RetiredBranch | undefined): Promise<void> {
  if (!retired) return;
  if ((await branchTip(ws, retired.branch)) !== retired.tip) return;
  throw new WoError(
    "E_BRANCH_TAKEN",
    `Branch ${retired.branch} holds the work of an earlier worker of this name (its worktree was removed ${retired.at}); this plan's worker does not continue it`,
    {
      hint: `Delete it once its work is merged (wo cleanup --prune), delete it anyway (git branch -D ${shellWord(retired.branch)}), or continue it on purpose (wo worktree add ${shellWord(retired.branch.slice(ws.config.branchPrefix.length))})`,
    },
  );
}
