import {
  type CommitStatus,
  findNeedsCycles,
  isNeedSatisfied,
  type NeedsEdge,
  newestCommits,
  type WorkerBranchHistory,
  type WorkerCommit,
} from "@wo/commits";
import { FEATURE_NAME_PATTERN } from "@wo/worktree/names";
import type { WaitingFor } from "./agents/adapter.js";
import { shellWord } from "./scripts.js";
import type { EffectiveStatus } from "./status.js";

/** One worker as the monitor sees it: git history plus the worktree's files and tmux. */
export interface MonitorInput {
  feature: string;
  /** Plan worker id (`task-2`), when the worker came from a plan. */
  workerId: string | null;
  branch: string;
  history: WorkerBranchHistory | null;
  status: EffectiveStatus;
  /** What `.worker-status` says. */
  fileStatus: "running" | "done" | "failed" | null;
  startedAt: string | null;
  scope: string[];
  /** Files the branch's own work changed (for the scope check). */
  changedFiles: string[];
  /** A session exists and its pane is alive. */
  alive: boolean;
  /** What its live agent waits for (`status` is then `waiting`); `null` or absent when it does not wait. */
  waitingFor?: WaitingFor | null;
  /** The integration test the worker's merge made fail (`wo integrate --test`), when one is recorded. */
  check?: FailingCheckInput | null;
}

/** A worker's failing check as the monitor needs it. */
export interface FailingCheckInput {
  /** The command as typed. */
  command: string;
  /** `integration/<name>`. */
  integration: string;
  /** Runs already given the check, and how many are allowed (`checks.retries`). */
  retries: number;
  budget: number;
}

/** Kinds of {@link MonitorFinding}. */
export type FindingKind =
  | "blocked"
  | "needs-unmet"
  | "needs-satisfied"
  | "needs-unknown"
  | "stalled"
  | "waiting"
  | "dead"
  | "disagree"
  | "stray"
  | "cycle"
  | "out-of-scope"
  | "malformed"
  | "conflict"
  | "bad-branch"
  | "check-failed"
  | "all-complete";

/** A structured alert: what the `alerts`/`actions` strings are made from. */
export interface MonitorFinding {
  kind: FindingKind;
  /** The worker concerned (`null` for stray commits on the base). */
  worker: string | null;
  alert: string;
  action: string | null;
  /** For `needs-*`: who provides what. */
  provider?: string;
  item?: string;
  /** For `stray`: the commit. */
  sha?: string;
  /** For `cycle`: the workers in the cycle. */
  cycle?: string[];
  /** For `out-of-scope` and `conflict`: the files. */
  files?: string[];
  /** For `conflict`: the other worker. */
  other?: string;
}

/** One row of the Worker Status Report (a worker of `wo monitor --json`, docs/design.md "JSON shapes"). */
export interface MonitorWorker {
  worker: string;
  branch: string;
  commits: number;
  lastCommitAt: string | null;
  status: "checkpoint" | "blocked" | "needs" | "complete" | "none";
  reason: string | null;
  needs: { worker: string; item: string } | null;
  /** What the worker's live agent waits for (`permission`, `input`, `dialog`, `turn-ended`); `null` otherwise. */
  waitingFor: WaitingFor | null;
}

/** `wo monitor --json`: the contract's `workers`, `alerts`, `actions`, plus the structured `findings`. */
export interface MonitorReport {
  base: string;
  generatedAt: string;
  workers: MonitorWorker[];
  alerts: string[];
  actions: string[];
  findings: MonitorFinding[];
  /** With `--forecast`: which worker branches would conflict if merged now (pairs) and a clean merge order. */
  forecast?: { pairs: Array<{ a: string; b: string; files: string[] }>; suggestedOrder: string[] };
}

/** Everything {@link buildMonitorReport} needs. */
export interface MonitorReportInput {
  base: string;
  workers: MonitorInput[];
  strayCommits: WorkerCommit[];
  now: Date;
  /** A running worker without a commit for this long is stalled. */
  stallMs: number;
  /** How workers are named in commands (`wo resume <feature>`). */
  branchPrefix: string;
  /** Conflicting pairs from a merge-tree forecast, when one was made. */
  forecast?: { pairs: Array<{ a: string; b: string; files: string[] }>; suggestedOrder: string[] };
  /**
   * Who acts on the recommended actions: `terminal` (default) names `wo` commands; `ci` (the GitHub Action, where
   * workers are CI jobs that push their branches) says what to do with the workflow instead.
   */
  audience?: MonitorAudience;
}

