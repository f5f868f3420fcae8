import { AsyncLocalStorage } from "node:async_hooks";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { WorkerBranchHistory } from "@wo/commits";
import { type PaneInfo, paneTarget, Tmux, TmuxError } from "@wo/tmux";
import {
  addWorktree,
  ensureExcludes,
  git,
  isValidFeatureName,
  listWorktrees,
  openRepository,
  PROTOCOL_EXCLUDES,
  PROTOCOL_FILES,
  type Repository,
  readLinkedWorktrees,
  readWorkerResult,
  readWorkerStatus,
  readWorktreeMeta,
  removeWorktree,
  validateFeatureName,
  type WorkerFileStatus,
  type WorktreeMeta,
  workerStatusTime,
  writeWorkerResult,
  writeWorkerStatus,
  writeWorktreeMeta,
} from "@wo/worktree";
import { AGENT_PRESETS, type AgentChoice, agentArgv, findExecutable, resolveAgent } from "./agents.js";
import { loadConfig, type WoConfig, type WoConfigInput } from "./config.js";
import { WoError } from "./errors.js";
import { readHistory } from "./history.js";
import type {
  CleanupOptions,
  CleanupResult,
  IntegrationForecast,
  IntegrationOptions,
  IntegrationReport,
  SelectionOptions,
} from "./integration.js";
import { LAUNCHER_SOURCE } from "./launcher.js";
import { acquireRepositoryLock } from "./lock.js";
import {
  buildMonitorReport,
  type MonitorAudience,
  type MonitorInput,
  type MonitorReport,
  type MonitorReportInput,
} from "./monitor.js";
import type { Plan } from "./plan.js";
import { continuationPrompt, resumeWorkPrompt, workerPrompt } from "./prompts.js";
import { type SetupOptions, type SetupResult, setupWorkers } from "./setup.js";
import { type EffectiveStatus, effectiveStatus, type PaneState } from "./status.js";
import { type Watcher, type WatchOptions, watchWorkers } from "./watch.js";

/** Options of {@link Orchestrator.open}. */
export interface OrchestratorOptions {
  /** Directory inside the repository. Default `process.cwd()`. */
  cwd?: string;
  /** Environment (tmux socket, PATH for agents, workers' base environment). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Configuration applied over `wo.config.json`. */
  config?: WoConfigInput;
  /** The clock, for durations and stall detection. */
  now?: () => Date;
}

/** A worker's worktree as wo knows it. */
export interface WorkerWorktree {
  feature: string;
  /** Absolute path of the worktree. */
  path: string;
  branch: string | null;
  /** The tmux session name the worker uses. */
  session: string;
}

/** One row of `wo status` (`--json` shape of DESIGN.md). */
export interface WorkerStatusEntry {
  feature: string;
  session: string;
  worktree: string;
  branch: string | null;
  status: EffectiveStatus;
  task: string | null;
  startedAt: string | null;
  durationMs: number | null;
  lastOutput: string;
  /** Present only when the worker's files could not be read (corrupt `.worktree.json`, garbage `.worker-status`). */
  problem?: string;
}

/** One row of `wo collect`. */
export interface CollectEntry {
  feature: string;
  status: "done" | "failed";
  result: string;
}

/** What {@link Orchestrator.spawn} started. */
export interface SpawnResult {
  feature: string;
  session: string;
  worktree: string;
  branch: string | null;
  agent: string;
  /** The agent's argv (prompt included). */
  argv: string[];
  port: number;
  startedAt: string;
}

/** Options of {@link Orchestrator.spawn}. */
export interface SpawnOptions extends AgentChoice {
  /** Extra environment for the agent. */
  env?: Record<string, string>;
  /**
   * The complete prompt, used as is (a kickoff or continuation prompt that already carries the protocol). Default:
   * the task followed by the result-collection and commit protocols.
   */
  prompt?: string;
}

/** What {@link Orchestrator.kill} did. */
export interface KillResult {
  feature: string;
  /** A tmux session was killed. */
  killed: boolean;
  /** Status before the kill. */
  previous: EffectiveStatus;
}

/** How long a first `wo kill` of a running worker counts as the warning that a repeated kill confirms. */
export const KILL_CONFIRM_WINDOW_MS = 10 * 60 * 1000;

interface WorkerRecord extends WorkerWorktree {
  meta: WorktreeMeta | null;
  metaProblem: string | null;
}

/** The raw state of one worker: its worktree, metadata, status file and tmux pane. */
export interface WorkerSnapshot extends WorkerWorktree {
  meta: WorktreeMeta | null;
  /** What `.worker-status` says (`null` when absent or unreadable). */
  fileStatus: WorkerFileStatus | null;
  /** The worker's tmux pane, `null` without a session. */
  pane: PaneState | null;
  status: EffectiveStatus;
  /** Why the worker's files could not be read, if so. */
  problem: string | null;
}

/** Options of {@link Orchestrator.monitor}. */
export interface MonitorOptions {
  /** The base branch workers left. Default: configured base branch, else the main worktree's branch. */
  base?: string;
  /** Also forecast merge conflicts between the worker branches (git merge-tree; nothing is changed). */
  forecast?: boolean;
  /** Who acts on the recommended actions (default `terminal`: `wo` commands); `ci` for a workflow's run. */
  audience?: MonitorAudience;
}

