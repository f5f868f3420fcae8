import path from "node:path";

/**
 * Where wo keeps its private state: `<git common dir>/wo/…`, shared by every worktree of the repository and never
 * committed. One object so the layout is spelled once (docs/architecture.md, "Where state lives"); the repository
 * lock keeps its own two files in `root` (see core's `acquireRepositoryLock`).
 */
export interface WoStatePaths {
  /** `<common dir>/wo`: the state directory itself. */
  root: string;
  /** The prompt of a worker's agent (also what `{prompt_file}` points to). */
  prompt(feature: string): string;
  /** The launch spec of a worker (the agent's argv). */
  launch(feature: string): string;
  /** Where a worker's earlier results are archived when it is spawned again. */
  results(feature: string): string;
  /** The first, warned kill of a running worker (its time). */
  killRequest(feature: string): string;
  /** The per-worktree hooks directory that runs the scope guard. */
  hooks(feature: string): string;
  /**
   * wo's own directory for a worker's agent: the settings file wo passes it per run, and the state its hooks record
   * (never in the worktree).
   */
  agent(feature: string): string;
  /** The `[NEEDS]` notifications already sent. */
  notified: string;
  /** Worker branches whose worktree wo removed while keeping the branch (with their tip then). */
  retired: string;
  /** A worker's failing check: the integration test its merge made fail, and how often it was retried. */
  check(feature: string): string;
  /** The integration report of `integration/<name>`. */
  report(name: string): string;
  /** The journals of interrupted integrations. */
  integration: string;
}

/** The state paths of the repository whose git common directory is `commonDir`. Pure. */
export function woStatePaths(commonDir: string): WoStatePaths {
  const root = path.join(commonDir, "wo");
  return {
    root,
    prompt: (feature) => path.join(root, "prompts", `${feature}.md`),
    launch: (feature) => path.join(root, "launch", `${feature}.json`),
    results: (feature) => path.join(root, "results", feature),
    killRequest: (feature) => path.join(root, "kill-requests", feature),
    hooks: (feature) => path.join(root, "hooks", feature),
    agent: (feature) => path.join(root, "agents", feature),
    notified: path.join(root, "notified.json"),
    retired: path.join(root, "retired.json"),
    check: (feature) => path.join(root, "checks", `${feature}.json`),
    report: (name) => path.join(root, "reports", `${name}.md`),
    integration: path.join(root, "integration"),
  };
}