/** Who reads a report's recommended actions: a user at a terminal, or a CI workflow's run. */
export type MonitorAudience = "terminal" | "ci";

/** How long ago `from` was, short: `42m`, `3h 5m`, `2d`. */
export function ago(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h${minutes % 60 ? ` ${minutes % 60}m` : ""}` : `${Math.floor(hours / 24)}d`;
}

function label(status: CommitStatus | null): string {
  if (!status) return "no status commit";
  switch (status.kind) {
    case "checkpoint":
      return "[CHECKPOINT]";
    case "complete":
      return "[COMPLETE]";
    case "blocked":
      return `[BLOCKED:${status.reason}]`;
    case "needs":
      return `[NEEDS:${status.worker}/${status.item}]`;
  }
}

/** How many of a branch's newest commits are checked for malformed prefixes. */
const MALFORMED_WINDOW = 200;

/** Resolves the worker a `[NEEDS:x/…]` names: a feature, a plan worker id (`task-2`), or a unique `task-2-…` prefix. */
export function resolveWorker(name: string, workers: readonly MonitorInput[]): MonitorInput | null {
  return (
    workers.find((w) => w.feature === name) ??
    workers.find((w) => w.workerId === name) ??
    (() => {
      const matches = workers.filter((w) => w.feature.startsWith(`${name}-`));
      return matches.length === 1 ? (matches[0] as MonitorInput) : null;
    })()
  );
}

/**
 * Phase 3's Worker Status Report with its Alerts and Recommended Actions, from data: each rule of
 * {@link WORKER_RULES} over each worker, then each rule of {@link REPORT_RULES} over the whole input, in that
 * order. Pure.
 */
export function buildMonitorReport(input: MonitorReportInput): MonitorReport {
  const context: RuleContext = { input, ci: input.audience === "ci" };
  const findings: MonitorFinding[] = [];
  for (const w of input.workers) {
    for (const rule of WORKER_RULES) findings.push(...rule(w, context));
  }
  for (const rule of REPORT_RULES) findings.push(...rule(context));
  return {
    ...(input.forecast ? { forecast: input.forecast } : {}),
    base: input.base,
    generatedAt: input.now.toISOString(),
    workers: input.workers.map(reportRow),
    alerts: findings.map((f) => f.alert),
    actions: findings.map((f) => f.action).filter((a): a is string => a !== null),
    findings,
  };
}

/** What every rule may look at: the whole input, and whether the actions are worded for a CI workflow. */
interface RuleContext {
  input: MonitorReportInput;
  ci: boolean;
}

/** A check of one worker: the findings it raises (usually none or one). */
type WorkerRule = (w: MonitorInput, context: RuleContext) => MonitorFinding[];

/** A check across workers (dependencies between them, the base branch, the forecast). */
type ReportRule = (context: RuleContext) => MonitorFinding[];

/** The per-worker checks, in the order their findings appear for each worker. */
const WORKER_RULES: readonly WorkerRule[] = [
  badBranchName,
  blocked,
  needs,
  waitingForPerson,
  deadOrStalled,
  statusDisagreement,
  malformedPrefix,
  outOfScope,
  failingCheck,
];

/** The checks across workers, after every worker's own findings. */
const REPORT_RULES: readonly ReportRule[] = [needsCycles, strayCommits, forecastConflicts, allComplete];

/** Every worker has finished ([COMPLETE] or status done): the next step is to integrate them. */
function allComplete({ input, ci }: RuleContext): MonitorFinding[] {
  const done = (w: MonitorInput) => w.history?.status?.kind === "complete" || w.fileStatus === "done";
  if (input.workers.length === 0 || !input.workers.every(done)) return [];
  return [
    {
      kind: "all-complete",
      worker: null,
      alert: `All ${input.workers.length} worker(s) are complete`,
      action: ci
        ? "Run the workflow's integrate mode to merge the finished workers"
        : "Integrate them: wo integrate <name> (add --dry-run first to forecast conflicts)",
    },
  ];
}

/** A worker's row of the report: its commits and its last status commit. */
function reportRow(w: MonitorInput): MonitorWorker {
  const h = w.history;
  const status = h?.status ?? null;
  return {
    worker: w.feature,
    branch: w.branch,
    commits: h?.commitCount ?? 0,
    lastCommitAt: h?.lastCommitAt ? h.lastCommitAt.toISOString() : null,
    status: status ? status.kind : "none",
    reason: status?.kind === "blocked" ? status.reason : status?.kind === "needs" ? status.item : null,
    needs: status?.kind === "needs" ? { worker: status.worker, item: status.item } : null,
    waitingFor: w.status === "waiting" ? (w.waitingFor ?? null) : null,
  };
}

/** What a waiting agent waits for, in words, and what answers it: a reply typed in, or a person at its pane. */
const WAITING_WORDS: Record<WaitingFor, { what: string; attach: boolean }> = {
  permission: { what: "waits for permission to go on", attach: true },
  dialog: { what: "is stopped at a dialog", attach: true },
  input: { what: "waits for an answer", attach: false },
  "turn-ended": { what: "ended its turn without reporting (wo report)", attach: false },
};

/** A live agent that waits for a person: a prompt or dialog wants someone at its pane, a question or an ended turn a reply. */
function waitingForPerson(w: MonitorInput): MonitorFinding[] {
  if (w.status !== "waiting" || !w.waitingFor) return [];
  const words = WAITING_WORDS[w.waitingFor];
  const feature = shellWord(w.feature);
  return [
    {
      kind: "waiting",
      worker: w.feature,
      alert: `Worker ${w.feature}'s agent ${words.what}`,
      action: words.attach
        ? `Answer ${w.feature}'s agent at its pane: wo attach ${feature}`
        : `Tell ${w.feature} how to go on: wo send ${feature} "<what to do next>"`,
    },
  ];
}

