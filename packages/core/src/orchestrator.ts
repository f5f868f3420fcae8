import { AsyncLocalStorage } from "node:async_hooks";
import type { Tmux } from "@wo/tmux";
import { openRepository, type Repository } from "@wo/worktree";
import { baseBranch } from "./base-branch.js";
import {
  type ChangesOptions,
  type DiffOptions,
  type WorkerDiff,
  type WorkerLog,
  workerDiff,
  workerLog,
} from "./changes.js";
import type { CleanupOptions, CleanupResult } from "./cleanup.js";
import { loadConfig } from "./config.js";
import type { WoConfig, WoConfigInput } from "./config-schema.js";
import type { DoctorOptions, DoctorReport } from "./doctor.js";
import type { InitOptions, InitResult } from "./init.js";
import type {
  IntegrationForecast,
  IntegrationOptions,
  IntegrationReport,
  IntegrationSelection,
  SelectionOptions,
} from "./integration.js";
import { type KillResult, killAllWorkers, killWorker } from "./kill.js";
import { acquireRepositoryLock } from "./lock.js";
import type { MonitorReport } from "./monitor.js";
import { type MonitorOptions, monitorWorkers } from "./monitor-input.js";
import { type Notification, notifySatisfiedNeeds } from "./notify.js";
import type { Plan } from "./plan.js";
import { resumeWorker } from "./resume.js";
import { attachCommand, type SendResult, sendToWorkers } from "./send.js";
import { type SetupOptions, type SetupResult, setupWorkers } from "./setup.js";
import { snapshotWorkers, type WorkerSnapshot } from "./snapshot.js";
import { type SpawnOptions, type SpawnResult, spawnWorker } from "./spawn.js";
import { type Watcher, type WatchOptions, watchWorkers } from "./watch.js";
import {
  type CollectEntry,
  collectResults,
  type WorkerStatusEntry,
  workerStatuses,
  workersWithSessions,
} from "./worker-status.js";
import type { WorkerWorktree } from "./workers.js";
import { createWorkspace, type Workspace } from "./workspace.js";
import {
  addWorkerWorktree,
  listWorkerWorktrees,
  type RemovedWorktree,
  removeWorkerWorktree,
} from "./worktrees.js";

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

/** The workspace behind each orchestrator, for the functions beside the class (see {@link selectForIntegration}). */
const workspaces = new WeakMap<Orchestrator, Workspace>();

/**
 * The orchestrator facade scripts import: worktrees, worker lifecycle (spawn, status, collect, kill, send),
 * setup, monitoring and integration. It holds the repository lock for state-changing calls and delegates to one
 * module per concern, each working on a {@link Workspace}. Methods return data and throw typed errors; nothing
 * prints.
 */
export class Orchestrator {
  readonly repo: Repository;
  readonly config: WoConfig;
  readonly tmux: Tmux;
  readonly #ws: Workspace;
  /** Set inside a call that holds the repository lock, so a call made from inside it does not wait for itself. */
  readonly #holding = new AsyncLocalStorage<boolean>();

  private constructor(ws: Workspace) {
    this.#ws = ws;
    this.repo = ws.repo;
    this.config = ws.config;
    this.tmux = ws.tmux;
    workspaces.set(this, ws);
  }

  /** Opens the repository containing `cwd` and loads its configuration. */
  static async open(options: OrchestratorOptions = {}): Promise<Orchestrator> {
    const repo = await openRepository(options.cwd ?? process.cwd());
    const config = await loadConfig(repo.root, options.config);
    return new Orchestrator(
      createWorkspace(repo, config, options.env ?? process.env, options.now ?? (() => new Date())),
    );
  }

  /**
   * `wo init`: writes a starting `wo.config.json` (the agent found on `PATH`), adds wo's excludes and checks git,
   * tmux and the agents. Static: it works where the configuration is missing or broken (`force` replaces it).
   */
  static async init(options: InitOptions = {}): Promise<InitResult> {
    const { initRepository } = await import("./init.js");
    return initRepository(options);
  }