/** What {@link Orchestrator.notifySatisfiedNeeds} sent. */
export interface Notification {
  worker: string;
  provider: string;
  item: string;
}

/** A worker's record and what its status file says, read before tmux is asked (see `Orchestrator.status`). */
interface ReadWorker {
  record: WorkerRecord;
  fileStatus: WorkerFileStatus | null;
  problem: string | null;
}

function snapshotOf({ record, fileStatus, problem }: ReadWorker, pane: PaneState | null): WorkerSnapshot {
  const status = problem && !pane ? "idle" : effectiveStatus(fileStatus, pane);
  const { meta, feature, path: dir, branch, session } = record;
  return { feature, path: dir, branch, session, meta, fileStatus, pane, status, problem };
}

/** Liveness per session: alive when any of its panes is. */
function paneStates(panes: readonly PaneInfo[]): Map<string, PaneState> {
  const states = new Map<string, PaneState>();
  for (const pane of panes) {
    if (states.get(pane.session)?.alive) continue;
    states.set(pane.session, { alive: !pane.dead, exitCode: pane.deadStatus });
  }
  return states;
}

/**
 * The orchestrator facade scripts import: worktrees, worker lifecycle (spawn, status, collect, kill, send) and, in
 * later phases, planning, setup, monitoring and integration. Methods return data and throw typed errors; nothing
 * prints.
 */
export class Orchestrator {
  readonly repo: Repository;
  readonly config: WoConfig;
  readonly tmux: Tmux;
  readonly #env: NodeJS.ProcessEnv;
  readonly #now: () => Date;
  /** Set inside a call that holds the repository lock, so nested calls (setup → spawn) do not wait for themselves. */
  readonly #holding = new AsyncLocalStorage<boolean>();

  private constructor(repo: Repository, config: WoConfig, env: NodeJS.ProcessEnv, now: () => Date) {
    this.repo = repo;
    this.config = config;
    this.#env = env;
    this.#now = now;
    this.tmux = new Tmux({ socket: env.WO_TMUX_SOCKET || config.tmux.socket, env });
  }

  /** Opens the repository containing `cwd` and loads its configuration. */
  static async open(options: OrchestratorOptions = {}): Promise<Orchestrator> {
    const repo = await openRepository(options.cwd ?? process.cwd());
    const config = await loadConfig(repo.root, options.config);
    return new Orchestrator(repo, config, options.env ?? process.env, options.now ?? (() => new Date()));
  }

  /** wo's private state directory: `<git common dir>/wo`, shared by all worktrees and never committed. */
  get stateDir(): string {
    return path.join(this.repo.commonDir, "wo");
  }

  /** Where the worktree of `feature` lives. */
  worktreePath(feature: string): string {
    return path.resolve(this.repo.root, this.config.worktreeRoot, feature);
  }

  /** The tmux session name of `feature`. */
  sessionName(feature: string): string {
    return `${this.config.sessionPrefix}${feature}`;
  }

  /** The branch name of `feature`. */
  branchName(feature: string): string {
    return `${this.config.branchPrefix}${feature}`;
  }