/** A branch under the worker prefix whose name is not a feature name cannot be forecast or integrated. */
function badBranchName(w: MonitorInput, { input }: RuleContext): MonitorFinding[] {
  if (FEATURE_NAME_PATTERN.test(w.feature)) return [];
  return [
    {
      kind: "bad-branch",
      worker: w.feature,
      alert: `Branch ${w.branch} is not a valid worker name (lowercase letters, digits and dashes): forecasts and integration leave it out`,
      action: `Rename it: git branch -m ${shellWord(w.branch)} ${shellWord(input.branchPrefix)}<valid-name>`,
    },
  ];
}

/** A worker whose last status commit is `[BLOCKED:…]` waits for a person. */
function blocked(w: MonitorInput, { ci }: RuleContext): MonitorFinding[] {
  const status = w.history?.status ?? null;
  if (status?.kind !== "blocked") return [];
  return [
    {
      kind: "blocked",
      worker: w.feature,
      alert: `Worker ${w.feature} is BLOCKED: ${status.reason}${status.message ? ` (${status.message})` : ""}`,
      action: ci
        ? `Unblock ${w.feature} (${status.reason}), then re-run the workflow: its worker job continues on ${w.branch}`
        : w.alive
          ? `Unblock ${w.feature} (${status.reason}), then tell it to continue: wo send ${shellWord(w.feature)} "<what changed>"`
          : `Unblock ${w.feature} (${status.reason}), then restart its agent, which has exited: wo resume ${shellWord(w.feature)}`,
    },
  ];
}

/** A worker waiting on `[NEEDS:x/item]`: x is unknown, has delivered the item, or has not yet. */
function needs(w: MonitorInput, { input, ci }: RuleContext): MonitorFinding[] {
  const status = w.history?.status ?? null;
  if (status?.kind !== "needs") return [];
  const provider = resolveWorker(status.worker, input.workers);
  if (!provider) {
    return [
      {
        kind: "needs-unknown",
        worker: w.feature,
        provider: status.worker,
        item: status.item,
        alert: `Worker ${w.feature} needs ${status.item} from ${status.worker}, but there is no such worker`,
        action: `Tell ${w.feature} which worker provides ${status.item}, or provide it yourself`,
      },
    ];
  }
  if (isNeedSatisfied(status, provider.history ?? undefined)) {
    return [
      {
        kind: "needs-satisfied",
        worker: w.feature,
        provider: provider.feature,
        item: status.item,
        alert: `Worker ${w.feature} is waiting for ${status.item}, which ${provider.feature} has delivered`,
        action: ci
          ? `Re-run the workflow: ${w.feature}'s worker job continues on ${w.branch} and can merge ${provider.branch}`
          : `Notify ${w.feature} to merge ${provider.branch} and resume (wo monitor --notify does it)`,
      },
    ];
  }
  return [
    {
      kind: "needs-unmet",
      worker: w.feature,
      provider: provider.feature,
      item: status.item,
      alert: `Worker ${w.feature} is waiting for ${status.item} from ${provider.feature}`,
      action: ci
        ? `Once ${provider.feature} delivers ${status.item}, re-run the workflow so ${w.feature} continues`
        : `Once ${provider.feature} delivers ${status.item}, notify ${w.feature} to resume (wo monitor --notify)`,
    },
  ];
}

