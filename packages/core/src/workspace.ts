import { createHash } from "node:crypto";
import { realpathSync } from "node:fs";
import path from "node:path";
import { Tmux } from "@wo/tmux";
import { type Repository, type WoStatePaths, woStatePaths } from "@wo/worktree";
import type { WoConfig } from "./config-schema.js";

/**
 * What every operation on a repository's workers needs, and nothing more: the repository, its configuration, where
 * wo's state lives, how workers are named, the tmux server, the clock and the environment. The `Orchestrator`
 * facade makes one and passes it to the modules (spawn, kill, status, setup, …), which never import the facade.
 */
export interface Workspace {
  readonly repo: Repository;
  readonly config: WoConfig;
  readonly paths: WoStatePaths;
  readonly names: WorkerNames;
  readonly tmux: Tmux;
  /**
   * Who this repository's tmux sessions belong to: `id` (recorded on every session wo starts, see docs/design.md,
   * "Names") tells them from another repository's and from sessions made outside wo; `label` names the repository in
   * messages.
   */
  readonly owner: { id: string; label: string };
  /** The clock, for durations and stall detection. */
  readonly now: () => Date;
  /** Environment: tmux socket, PATH for agents, workers' base environment. */
  readonly env: NodeJS.ProcessEnv;
}

/** Where a feature's worktree is, and what its tmux session and branch are called. */
export interface WorkerNames {
  worktreePath(feature: string): string;
  sessionName(feature: string): string;
  branchName(feature: string): string;
}

/** The workspace of an opened repository; the tmux server comes from `WO_TMUX_SOCKET`, else `tmux.socket`. */
export function createWorkspace(
  repo: Repository,
  config: WoConfig,
  env: NodeJS.ProcessEnv,
  now: () => Date,
): Workspace {
  return {
    repo,
    config,
    paths: woStatePaths(repo.commonDir),
    names: workerNames(repo, config),
    tmux: new Tmux({ socket: env.WO_TMUX_SOCKET || config.tmux.socket, env }),
    owner: repositoryOwner(repo),
    now,
    env,
  };
}

/** The naming rule of the configuration: `<worktreeRoot>/<feature>`, `<sessionPrefix><feature>`, `<branchPrefix><feature>`. */
function workerNames(repo: Repository, config: WoConfig): WorkerNames {
  return {
    worktreePath: (feature) => path.resolve(repo.root, config.worktreeRoot, feature),
    sessionName: (feature) => `${config.sessionPrefix}${feature}`,
    branchName: (feature) => `${config.branchPrefix}${feature}`,
  };
}

/**
 * The owner id of a repository's sessions: a hash of its git common dir, the same from the main
 * checkout, from every linked worktree and through any symlink, and from no other repository.
 */
function repositoryOwner(repo: Repository): { id: string; label: string } {
  let dir = repo.commonDir;
  try {
    dir = realpathSync(dir);
  } catch {
    // An unreadable path stays as git printed it: the id is still this repository's, only a symlinked alias differs.
  }
  const id = createHash("sha256").update(dir).digest("hex").slice(0, 32);
  return { id, label: repo.root };
}