  // ── worktrees ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** Creates `worktrees/<feature>` on branch `work/<feature>` from `base` (default: configured base, else HEAD). */
  async addWorktree(feature: string, options: { base?: string } = {}): Promise<WorkerWorktree> {
    return this.#locked(`worktree add ${feature}`, async () => {
      validateFeatureName(feature);
      await this.#ensureExcludes();
      const branch = this.branchName(feature);
      const base = options.base ?? this.config.baseBranch;
      const added = await addWorktree(this.repo, {
        path: this.worktreePath(feature),
        branch,
        ...(base ? { base } : {}),
      });
      await writeWorktreeMeta(added.path, { feature, branch });
      return { feature, path: added.path, branch, session: this.sessionName(feature) };
    });
  }

  /** Worker worktrees (under the worktree root, or carrying `.worktree.json`), sorted by path. */
  async listWorktrees(): Promise<WorkerWorktree[]> {
    return (await this.#records()).map(({ feature, path: dir, branch, session }) => ({
      feature,
      path: dir,
      branch,
      session,
    }));
  }

  /**
   * Removes the worktree of `feature` (its branch stays). Refused while its worker runs, and when it has uncommitted
   * changes unless `force`.
   */
  async removeWorktree(feature: string, options: { force?: boolean } = {}): Promise<WorkerWorktree> {
    return this.#locked(`worktree remove ${feature}`, async () => {
      const record = await this.#record(feature);
      const [status] = await this.#statusOf([record]);
      if (status === "running") {
        throw new WoError("E_RUNNING", `Worker ${feature} is running; its worktree was not removed`, {
          hint: `Stop it first: wo kill ${feature}`,
        });
      }
      await this.#killSession(record.session);
      await removeWorktree(this.repo, record.path, { force: options.force ?? false });
      return { feature, path: record.path, branch: record.branch, session: record.session };
    });
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts an agent on `task` in the worktree of `feature`, in tmux session `wt-<feature>`. Refused without a
   * worktree, while the worker's session is alive, and when the agent's program is not installed.
   */
  async spawn(feature: string, task: string, options: SpawnOptions = {}): Promise<SpawnResult> {
    return this.#locked(`spawn ${feature}`, async () => {
      validateFeatureName(feature);
      if (task.trim() === "") {
        throw new WoError("E_INPUT", `Cannot spawn ${feature}: the task is empty`, {
          hint: `Describe the work: wo spawn ${feature} "<task>"`,
        });
      }
      const records = await this.#records();
      const record = records.find((r) => r.feature === feature);
      if (!record) {
        throw new WoError("E_NO_WORKTREE", `Cannot spawn ${feature}: it has no worktree`, {
          hint: `Create it first: wo worktree add ${feature}`,
        });
      }
      if (record.metaProblem) {
        throw new WoError("E_INPUT", `Cannot spawn ${feature}: ${record.metaProblem}`, {
          hint: `Fix or delete ${path.join(record.path, PROTOCOL_FILES.meta)}`,
        });
      }
      const panes = await this.#panes();
      const pane = panes.get(record.session) ?? null;
      if (pane?.alive) {
        throw new WoError(
          "E_ALREADY_RUNNING",
          `Worker ${feature} is already running (tmux session ${record.session})`,
          {
            hint: `Stop it first (wo kill ${feature}), or talk to it: wo send ${feature} "<text>"`,
          },
        );
      }

      // An agent chosen for this spawn wins over the configured default, whichever form each takes.
      const choice =
        options.agent || options.agentCmd
          ? options
          : { agent: this.config.agent, agentCmd: this.config.agentCmd };
      const agent = resolveAgent(choice, this.config.agents);
      const promptText = options.prompt ?? workerPrompt(task);
      const promptFile = path.join(this.stateDir, "prompts", `${feature}.md`);
      const argv = agentArgv(agent.template, { text: promptText, file: promptFile });
      const program = argv[0] as string;
      if (!findExecutable(program, this.#env, record.path)) {
        throw new WoError(
          "E_AGENT_NOT_FOUND",
          `Cannot spawn ${feature}: the agent program "${program}" is not installed or not on PATH`,
          {
            hint: `Install it, or pick another agent: --agent ${Object.keys(AGENT_PRESETS).join("|")} or --agent-cmd "mycli {prompt}"`,
          },
        );
      }

      // A dead pane from a previous run still holds the session name.
      if (pane) await this.tmux.killSession(record.session);
      const startedAt = this.#now().toISOString();
      const port = this.#allocatePort(records, record);
      await mkdir(path.dirname(promptFile), { recursive: true });
      await writeFile(promptFile, promptText);
      await this.#archiveResult(record);
      await writeWorktreeMeta(record.path, {
        feature,
        ...(record.branch ? { branch: record.branch } : {}),
        port,
        worker: { session: record.session, task, agent: agent.name, started_at: startedAt },
      });
      await writeWorkerStatus(record.path, "running");
      await rm(this.#killRequestFile(feature), { force: true });
      const specFile = path.join(this.stateDir, "launch", `${feature}.json`);
      await mkdir(path.dirname(specFile), { recursive: true });
      await writeFile(specFile, `${JSON.stringify({ argv }, null, 2)}\n`);
      await this.tmux.newSession({
        name: record.session,
        cwd: record.path,
        command: [process.execPath, "-e", LAUNCHER_SOURCE, specFile],
        env: {
          ...options.env,
          WO_FEATURE: feature,
          WO_WORKTREE: record.path,
          WO_PORT: String(port),
        },
      });
      return {
        feature,
        session: record.session,
        worktree: record.path,
        branch: record.branch,
        agent: agent.name,
        argv,
        port,
        startedAt,
      };
    });
  }

  /**
   * The raw state of every worker (or one): one tmux call, and git's files (or one git call when they cannot be
   * read), however many workers there are.
   */
  async snapshot(feature?: string): Promise<WorkerSnapshot[]> {
    // Worktrees and tmux panes at once: neither waits for the other.
    const [read, panes] = await Promise.all([this.#readWorkers(feature), this.#panes()]);
    return read.map((r) => snapshotOf(r, panes.get(r.record.session) ?? null));
  }

  /** The records of every worker (or one) and what their status files say; no tmux. */
  async #readWorkers(feature?: string): Promise<ReadWorker[]> {
    const records = feature === undefined ? await this.#records() : [await this.#record(feature)];
    return Promise.all(
      records.map(async (record): Promise<ReadWorker> => {
        if (!existsSync(record.path)) {
          const problem = `its worktree ${record.path} is gone (deleted outside git); wo cleanup prunes the entry`;
          return { record, fileStatus: null, problem };
        }
        try {
          return { record, fileStatus: await readWorkerStatus(record.path), problem: record.metaProblem };
        } catch (error) {
          return { record, fileStatus: null, problem: (error as Error).message };
        }
      }),
    );
  }

  /**
   * Status of every worker (or one): one tmux call (the panes and their last lines) and at most one git call,
   * however many workers.
   */
  async status(feature?: string): Promise<WorkerStatusEntry[]> {
    // The status files are read before tmux is asked, so the output shown is never older than the status: an agent
    // that writes "done" and then prints its last line is not shown with the line before.
    const read = await this.#readWorkers(feature);
    const { panes, captures } = await this.#panesAndCaptures(read.map((r) => r.record.session));
    const workers = read.map((r) => snapshotOf(r, panes.get(r.record.session) ?? null));
    const now = this.#now().getTime();
    return Promise.all(
      workers.map(async (w): Promise<WorkerStatusEntry> => {
        const startedAt = typeof w.meta?.worker?.started_at === "string" ? w.meta.worker.started_at : null;
        const started = startedAt ? Date.parse(startedAt) : Number.NaN;
        let durationMs: number | null = null;
        if (!Number.isNaN(started) && w.status !== "idle") {
          const finished = w.status === "done" || w.status === "failed";
          const end = finished ? ((await workerStatusTime(w.path))?.getTime() ?? now) : now;
          durationMs = Math.max(0, end - started);
        }
        let lastOutput = (w.pane ? captures.get(w.session)?.at(-1) : undefined) ?? "";
        if (!lastOutput && (w.status === "done" || w.status === "failed")) {
          lastOutput = lastLine((await readWorkerResult(w.path)) ?? "");
        }
        const entry: WorkerStatusEntry = {
          feature: w.feature,
          session: w.session,
          worktree: w.path,
          branch: w.branch,
          status: w.status,
          task: typeof w.meta?.worker?.task === "string" ? w.meta.worker.task : null,
          startedAt,
          durationMs,
          lastOutput,
        };
        if (w.problem) entry.problem = w.problem;
        return entry;
      }),
    );
  }

  /** Results of finished workers (`done`/`failed` only). For one named feature that has not finished: `E_NOT_FINISHED`. */
  async collect(feature?: string): Promise<CollectEntry[]> {
    const entries = await this.status(feature);
    const finished = entries.filter(
      (e): e is WorkerStatusEntry & { status: "done" | "failed" } =>
        e.status === "done" || e.status === "failed",
    );
    if (feature !== undefined && finished.length === 0) {
      const status = entries[0]?.status ?? "idle";
      throw new WoError(
        "E_NOT_FINISHED",
        `Worker ${feature} has not finished (status: ${status}); nothing to collect`,
        {
          hint: status === "running" ? `Check on it with wo status ${feature}` : `See wo status ${feature}`,
        },
      );
    }
    return Promise.all(
      finished.map(async (entry) => ({
        feature: entry.feature,
        status: entry.status,
        result: (await readWorkerResult(entry.worktree)) ?? "",
      })),
    );
  }

  /**
   * Stops the worker of `feature` (kills its tmux session). A running worker is only warned about — `E_RUNNING`,
   * nothing killed — unless `force` or the same kill is repeated within ten minutes. `.worker-result.md` is never
   * touched; a `running` status file is removed so the worktree shows as idle.
   */
  async kill(feature: string, options: { force?: boolean } = {}): Promise<KillResult> {
    return this.#locked(`kill ${feature}`, async () => {
      const record = await this.#record(feature);
      const [previous = "idle"] = await this.#statusOf([record]);
      if (previous === "running" && !options.force && !(await this.#killConfirmed(feature))) {
        await mkdir(path.dirname(this.#killRequestFile(feature)), { recursive: true });
        await writeFile(this.#killRequestFile(feature), this.#now().toISOString());
        throw new WoError("E_RUNNING", `Worker ${feature} is still running; nothing was killed`, {
          hint: `Run the same command again to kill it anyway, or pass --force`,
        });
      }
      const killed = await this.#killSession(record.session);
      await this.#clearRunningStatus(record);
      await rm(this.#killRequestFile(feature), { force: true });
      return { feature, killed, previous };
    });
  }

  /** Stops every worker. Refused (`E_RUNNING`, nothing killed) while any is running, unless `force`. */
  async killAll(options: { force?: boolean } = {}): Promise<KillResult[]> {
    return this.#locked("kill-all", async () => {
      const records = await this.#records();
      const statuses = await this.#statusOf(records);
      const running = records.filter((_, i) => statuses[i] === "running").map((r) => r.feature);
      if (running.length > 0 && !options.force) {
        throw new WoError(
          "E_RUNNING",
          `${running.length} worker(s) still running (${running.join(", ")}); nothing was killed`,
          {
            hint: "Pass --force to kill them all, or kill them one by one with wo kill <feature>",
          },
        );
      }
      const results: KillResult[] = [];
      for (const [i, record] of records.entries()) {
        const killed = await this.#killSession(record.session);
        await this.#clearRunningStatus(record);
        await rm(this.#killRequestFile(record.feature), { force: true });
        if (killed || statuses[i] !== "idle")
          results.push({ feature: record.feature, killed, previous: statuses[i] ?? "idle" });
      }
      return results;
    });
  }

  /** Workers that have a tmux session (running, or finished/dead but not yet killed). */
  async list(): Promise<WorkerStatusEntry[]> {
    const panes = await this.#panes();
    return (await this.status()).filter((entry) => panes.has(entry.session));
  }

  /** The argv that puts the user's terminal on the worker's session (attach, or switch-client inside tmux). */
  async attachCommand(feature: string): Promise<{ argv: string[]; mode: "attach" | "switch" }> {
    const record = await this.#record(feature);
    if (!(await this.tmux.hasSession(record.session))) {
      throw new WoError("E_NO_WORKER", `Worker ${feature} has no tmux session to attach to`, {
        hint: `Start it with wo spawn ${feature} "<task>"`,
      });
    }
    return this.tmux.attachArgv(record.session, this.#env);
  }

  /**
   * Types `text` into the agent of each target (a feature, or every running worker for `"all"`), then Enter.
   * The text goes through a tmux buffer, never a shell or argv. Returns the features it was sent to.
   */
  async send(target: string | { all: true }, text: string): Promise<string[]> {
    if (text === "")
      throw new WoError("E_INPUT", "Nothing to send: the text is empty", {
        hint: 'wo send <feature> "<text>"',
      });
    const panes = await this.#panes();
    let records: WorkerRecord[];
    if (typeof target === "string") {
      const record = await this.#record(target);
      const pane = panes.get(record.session);
      if (!pane?.alive) {
        throw new WoError(
          "E_NO_WORKER",
          `Worker ${target} is not running${pane ? " (its agent has exited)" : ""}; nothing was sent`,
          {
            hint: `Start it with wo spawn ${target} "<task>"`,
          },
        );
      }
      records = [record];
    } else {
      records = (await this.#records()).filter((r) => panes.get(r.session)?.alive);
    }
    for (const record of records) await this.tmux.sendText(paneTarget(record.session), text);
    return records.map((r) => r.feature);
  }

  // ── orchestration ─────────────────────────────────────────────────────────────────────────────────────────────

  /** Phase 2: sets the plan's workers up (see {@link setupWorkers}). */
  async setup(plan: Plan, options: SetupOptions = {}): Promise<SetupResult> {
    return this.#locked("setup", () => setupWorkers(this, plan, options));
  }

  /** Phase 4 dry run: forecasts every merge of the finished workers into `integration/<name>`; changes nothing. */
  async forecast(name: string, options: SelectionOptions = {}): Promise<IntegrationForecast> {
    // Integration code (merge-tree, p-limit) loads only when a command integrates.
    const { forecastIntegration } = await import("./integration.js");
    return forecastIntegration(this, name, options);
  }

  /** Phase 4: merges the finished workers into `integration/<name>` (see {@link integrateWorkers}). */
  async integrate(name: string, options: IntegrationOptions = {}): Promise<IntegrationReport> {
    const { integrateWorkers } = await import("./integration.js");
    return this.#locked(`integrate ${name}`, () => integrateWorkers(this, name, options));
  }

  /** Cleanup: sessions, worktrees, merged branches, orphans (see {@link cleanupAll}). */
  async cleanup(options: CleanupOptions = {}): Promise<CleanupResult> {
    const { cleanupAll } = await import("./integration.js");
    return this.#locked("cleanup", () => cleanupAll(this, options));
  }

  /** Calls `onChange` when worker state may have changed (see {@link watchWorkers}). */
  watch(onChange: (reason: string) => void, options: WatchOptions = {}): Watcher {
    return watchWorkers(this, onChange, options);
  }

  /** The branch workers start from and merge into: `requested`, the configured base, else the main worktree's branch. */
  async baseBranch(requested?: string): Promise<string> {
    const wanted = requested ?? this.config.baseBranch;
    if (wanted) return wanted;
    // The main worktree's HEAD file says it without a git process ("ref: refs/heads/main" or a detached sha);
    // anything else (a reftable stub, an unreadable file) asks git.
    const file = await readFile(path.join(this.repo.commonDir, "HEAD"), "utf8").catch(() => "");
    const symbolic = /^ref: refs\/heads\/(.+)\n?$/.exec(file)?.[1];
    if (symbolic !== undefined && symbolic !== ".invalid") return symbolic;
    if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?\n?$/.test(file)) return file.trim();
    const head = await git(["symbolic-ref", "--quiet", "--short", "HEAD"], {
      cwd: this.repo.root,
      allowFailure: true,
    });
    if (head.exitCode === 0 && head.stdout.trim() !== "") return head.stdout.trim();
    return (await git(["rev-parse", "HEAD"], { cwd: this.repo.root })).stdout.trim();
  }

  /**
   * Phase 3: the Worker Status Report with alerts and recommended actions, from the workers' commits (a constant
   * number of git calls for any number of branches and commits), their files and tmux.
   */
  async monitor(options: MonitorOptions = {}): Promise<MonitorReport> {
    const base = await this.baseBranch(options.base);
    const [history, snapshot] = await Promise.all([
      readHistory(this.repo, this.config.branchPrefix, base),
      this.snapshot(),
    ]);
    // Changed files only matter to scope checks: workers without a scope cost no diff.
    const scoped = new Set(
      snapshot
        .filter((w) => Array.isArray(w.meta?.scope) && w.meta.scope.length > 0)
        .map((w) => w.branch ?? this.branchName(w.feature)),
    );
    const changed = await changedFilesByBranch(
      this.repo.root,
      history.branches.filter((b) => scoped.has(b.branch)),
    );
    const byBranch = new Map(history.branches.map((b) => [b.branch, b]));
    const inputs: MonitorInput[] = snapshot.map((w) => {
      const branch = w.branch ?? this.branchName(w.feature);
      const h = byBranch.get(branch) ?? null;
      byBranch.delete(branch);
      return {
        feature: w.feature,
        workerId: typeof w.meta?.workerId === "string" ? w.meta.workerId : null,
        branch,
        history: h,
        status: w.status,
        fileStatus: w.fileStatus,
        startedAt: typeof w.meta?.worker?.started_at === "string" ? w.meta.worker.started_at : null,
        scope: Array.isArray(w.meta?.scope) ? w.meta.scope : [],
        changedFiles: changed.get(branch) ?? [],
        alive: w.pane?.alive ?? false,
      };
    });
    // Worker branches without a worktree here (pushed from CI runners, or worktree removed) are still reported.
    for (const h of byBranch.values()) {
      inputs.push({
        feature: h.worker,
        workerId: null,
        branch: h.branch,
        history: h,
        status: "idle",
        fileStatus: null,
        startedAt: null,
        scope: [],
        changedFiles: changed.get(h.branch) ?? [],
        alive: false,
      });
    }
    let forecast: MonitorReportInput["forecast"];
    const withCommits = inputs.filter(
      (i) => (i.history?.commitCount ?? 0) > 0 && isValidFeatureName(i.feature),
    );
    if (options.forecast && withCommits.length > 0) {
      const { forecastConflicts } = await import("@wo/integrate");
      const result = await forecastConflicts(this.repo.root, {
        base,
        workers: withCommits.map((i) => ({ feature: i.feature, branch: i.branch })),
      });
      forecast = {
        pairs: result.pairs.filter((p) => !p.clean).map((p) => ({ a: p.a, b: p.b, files: p.files })),
        suggestedOrder: result.suggestion.order,
      };
    }
    return buildMonitorReport({
      ...(forecast ? { forecast } : {}),
      base,
      workers: inputs,
      strayCommits: history.base.strayCommits,
      now: this.#now(),
      stallMs: this.config.monitor.stallMinutes * 60_000,
      branchPrefix: this.config.branchPrefix,
      ...(options.audience ? { audience: options.audience } : {}),
    });
  }

  /**
   * Acts on a report: every worker whose `[NEEDS]` is satisfied and whose agent is alive gets the seed's "Resume
   * Work" prompt typed into its session — once per need (remembered in `.git/wo/notified.json`).
   */
  async notifySatisfiedNeeds(report: MonitorReport): Promise<Notification[]> {
    return this.#locked("monitor --notify", async () => {
      const file = path.join(this.stateDir, "notified.json");
      let done: string[] = [];
      try {
        done = JSON.parse(await readFile(file, "utf8")) as string[];
      } catch {
        done = [];
      }
      const snapshot = new Map((await this.snapshot()).map((w) => [w.feature, w]));
      const sent: Notification[] = [];
      for (const finding of report.findings) {
        if (finding.kind !== "needs-satisfied" || !finding.worker || !finding.provider || !finding.item)
          continue;
        const key = `${finding.worker}\u0000${finding.provider}\u0000${finding.item}`;
        const waiting = snapshot.get(finding.worker);
        if (done.includes(key) || !waiting?.pane?.alive) continue;
        const provider = snapshot.get(finding.provider);
        const prompt = resumeWorkPrompt(
          { id: finding.worker, worktree: waiting.path },
          {
            id: finding.provider,
            branch: provider?.branch ?? this.branchName(finding.provider),
            item: finding.item,
          },
        );
        await this.tmux.sendText(paneTarget(waiting.session), prompt);
        done.push(key);
        sent.push({ worker: finding.worker, provider: finding.provider, item: finding.item });
      }
      if (sent.length > 0) {
        await mkdir(this.stateDir, { recursive: true });
        await writeFile(file, `${JSON.stringify(done, null, 2)}\n`);
      }
      return sent;
    });
  }

  /**
   * Restarts the agent of a dead or stalled worker on the same worktree with the seed's continuation prompt (its
   * checkpoints so far, its remaining tasks). A worker whose agent is alive is refused unless `force`.
   */
  async resume(feature: string, options: SpawnOptions & { force?: boolean } = {}): Promise<SpawnResult> {
    return this.#locked(`resume ${feature}`, async () => {
      const [worker] = await this.snapshot(feature);
      if (!worker) throw new WoError("E_NO_WORKER", `No worker named ${feature}`);
      if (worker.pane?.alive && !options.force) {
        throw new WoError(
          "E_ALREADY_RUNNING",
          `Worker ${feature}'s agent is still running; it was not restarted`,
          {
            hint: `Talk to it (wo send ${feature} "…"), or restart it anyway: wo resume ${feature} --force`,
          },
        );
      }
      if (worker.pane) await this.tmux.killSession(worker.session);
      const base = await this.baseBranch();
      const history = await readHistory(this.repo, this.config.branchPrefix, base);
      const own = history.branches.find((b) => b.branch === worker.branch);
      const completed = (own?.commits ?? [])
        .filter((c) => c.status?.kind === "checkpoint" || c.status?.kind === "complete")
        .reverse()
        .map((c) => c.subject);
      const tasks = Array.isArray(worker.meta?.tasks) ? (worker.meta.tasks as unknown[]).map(String) : [];
      const task = typeof worker.meta?.worker?.task === "string" ? worker.meta.worker.task : tasks.join("; ");
      const reason =
        worker.status === "dead" ? "crashed (its tmux session ended)" : "stalled and was restarted";
      const prompt = workerPrompt(
        `${continuationPrompt({ id: feature, reason }, { completed, remaining: tasks.length > 0 ? tasks : [task] })}\n## Original task\n${task}\n`,
      );
      return this.spawn(feature, task || "(resumed)", { ...options, prompt });
    });
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────────────────────────

  async #ensureExcludes(): Promise<void> {
    const root = path.resolve(this.repo.root, this.config.worktreeRoot);
    const relative = path.relative(this.repo.root, root);
    const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
    await ensureExcludes(this.repo, [
      ...(inside ? [`/${relative.split(path.sep).join("/")}/`] : []),
      ...PROTOCOL_EXCLUDES,
    ]);
  }

  async #records(): Promise<WorkerRecord[]> {
    const root = path.resolve(this.repo.root, this.config.worktreeRoot);
    // Read from git's files when it can be (no process: status runs in loops), else asked of git. By path, so the
    // order does not depend on which way they were read.
    const worktrees =
      readLinkedWorktrees(this.repo) ??
      (await listWorktrees(this.repo))
        .filter((w) => !w.bare && w.path !== this.repo.root)
        .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const records = await Promise.all(
      worktrees.map(async (w): Promise<WorkerRecord | null> => {
        let meta: WorktreeMeta | null = null;
        let metaProblem: string | null = null;
        try {
          meta = await readWorktreeMeta(w.path);
        } catch (error) {
          metaProblem = (error as Error).message;
        }
        const underRoot = path.dirname(w.path) === root;
        if (!underRoot && !meta) return null;
        const feature =
          meta?.feature && typeof meta.feature === "string" ? meta.feature : path.basename(w.path);
        return {
          feature,
          path: w.path,
          branch: w.branch,
          session: this.sessionName(feature),
          meta,
          metaProblem,
        };
      }),
    );
    return records.filter((r): r is WorkerRecord => r !== null);
  }

  async #record(feature: string): Promise<WorkerRecord> {
    validateFeatureName(feature);
    const record = (await this.#records()).find((r) => r.feature === feature);
    if (!record) {
      throw new WoError(
        "E_NO_WORKER",
        `No worker named ${feature}: there is no worktree ${this.worktreePath(feature)}`,
        {
          hint: `See the workers with wo status, or create this one: wo worktree add ${feature}`,
        },
      );
    }
    return record;
  }

  /**
   * Every worker pane on the tmux server. Without tmux installed (a CI runner, a machine that only plans and
   * integrates) there are no sessions: read-only operations go on, and only starting an agent needs tmux.
   */
  async #panes(): Promise<Map<string, PaneState>> {
    try {
      return paneStates(await this.tmux.listPanes());
    } catch (error) {
      if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED") return new Map();
      throw error;
    }
  }

  /** {@link #panes} and the last line of each session's pane, in one tmux call (see `listPanesAndCapture`). */
  async #panesAndCaptures(
    sessions: string[],
  ): Promise<{ panes: Map<string, PaneState>; captures: Map<string, string[]> }> {
    try {
      const { panes, captures } = await this.tmux.listPanesAndCapture(sessions, { lines: 1 });
      return { panes: paneStates(panes), captures };
    } catch (error) {
      if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED")
        return { panes: new Map(), captures: new Map() };
      throw error;
    }
  }

  /**
   * Runs `fn` holding the per-repository lock (another wo process waits, see {@link acquireRepositoryLock}); calls
   * made from inside it run without waiting for themselves.
   */
  async #locked<T>(command: string, fn: () => Promise<T>): Promise<T> {
    if (this.#holding.getStore()) return fn();
    const held = await acquireRepositoryLock(this.stateDir, command);
    try {
      return await this.#holding.run(true, fn);
    } finally {
      await held.release();
    }
  }

  /** Kills a session; `false` when there was none, or no tmux to run one. */
  async #killSession(name: string): Promise<boolean> {
    try {
      return await this.tmux.killSession(name);
    } catch (error) {
      if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED") return false;
      throw error;
    }
  }

  async #statusOf(records: WorkerRecord[]): Promise<EffectiveStatus[]> {
    const panes = await this.#panes();
    return Promise.all(
      records.map(async (record) => {
        const file = await readWorkerStatus(record.path).catch(() => null);
        return effectiveStatus(file, panes.get(record.session) ?? null);
      }),
    );
  }

  #allocatePort(records: WorkerRecord[], self: WorkerRecord): number {
    const own = self.meta?.port;
    const taken = new Set(
      records
        .filter((r) => r !== self)
        .map((r) => r.meta?.port)
        .filter((p): p is number => typeof p === "number"),
    );
    if (typeof own === "number" && !taken.has(own)) return own;
    let port = this.config.ports.base;
    while (taken.has(port)) port += 1;
    return port;
  }

  /** A result from an earlier run is moved to the state directory rather than overwritten or deleted. */
  async #archiveResult(record: WorkerRecord): Promise<void> {
    const file = path.join(record.path, PROTOCOL_FILES.result);
    if (!existsSync(file)) return;
    const modified = (await stat(file)).mtime.toISOString().replace(/[:.]/g, "-");
    const target = path.join(this.stateDir, "results", record.feature, `${modified}.md`);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(file, target);
  }

  async #clearRunningStatus(record: WorkerRecord): Promise<void> {
    const file = await readWorkerStatus(record.path).catch(() => null);
    if (file === "running") await rm(path.join(record.path, PROTOCOL_FILES.status), { force: true });
  }

  #killRequestFile(feature: string): string {
    return path.join(this.stateDir, "kill-requests", feature);
  }

  async #killConfirmed(feature: string): Promise<boolean> {
    try {
      const requested = Date.parse((await readFile(this.#killRequestFile(feature), "utf8")).trim());
      return this.#now().getTime() - requested <= KILL_CONFIRM_WINDOW_MS;
    } catch {
      return false;
    }
  }
}

/**
 * Files each branch's own work changed, for scope checks: the fork point → tip diff minus what merges on the
 * branch brought in from elsewhere (a worker that merged another worker's branch does not "own" those files).
 * ONE `git diff-tree --stdin` call for all branches: tree diffs, not one diff per commit.
 */
async function changedFilesByBranch(
  root: string,
  branches: readonly WorkerBranchHistory[],
): Promise<Map<string, string[]>> {
  const pairs: Array<{ branch: string; from: string; to: string; merged: boolean }> = [];
  for (const b of branches) {
    const oldest = b.commits.at(-1);
    // The fork point: where the branch's own first-parent line leaves the base.
    const fork = oldest?.parents[0];
    if (!fork) continue;
    pairs.push({ branch: b.branch, from: fork, to: b.tip, merged: false });
    for (const c of b.commits) {
      if (c.parents.length > 1)
        pairs.push({ branch: b.branch, from: c.parents[0] as string, to: c.sha, merged: true });
    }
  }
  const result = new Map<string, string[]>();
  if (pairs.length === 0) return result;
  // --always: every pair prints its header (its FIRST commit), even without changes, so headers arrive in input
  // order and pairs sharing a fork point cannot be confused.
  const out = await git(["diff-tree", "--stdin", "--always", "-r", "--name-only", "--no-renames", "-z"], {
    cwd: root,
    input: `${pairs.map((p) => `${p.from} ${p.to}`).join("\n")}\n`,
  });
  const files = new Map<number, string[]>();
  let index = -1;
  for (const token of out.stdout.split("\0")) {
    if (token === "") continue;
    if (index + 1 < pairs.length && token === pairs[index + 1]?.from) {
      index += 1;
      files.set(index, []);
    } else if (index >= 0) files.get(index)?.push(token);
  }
  const merged = new Map<string, Set<string>>();
  for (const [i, list] of files) {
    const pair = pairs[i] as (typeof pairs)[number];
    if (pair.merged) {
      const set = merged.get(pair.branch) ?? new Set<string>();
      for (const f of list) set.add(f);
      merged.set(pair.branch, set);
    }
  }
  for (const [i, list] of files) {
    const pair = pairs[i] as (typeof pairs)[number];
    if (pair.merged) continue;
    const exclude = merged.get(pair.branch) ?? new Set<string>();
    result.set(pair.branch, list.filter((f) => !exclude.has(f)).sort());
  }
  return result;
}

function lastLine(text: string): string {
  return (
    text
      .split("\n")
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== "")
      .at(-1) ?? ""
  );
}

/**
 * Worker side of the protocol (`wo report`): writes the result (when given; otherwise the worker's own
 * `.worker-result.md` stays as it is), then the status, each atomically, so a reader that sees the status also
 * sees the result.
 */
export async function reportWorker(
  cwd: string,
  status: "done" | "failed",
  result: string | null,
): Promise<{ worktree: string; status: "done" | "failed" }> {
  const repo = await openRepository(cwd);
  if (repo.cwdTree === repo.root && !existsSync(path.join(repo.cwdTree, PROTOCOL_FILES.meta))) {
    throw new WoError("E_NOT_A_WORKER", `${repo.cwdTree} is not a worker's worktree; nothing was reported`, {
      hint: "Run wo report inside the worktree of a worker (WO_WORKTREE in a worker's environment)",
    });
  }
  if (result !== null) await writeWorkerResult(repo.cwdTree, result);
  await writeWorkerStatus(repo.cwdTree, status);
  return { worktree: repo.cwdTree, status };
}