/** A dead agent whose status says running; else an unfinished, running worker without a commit for too long. */
function deadOrStalled(w: MonitorInput, { input }: RuleContext): MonitorFinding[] {
  if (w.status === "dead") {
    return [
      {
        kind: "dead",
        worker: w.feature,
        alert: `Worker ${w.feature}'s agent is gone (tmux session ended) while its status says running`,
        action: `Restart ${w.feature} from its last checkpoint: wo resume ${shellWord(w.feature)}`,
      },
    ];
  }
  const status = w.history?.status ?? null;
  const finished = status?.kind === "complete" || w.fileStatus === "done" || w.fileStatus === "failed";
  // A waiting agent has its own finding: it is not stuck, it waits for someone.
  if (finished || w.status === "waiting" || !(w.alive || w.fileStatus === "running")) return [];
  const last = w.history?.lastCommitAt ?? (w.startedAt ? new Date(w.startedAt) : null);
  if (!last || Number.isNaN(last.getTime()) || input.now.getTime() - last.getTime() <= input.stallMs)
    return [];
  const what = w.history?.lastCommitAt ? "committed" : "committed since it started";
  return [
    {
      kind: "stalled",
      worker: w.feature,
      alert: `Worker ${w.feature} has not ${what} in ${ago(last, input.now)} (expected checkpoints)`,
      action: `Check on ${w.feature} (wo attach ${shellWord(w.feature)}); if it is stuck: wo resume ${shellWord(w.feature)}`,
    },
  ];
}

/** The status file and the status commits tell different stories. */
function statusDisagreement(w: MonitorInput): MonitorFinding[] {
  const status = w.history?.status ?? null;
  const disagreement =
    w.fileStatus === "done" && status?.kind !== "complete"
      ? `.worker-status says done but its last status commit is ${label(status)}: work may be uncommitted`
      : w.fileStatus === "failed" && status?.kind === "complete"
        ? ".worker-status says failed but it committed [COMPLETE]"
        : status?.kind === "complete" && w.fileStatus === "running" && w.alive
          ? "it committed [COMPLETE] but .worker-status still says running"
          : null;
  if (!disagreement) return [];
  return [
    {
      kind: "disagree",
      worker: w.feature,
      alert: `Worker ${w.feature}: ${disagreement}`,
      action: `Check ${w.feature}: its result (wo collect ${shellWord(w.feature)}) against its commits (git log ${shellWord(w.branch)})`,
    },
  ];
}

/** The newest recent commit that looks like a status commit but was not read as one. */
function malformedPrefix(w: MonitorInput): MonitorFinding[] {
  // Recent commits only: a malformed prefix deep in the past is history, and reading every subject of a long
  // branch would cost the monitor its speed.
  for (const commit of w.history ? newestCommits(w.history, MALFORMED_WINDOW) : []) {
    if (commit.problem && /NEEDS|BLOCKED|COMPLETE|CHECKPOINT/.test(commit.problem)) {
      return [
        {
          kind: "malformed",
          worker: w.feature,
          sha: commit.sha,
          alert: `Worker ${w.feature}: commit ${commit.sha.slice(0, 7)} "${commit.subject}" was not read as a status: ${commit.problem}`,
          action: null,
        },
      ];
    }
  }
  return [];
}