  /**
   * `wo doctor`: every known agent (installed, version, preset flags in its `--help`, consent missing for this
   * repository), git and tmux, and the root case; `fix` records the missing consent first. Static: it works without a
   * configuration and outside a repository.
   */
  static async doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
    const { diagnose } = await import("./doctor.js");
    return diagnose(options);
  }

  /** wo's private state directory: `<git common dir>/wo`, shared by all worktrees and never committed. */
  get stateDir(): string {
    return this.#ws.paths.root;
  }

  /** Where the worktree of `feature` lives. */
  worktreePath(feature: string): string {
    return this.#ws.names.worktreePath(feature);
  }

  /** The tmux session name of `feature`. */
  sessionName(feature: string): string {
    return this.#ws.names.sessionName(feature);
  }

  /** The branch name of `feature`. */
  branchName(feature: string): string {
    return this.#ws.names.branchName(feature);
  }

  // ── worktrees ──────────────────────────────────────────────────────────────────────────────────────────────────

  /** Creates `worktrees/<feature>` on branch `work/<feature>` from `base` (default: configured base, else HEAD). */
  async addWorktree(feature: string, options: { base?: string } = {}): Promise<WorkerWorktree> {
    return this.#locked(`worktree add ${feature}`, () => addWorkerWorktree(this.#ws, feature, options));
  }

  /** Worker worktrees (under the worktree root, or carrying `.worktree.json`), sorted by path. */
  async listWorktrees(): Promise<WorkerWorktree[]> {
    return listWorkerWorktrees(this.#ws);
  }

  /**
   * Removes the worktree of `feature` (its branch stays), archiving its result and final status first. Refused while
   * its worker runs, and when it has uncommitted changes unless `force`, which reports the paths it dropped.
   */
  async removeWorktree(feature: string, options: { force?: boolean } = {}): Promise<RemovedWorktree> {
    return this.#locked(`worktree remove ${feature}`, () => removeWorkerWorktree(this.#ws, feature, options));
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts an agent on `task` in the worktree of `feature`, in tmux session `wt-<feature>`. Refused without a
   * worktree, while the worker's session is alive, and when the agent's program is not installed.
   */
  async spawn(feature: string, task: string, options: SpawnOptions = {}): Promise<SpawnResult> {
    return this.#locked(`spawn ${feature}`, () => spawnWorker(this.#ws, feature, task, options));
  }

  /**
   * The raw state of every worker (or one): one tmux call, and git's files (or one git call when they cannot be
   * read), however many workers there are.
   */
  async snapshot(feature?: string): Promise<WorkerSnapshot[]> {
    return snapshotWorkers(this.#ws, feature);
  }

  /**
   * Status of every worker (or one): one tmux call (the panes and their last lines) and at most one git call,
   * however many workers.
   */
  async status(feature?: string): Promise<WorkerStatusEntry[]> {
    return workerStatuses(this.#ws, feature);
  }

  /**
   * Results of finished workers (`done`/`failed` only), then the last archived result of each worker whose worktree
   * is gone; with `archived`, every archived result instead. For one named feature that has not finished and has
   * no archive: `E_NOT_FINISHED`.
   */
  async collect(feature?: string, options: { archived?: boolean } = {}): Promise<CollectEntry[]> {
    return collectResults(this.#ws, feature, options);
  }

  /**
   * Stops the worker of `feature` (kills its tmux session). A running worker is only warned about — `E_RUNNING`,
   * nothing killed — unless `force` or the same kill is repeated within ten minutes. `.worker-result.md` is never
   * touched; a `running` status file is removed so the worktree shows as idle.
   */
  async kill(feature: string, options: { force?: boolean } = {}): Promise<KillResult> {
    return this.#locked(`kill ${feature}`, () => killWorker(this.#ws, feature, options));
  }

  /** Stops every worker. Refused (`E_RUNNING`, nothing killed) while any is running, unless `force`. */
  async killAll(options: { force?: boolean } = {}): Promise<KillResult[]> {
    return this.#locked("kill-all", () => killAllWorkers(this.#ws, options));
  }

  /** Workers that have a tmux session (running, or finished/dead but not yet killed). */
  async list(): Promise<WorkerStatusEntry[]> {
    return workersWithSessions(this.#ws);
  }

  /** The argv that puts the user's terminal on the worker's session (attach, or switch-client inside tmux). */
  async attachCommand(feature: string): Promise<{ argv: string[]; mode: "attach" | "switch" }> {
    return attachCommand(this.#ws, feature);
  }

  /**
   * Types `text` into the agent of each target (a feature, or every running worker for `"all"`) and submits it:
   * sanitized, pasted through a tmux buffer (never a shell or argv), Enter after the pause the worker's agent needs,
   * and counted as sent only when its pane shows the submission. A named worker that cannot be reached throws
   * (`E_NOT_SUBMITTED` when its agent did not take the text); `"all"` lists such workers in `failed`.
   */
  async send(target: string | { all: true }, text: string): Promise<SendResult> {
    return sendToWorkers(this.#ws, target, text);
  }

  // ── orchestration ─────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * Phase 2: for each worker of the plan, creates its worktree and branch, writes `.worktree.json`, bootstraps it,
   * renders the kickoff prompt and the launch script `.git/wo/launch/<feature>.sh`, optionally installs the scope
   * guard and starts the agent. Idempotent: a re-run on the same plan changes nothing and says so.
   */
  async setup(plan: Plan, options: SetupOptions = {}): Promise<SetupResult> {
    return this.#locked("setup", () => setupWorkers(this.#ws, plan, options));
  }

  /** Phase 4 dry run: forecasts every merge of the finished workers into `integration/<name>`; changes nothing. */
  async forecast(name: string, options: SelectionOptions = {}): Promise<IntegrationForecast> {
    // Integration code (merge-tree, p-limit) loads only when a command integrates.
    const { forecastIntegration } = await import("./integration.js");
    return forecastIntegration(this.#ws, name, options);
  }

  /** Phase 4: merges the finished workers into `integration/<name>` and writes the integration report. */
  async integrate(name: string, options: IntegrationOptions = {}): Promise<IntegrationReport> {
    const { integrateWorkers } = await import("./integration.js");
    return this.#locked(`integrate ${name}`, () => integrateWorkers(this.#ws, name, options));
  }

  /** Cleanup: sessions, worktrees, merged branches, orphans. */
  async cleanup(options: CleanupOptions = {}): Promise<CleanupResult> {
    const { cleanupAll } = await import("./cleanup.js");
    return this.#locked("cleanup", () => cleanupAll(this.#ws, options));
  }

  /**
   * Calls `onChange` when worker state may have changed: a worker branch moved, a worktree came or went, or a
   * worker wrote its status or result file; a slow timer covers what has no file event.
   */
  watch(onChange: (reason: string) => void, options: WatchOptions = {}): Watcher {
    return watchWorkers(this.#ws, onChange, options);
  }

  /** The branch workers start from and merge into: `requested`, the configured base, else the main worktree's branch. */
  async baseBranch(requested?: string): Promise<string> {
    return baseBranch(this.#ws, requested);
  }

  /** A worker's change against the merge base of its branch and the base branch (`git diff`, or `--stat`). */
  async diff(feature: string, options: DiffOptions = {}): Promise<WorkerDiff> {
    return workerDiff(this.#ws, feature, options);
  }

  /** A worker's own commits since the merge base, newest first, each with the status its prefix declares. */
  async log(feature: string, options: ChangesOptions = {}): Promise<WorkerLog> {
    return workerLog(this.#ws, feature, options);
  }

  /**
   * Phase 3: the Worker Status Report with alerts and recommended actions, from the workers' commits (a constant
   * number of git calls for any number of branches and commits), their files and tmux.
   */
  async monitor(options: MonitorOptions = {}): Promise<MonitorReport> {
    return monitorWorkers(this.#ws, options);
  }

  /**
   * Acts on a report: every worker whose `[NEEDS]` is satisfied and whose agent is alive gets the "Resume Work"
   * prompt typed into its session — once per need (remembered in `.git/wo/notified.json`).
   */
  async notifySatisfiedNeeds(report: MonitorReport): Promise<Notification[]> {
    return this.#locked("monitor --notify", () => notifySatisfiedNeeds(this.#ws, report));
  }

  /**
   * Restarts the agent of a dead or stalled worker on the same worktree with the continuation prompt (its
   * checkpoints so far, its remaining tasks). A worker whose agent is alive is refused unless `force`.
   */
  async resume(feature: string, options: SpawnOptions & { force?: boolean } = {}): Promise<SpawnResult> {
    return this.#locked(`resume ${feature}`, () => resumeWorker(this.#ws, feature, options));
  }

  /**
   * Runs `fn` holding the per-repository lock (another wo process waits, see {@link acquireRepositoryLock}); calls
   * made from inside it run without waiting for themselves.
   */
  async #locked<T>(command: string, fn: () => Promise<T>): Promise<T> {
    if (this.#holding.getStore()) return fn();
    const held = await acquireRepositoryLock(this.#ws.paths.root, command, { env: this.#ws.env });
    let result: T;
    try {
      result = await this.#holding.run(true, fn);
    } catch (error) {
      // The command's own error says more than a lost lock would.
      await held.release().catch(() => undefined);
      throw error;
    }
    await held.release();
    return result;
  }
}

/**
 * Chooses the workers to integrate: finished ones (or all with `includeIncomplete`), in plan order, dependencies
 * first, and the ones left out with the reason. Workers with a worktree here and worker branches without one (pushed
 * from CI runners) both count. (The integration code loads only when called.)
 */
export async function selectForIntegration(
  orchestrator: Orchestrator,
  options: SelectionOptions = {},
): Promise<IntegrationSelection> {
  const { selectForIntegration: select } = await import("./integration.js");
  return select(workspaces.get(orchestrator) as Workspace, options);
}