/** Files the worker's own work changed outside its scope. */
function outOfScope(w: MonitorInput): MonitorFinding[] {
  if (w.scope.length === 0) return [];
  const outside = w.changedFiles.filter(
    (file) => !w.scope.some((s) => (s.endsWith("/") ? file.startsWith(s) : file === s)),
  );
  if (outside.length === 0) return [];
  return [
    {
      kind: "out-of-scope",
      worker: w.feature,
      files: outside,
      alert: `Worker ${w.feature} changed ${outside.length} file(s) outside its scope: ${shortList(outside)}`,
      action: `Review ${w.feature}'s out-of-scope changes before integrating; other workers may own those files`,
    },
  ];
}

/**
 * The integration test the worker's merge made fail: resume it with the check while retries remain, then a person is
 * needed.
 */
function failingCheck(w: MonitorInput): MonitorFinding[] {
  const check = w.check;
  if (!check) return [];
  const exhausted = check.retries >= check.budget;
  return [
    {
      kind: "check-failed",
      worker: w.feature,
      alert: exhausted
        ? `Worker ${w.feature} still makes \`${check.command}\` fail in ${check.integration} after ${check.retries} retries: it needs a person`
        : `Worker ${w.feature}'s merge makes \`${check.command}\` fail in ${check.integration} (${check.retries} of ${check.budget} retries used)`,
      action: exhausted
        ? `Look at it yourself: wo diff ${shellWord(w.feature)}, then fix it in its worktree or resume it anyway (wo resume ${shellWord(w.feature)} --force)`
        : `Give it the failing command and the end of its log: wo resume ${shellWord(w.feature)}`,
    },
  ];
}

/** Workers waiting on each other in a circle (deadlock). */
function needsCycles({ input }: RuleContext): MonitorFinding[] {
  return findNeedsCycles(needsEdges(input.workers)).map((cycle) => ({
    kind: "cycle",
    worker: null,
    cycle,
    alert: `Cross-dependency deadlock: ${[...cycle, cycle[0]].join(" → ")} (each waits for the next)`,
    action: `Break the deadlock: have one worker create a stub/interface, or merge partial work and let one worker complete both, or redefine the scopes`,
  }));
}

/** Prefixed commits on the base: a worker committed to the wrong branch; the recovery commands move them. */
function strayCommits({ input }: RuleContext): MonitorFinding[] {
  return input.strayCommits.map((commit) => ({
    kind: "stray",
    worker: null,
    sha: commit.sha,
    alert: `Commit ${commit.sha.slice(0, 7)} "${commit.subject}" on ${input.base} carries a worker prefix: a worker committed to the wrong branch`,
    action: `Move ${commit.sha.slice(0, 7)} to its worker branch: git switch ${shellWord(input.branchPrefix)}<worker> && git cherry-pick ${commit.sha}; then take it off ${input.base}: git switch ${shellWord(input.base)} && git revert ${commit.sha} (or, if ${input.base} was never pushed, git reset --hard ${commit.sha}^)`,
  }));
}

/** Pairs of worker branches the merge-tree forecast says will conflict. */
function forecastConflicts({ input, ci }: RuleContext): MonitorFinding[] {
  return (input.forecast?.pairs ?? []).map((pair) => {
    const shown = shortList(pair.files);
    return {
      kind: "conflict",
      worker: pair.a,
      other: pair.b,
      files: pair.files,
      alert: `Workers ${pair.a} and ${pair.b} will conflict when merged: ${shown}`,
      action: ci
        ? `Agree who owns ${shown} before integrating (mode: integrate merges the others and names the conflicting ones)`
        : `Agree who owns ${shown} before integrating (wo integrate <name> --dry-run shows a clean merge order)`,
    };
  });
}

/** Who waits for whom: one edge per `[NEEDS]` whose provider is a known worker, in worker order. */
function needsEdges(workers: readonly MonitorInput[]): NeedsEdge[] {
  const edges: NeedsEdge[] = [];
  for (const w of workers) {
    const status = w.history?.status ?? null;
    if (status?.kind !== "needs") continue;
    const provider = resolveWorker(status.worker, workers);
    if (provider) edges.push({ from: w.feature, to: provider.feature });
  }
  return edges;
}

/** The first five files, and how many more. */
function shortList(files: readonly string[]): string {
  return files.slice(0, 5).join(", ") + (files.length > 5 ? ` and ${files.length - 5} more` : "");
}
