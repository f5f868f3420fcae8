import { availableParallelism } from "node:os";
import { CommitsError } from "./errors.js";
import { badBase, createGitRunner, type GitRunner } from "./git.js";
import { CommitTable, LOG_FORMAT, LogParser, parseLogOutput } from "./log.js";
import { type CommitStatus, parseCommitPrefix } from "./prefix.js";
import { hasControlCharacters, stripControlCharacters } from "./text.js";

/** One commit of a worker branch (or a stray one on the base), with its parsed prefix. */
export interface WorkerCommit {
  sha: string;
  /** Parent shas, first parent first. */
  parents: string[];
  /** The subject with escape sequences and control characters removed. */
  subject: string;
  /** The author name, cleaned like `subject`. */
  authorName: string;
  committedAt: Date;
  /** What {@link parseCommitPrefix} read from the subject (merge commits are never statuses). */
  status: CommitStatus | null;
  problem: string | null;
}

/** The history of one worker branch since it left the base. */
export interface WorkerBranchHistory {
  /** Branch name without `refs/heads/`, e.g. `work/task-1-api`. */
  branch: string;
  /** The branch name without the branch prefix, e.g. `task-1-api`. */
  worker: string;
  /** The sha the branch points at. */
  tip: string;
  /**
   * The branch's own commits: its first-parent chain since it left the base, newest first. The chain stops at
   * another worker branch's tip: a branch fast-forwarded to (or started from) another worker's branch does not own
   * that worker's commits.
   */
  commits: WorkerCommit[];
  /** How many own commits: `commits.length`, without making the commit objects (they are made when first read). */
  commitCount: number;
  /** The status of the newest own commit that has one, or `null`. */
  status: CommitStatus | null;
  /** The latest commit time among own commits, or `null` when there are none. */
  lastCommitAt: Date | null;
  /** Paths changed by the own non-merge commits, sorted and unique; `[]` unless `includeFiles` was set. */
  files: string[];
}

/** Every worker branch's history plus stray prefixed commits on the base. */
export interface WorkerHistory {
  base: {
    /** The base as given, e.g. `main`. */
    ref: string;
    /** The commit it resolved to. */
    sha: string;
    /**
     * Commits with a status prefix on the base's first-parent chain since the earliest fork point, newest first: a
     * worker that committed to the wrong branch.
     */
    strayCommits: WorkerCommit[];
  };
  /** One entry per worker branch, sorted by branch name. */
  branches: WorkerBranchHistory[];
  /**
   * How many git processes were started: 2 without worker branches; else `for-each-ref` (unless `refs` were given),
   * the walk's shards (≤ 4), the base's head, and the rare merge-base, base walk and reflog calls — whatever the
   * number of branches.
   */
  gitCalls: number;
}

/** Options of {@link readWorkerHistory}. */
export interface ReadWorkerHistoryOptions {
  /** The branch (or any commit-ish) worker branches were created from. Default `main`. */
  base?: string;
  /** Branches under `refs/heads/<branchPrefix>` are worker branches. Default `work/`. */
  branchPrefix?: string;
  /** Also list the paths each branch's own commits changed (for scope checks); costs a diff per commit. Default false. */
  includeFiles?: boolean;
  /** How many git processes share the history walk. Default: the number of CPUs, at most 4. */
  parallelism?: number;
  /**
   * Every branch and its commit, when the caller has read them already (e.g. from the repository's ref files):
   * saves the `for-each-ref` call. Only those under `refs/heads/<branchPrefix>` count.
   */
  refs?: ReadonlyArray<{ ref: string; sha: string }>;
}

/** A branch as listed by for-each-ref. */
export interface BranchRef {
  /** Full ref name, e.g. `refs/heads/work/a`. */
  ref: string;
  sha: string;
}

const REF_FORMAT = "--format=%(objectname)%00%(refname)";
/** How many of the base's newest first-parent commits are read alongside the walk (see `readWorkerHistory`). */
const BASE_LOOKAHEAD = 256;
const WALK_ARGS = ["log", "-z", "--no-color", "--no-show-signature", LOG_FORMAT];

/** The revisions of a walk as arguments: `--end-of-options` and `--` keep each one a revision, never an option or path. */
function revisions(...revs: string[]): string[] {
  return ["--end-of-options", ...revs, "--"];
}

/** Parses `git for-each-ref --format=%(objectname)%00%(refname)` output. */
export function parseRefs(output: string): BranchRef[] {
  const refs: BranchRef[] = [];
  for (const line of output.split("\n")) {
    const [sha, ref] = line.split("\0");
    if (sha !== undefined && ref !== undefined) refs.push({ ref, sha });
  }
  return refs;
}

/**
 * A commit of a {@link CommitTable}: its text is decoded, and its prefix parsed, only when first asked for. A monitor
 * over tens of thousands of commits needs the status of a few of them. Serialises (`toJSON`) like a plain
 * {@link WorkerCommit}.
 */
class TableCommit implements WorkerCommit {
  readonly #table: CommitTable;
  readonly #row: number;
  #sha: string | undefined;
  #parents: string[] | undefined;
  #parsed: ReturnType<typeof parseCommitPrefix> | undefined;

  constructor(table: CommitTable, row: number) {
    this.#table = table;
    this.#row = row;
  }

  get sha(): string {
    this.#sha ??= this.#table.sha(this.#row);
    return this.#sha;
  }

  get parents(): string[] {
    this.#parents ??= this.#table.parents(this.#row);
    return this.#parents;
  }

  get subject(): string {
    return stripControlCharacters(this.#table.subject(this.#row)).trim();
  }

  get authorName(): string {
    return stripControlCharacters(this.#table.authorName(this.#row)).trim();
  }

  get committedAt(): Date {
    return new Date(this.#table.committedAt(this.#row) * 1000);
  }

  get status(): CommitStatus | null {
    return this.#parse().status;
  }

  get problem(): string | null {
    return this.#parse().problem;
  }

  #parse(): ReturnType<typeof parseCommitPrefix> {
    this.#parsed ??= parseCommitPrefix(this.#table.subject(this.#row), {
      parents: this.#table.parentCount(this.#row),
    });
    return this.#parsed;
  }

  toJSON(): Omit<WorkerCommit, "committedAt"> & { committedAt: string } {
    const { sha, parents, subject, authorName, committedAt, status, problem } = this;
    return { sha, parents, subject, authorName, committedAt: committedAt.toISOString(), status, problem };
  }
}

/** A worker branch's own commits and where it left the base. */
interface Attribution {
  branch: WorkerBranchHistory;
  /** Another branch's walk claimed one of this branch's own commits too. */
  shared: boolean;
  /**
   * The parent of the oldest own commit: where the branch left the base, or the tip of the worker branch its own
   * work starts from (`null` when its history never meets the base).
   */
  forkPoint: string | null;
}

/**
 * Attributes commits to branches in memory. `range` holds every commit reachable from some tip and not from the
 * base; a branch's own commits are its first-parent chain from the tip while it stays inside the range and does not
 * reach another worker branch's tip, so commits that arrived through a merge or a fast-forward (another worker's
 * branch) are not its own. Pure.
 */
export function attributeCommits(
  refs: readonly BranchRef[],
  branchPrefix: string,
  range: CommitTable,
  includeFiles: boolean,
  adoptedAt: ReadonlyMap<string, string> = new Map(),
): Attribution[] {
  const branchOf = (ref: string) => ref.slice("refs/heads/".length);
  // Claim marks in the table find commits two walks claim, without a map over every commit.
  const pass = ++attributionPass;
  const shared = new Set<number>();
  // A tip the branch only moved to (adopted) bounds no one's work and is no one's.
  const tipRows = new Set(
    refs
      .filter(({ ref, sha }) => adoptedAt.get(branchOf(ref)) !== sha)
      .map(({ sha }) => range.row(sha))
      .filter((row) => row !== -1),
  );
  const attributions = refs.map(({ ref, sha }, index) => {
    const branch = branchOf(ref);
    const stop = adoptedAt.get(branch);
    const stopRow = stop === undefined ? -1 : range.row(stop);
    const rows: number[] = [];
    const files = new Set<string>();
    let newest = Number.NEGATIVE_INFINITY;
    let last = -1;
    // Rows, not shas: a chain of thousands of commits makes no string. A parent outside the range (the base), that
    // another worker branch points at, or where this branch adopted another's work ends the chain: the rest is theirs.
    for (let row = sha === stop ? -1 : range.row(sha); row !== -1; ) {
      rows.push(row);
      const before = range.claim(row, pass, index);
      if (before !== -1 && before !== index) {
        shared.add(index);
        shared.add(before);
      }
      const time = range.committedAt(row);
      if (time > newest) newest = time;
      if (includeFiles && range.parentCount(row) < 2) for (const file of range.files(row)) files.add(file);
      last = row;
      const parent = range.firstParentRow(row);
      row = parent === stopRow || tipRows.has(parent) ? -1 : parent;
    }
    const forkPoint = last === -1 ? sha : range.firstParent(last);
    let status: CommitStatus | null = null;
    for (const row of rows) {
      status = commitAt(range, row).status;
      if (status !== null) break;
    }
    const history = {
      branch,
      worker: branch.slice(branchPrefix.length),
      tip: sha,
      commitCount: rows.length,
      status,
      lastCommitAt: rows.length === 0 ? null : new Date(newest * 1000),
      files: [...files].sort(),
    } as WorkerBranchHistory;
    // The commit objects are made when first read: a monitor over 40,000 commits reads a few.
    let commits: WorkerCommit[] | undefined;
    Object.defineProperty(history, "commits", {
      enumerable: true,
      get: () => {
        commits ??= rows.map((row) => commitAt(range, row));
        return commits;
      },
    });
    tableRows.set(history, { range, rows });
    return { forkPoint, shared: false, branch: history };
  });
  for (const index of shared) (attributions[index] as Attribution).shared = true;
  return attributions;
}

/** The table rows behind each history read here, for {@link newestCommits}. */
const tableRows = new WeakMap<WorkerBranchHistory, { range: CommitTable; rows: readonly number[] }>();

/**
 * The newest `count` of a branch's own commits, newest first: `history.commits.slice(0, count)` without making
 * the others' objects (a monitor over branches of thousands of commits reads the recent ones). The same commit
 * objects as `history.commits`. Works on any {@link WorkerBranchHistory}, read here or not.
 */
export function newestCommits(history: WorkerBranchHistory, count: number): WorkerCommit[] {
  const own = tableRows.get(history);
  if (own === undefined) return history.commits.slice(0, Math.max(0, count));
  return own.rows.slice(0, Math.max(0, count)).map((row) => commitAt(own.range, row));
}

/** One commit object per row of a table, shared by every branch (and attribution pass) that reaches it. */
const madeCommits = new WeakMap<CommitTable, WorkerCommit[]>();

function commitAt(table: CommitTable, row: number): WorkerCommit {
  let made = madeCommits.get(table);
  if (made === undefined) {
    // Filled, so its elements stay in a fast array whatever order rows are reached in.
    made = new Array<WorkerCommit>(table.size).fill(undefined as unknown as WorkerCommit);
    madeCommits.set(table, made);
  }
  made[row] ??= new TableCommit(table, row);
  return made[row];
}

let attributionPass = 0;

/**
 * How a reflog entry moved a branch, from its subject: `adopted` when it was created at, fast-forwarded or reset to a
 * commit it did not make (`branch: Created from …`, `merge …: Fast-forward`,
 * `pull …: Fast-forward`, `reset: moving to …`); `made` for anything else (a commit, a real merge, a rebase). Pure.
 */
export function reflogMove(subject: string): "adopted" | "made" {
  return /^branch: Created from |^(?:merge|pull)\b.*: Fast-forward$|^reset: moving to /.test(subject)
    ? "adopted"
    : "made";
}

/**
 * Branches whose attribution is in doubt: a tip shared with another branch, a tip where another branch's walk
 * stopped, or commits another branch claims too. History alone cannot tell who made those commits. Pure.
 */
function suspectBranches(attributions: readonly Attribution[]): string[] {
  const tips = new Map<string, number>();
  for (const { branch } of attributions) tips.set(branch.tip, (tips.get(branch.tip) ?? 0) + 1);
  const cuts = new Set(attributions.map(({ forkPoint }) => forkPoint));
  return attributions
    .filter(({ branch, shared }) => shared || cuts.has(branch.tip) || (tips.get(branch.tip) ?? 0) > 1)
    .map(({ branch }) => branch.branch);
}

/**
 * Where each suspect (see {@link suspectBranches}) adopted another worker's work, from its reflog (one
 * `git log --walk-reflogs` for all suspects): the newest entry that moved it without making a commit (created from,
 * fast-forwarded or reset to) onto a commit of its own chain that another branch also has. Its own work is what came
 * after. A branch without a reflog (a bare repository, a fetched ref) has no adoption point: its history is read as
 * its own. A reset onto its own earlier commit is no adoption.
 */
async function adoptionPoints(
  git: GitRunner,
  attributions: readonly Attribution[],
  suspects: readonly string[],
): Promise<Map<string, string>> {
  const output = await git.run([
    "log",
    "--walk-reflogs",
    "--format=%gD%x00%H%x00%gs",
    ...suspects.map((branch) => `refs/heads/${branch}`),
    "--",
  ]);
  const entries = new Map<string, Array<{ index: number; sha: string; subject: string }>>();
  for (const line of output.split("\n")) {
    const [selector = "", sha = "", subject = ""] = line.split("\0");
    const match = /^refs\/heads\/(.+)@\{(\d+)\}$/.exec(selector);
    if (match?.[1] === undefined) continue;
    const list = entries.get(match[1]) ?? [];
    list.push({ index: Number(match[2]), sha, subject });
    entries.set(match[1], list);
  }
  // How many branches reach each commit (their tip, own commits, or where their walk stopped): counted once, so
  // "another branch has it too" is a lookup whatever the number of suspects.
  const reached = (a: Attribution) =>
    new Set([
      a.branch.tip,
      ...a.branch.commits.map((commit) => commit.sha),
      ...(a.forkPoint ? [a.forkPoint] : []),
    ]);
  const reachedBy = new Map<string, number>();
  for (const attribution of attributions)
    for (const sha of reached(attribution)) reachedBy.set(sha, (reachedBy.get(sha) ?? 0) + 1);
  const points = new Map<string, string>();
  for (const branch of suspects) {
    const attribution = attributions.find((a) => a.branch.branch === branch);
    if (attribution === undefined) continue;
    const own = reached(attribution);
    const chain = new Set([
      attribution.branch.tip,
      ...attribution.branch.commits.map((commit) => commit.sha),
    ]);
    const elsewhere = (sha: string) => (reachedBy.get(sha) ?? 0) - (own.has(sha) ? 1 : 0) > 0;
    const adoption = (entries.get(branch) ?? [])
      .sort((x, y) => x.index - y.index)
      .find(
        (entry) => reflogMove(entry.subject) === "adopted" && chain.has(entry.sha) && elsewhere(entry.sha),
      );
    if (adoption !== undefined) points.set(branch, adoption.sha);
  }
  return points;
}

function checkOptions(base: string, branchPrefix: string, repoDir: string): void {
  if (
    base === "" ||
    base.startsWith("-") ||
    base.startsWith("^") ||
    /\s/.test(base) ||
    hasControlCharacters(base)
  ) {
    throw badBase(base, repoDir);
  }
  if (
    branchPrefix === "" ||
    branchPrefix.startsWith("/") ||
    /\s/.test(branchPrefix) ||
    hasControlCharacters(branchPrefix)
  ) {
    throw new CommitsError(
      "E_INVALID_OPTION",
      `Invalid branch prefix ${JSON.stringify(branchPrefix)}: expected the start of worker branch names under refs/heads/, without spaces or control characters. Pass e.g. "work/".`,
    );
  }
}

/** The for-each-ref pattern: the exact directory when the prefix is one, else all branches (filtered afterwards). */
function refPattern(branchPrefix: string): string {
  return branchPrefix.endsWith("/") && !/[*?[\\]/.test(branchPrefix)
    ? `refs/heads/${branchPrefix}`
    : "refs/heads/";
}

async function resolveBase(git: GitRunner, base: string): Promise<string> {
  const output = await git.run(["rev-parse", "--verify", "--quiet", "--end-of-options", `${base}^{commit}`], {
    base,
  });
  return output.trim();
}

/**
 * Reads every worker branch (`refs/heads/<branchPrefix>*`) against `base` in a constant number of git calls,
 * whatever the number of branches: `for-each-ref` (unless `refs` are given); one `git log` over all ranges at once
 * (`tips ^base`), split across the CPUs; alongside it, the base's newest first-parent commits; one
 * `git merge-base --octopus` of the fork points (only when they differ); and, only when the earliest fork point is
 * not among those newest commits, one `git log --first-parent` on the base since then, for stray prefixed commits.
 * With no worker branches: `for-each-ref` and `rev-parse` only. Each branch's own commits are its first-parent chain
 * inside the range, so merging another worker's branch does not inherit that worker's statuses.
 *
 * Throws {@link CommitsError}: `E_NOT_A_REPO` (not a repository), `E_BAD_REF` (base does not name a commit),
 * `E_INVALID_OPTION`, `E_GIT`.
 */
export async function readWorkerHistory(
  repoDir: string,
  options: ReadWorkerHistoryOptions = {},
): Promise<WorkerHistory> {
  const base = options.base ?? "main";
  const branchPrefix = options.branchPrefix ?? "work/";
  const includeFiles = options.includeFiles ?? false;
  checkOptions(base, branchPrefix, repoDir);
  const git = createGitRunner(repoDir);

  const listed =
    options.refs ?? parseRefs(await git.run(["for-each-ref", REF_FORMAT, refPattern(branchPrefix)]));
  const refs = [...listed]
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))
    .filter(
      ({ ref }) =>
        ref.startsWith(`refs/heads/${branchPrefix}`) && ref.length > `refs/heads/${branchPrefix}`.length,
    );
  if (refs.length === 0) {
    const sha = await resolveBase(git, base);
    return { base: { ref: base, sha, strayCommits: [] }, branches: [], gitCalls: git.calls };
  }

  const rangeArgs = includeFiles ? [...WALK_ARGS, "--name-only", "--no-renames", "--no-relative"] : WALK_ARGS;
  const tips = [...new Set(refs.map(({ sha }) => sha))];
  // The big walk is split across the CPUs (a bounded number of git processes, whatever the number of branches) and
  // parsed while git writes it. A commit reached from several shards appears once in the range.
  const shards = Math.max(
    1,
    Math.min(options.parallelism ?? Math.min(availableParallelism(), 4), tips.length),
  );
  const groups = Array.from({ length: shards }, (_, i) => tips.filter((_, j) => j % shards === i));
  const range = new CommitTable();
  // The walks start first: they are the long pole, and each spawn blocks this thread for a few milliseconds. Their
  // revisions go on the command line, not stdin: git waits for stdin, and this thread writes it only once it is
  // back in the event loop, after the other spawns. A base cannot start with "-" or "^" (checkOptions), and
  // --end-of-options and "--" keep every argument a revision.
  const walks = Promise.all(
    groups.map(async (group) => {
      const parser = new LogParser(range);
      await git.stream([...rangeArgs, ...revisions(...group, `^${base}`)], (chunk) => parser.push(chunk), {
        base,
      });
      parser.end();
    }),
  );
  // The base's newest first-parent commits, read while the big walk runs: the stray-commit walk below rarely needs
  // more (workers leave the base near its tip), so it usually costs no wait after the walk. A failure here is
  // only a missed shortcut: the exact walk reports it.
  const baseHead = git
    .run([...WALK_ARGS, "--first-parent", `--max-count=${BASE_LOOKAHEAD}`, ...revisions(base)], { base })
    .then(
      (output) => parseLogOutput(output),
      () => null,
    );
  await walks;
  let attributions = attributeCommits(refs, branchPrefix, range, includeFiles);
  // Rare: a branch created from, or fast-forwarded to, another worker's commit. Its reflog says so (one more call).
  const suspects = suspectBranches(attributions);
  if (suspects.length > 0) {
    const adoptedAt = await adoptionPoints(git, attributions, suspects);
    if (adoptedAt.size > 0)
      attributions = attributeCommits(refs, branchPrefix, range, includeFiles, adoptedAt);
  }
  const branches = attributions.map(({ branch }) => branch);

  // Every fork point is an ancestor of the base (it is reachable from a tip but outside the range). Their merge
  // base is the earliest of them; when they share none (unrelated histories), fall back to "after every fork".
  // Only fork points on the base (outside the range) bound the stray-commit walk; a branch whose work starts at
  // another worker's tip is covered by that worker's fork point.
  const forkPoints = [
    ...new Set(
      attributions.flatMap(({ forkPoint }) =>
        forkPoint === null || range.has(forkPoint) ? [] : [forkPoint],
      ),
    ),
  ];
  if (forkPoints.length === 0) {
    // Only orphan branches: nothing left the base, so nothing on it can be stray.
    return {
      base: { ref: base, sha: await resolveBase(git, base), strayCommits: [] },
      branches,
      gitCalls: git.calls,
    };
  }
  // Workers that all left the base at one commit (the usual case) need no merge-base.
  const mergeBase =
    forkPoints.length === 1
      ? (forkPoints[0] as string)
      : (await git.run(["merge-base", "--octopus", ...forkPoints], { okExitCodes: [1] })).trim();
  const since = mergeBase === "" ? forkPoints : [mergeBase];
  // The commits since a fork point on the base's first-parent chain are the rows before it in the chain read above.
  const head = await baseHead;
  const at = head !== null && since.length === 1 ? head.row(since[0] as string) : -1;
  let baseTable: CommitTable;
  let count: number;
  let baseSha: string;
  if (head !== null && at !== -1) {
    baseTable = head;
    count = at;
    baseSha = head.sha(0);
  } else {
    const baseOutput = await git.run(
      [...WALK_ARGS, "--first-parent", ...revisions(base, ...since.map((sha) => `^${sha}`))],
      { base },
    );
    baseTable = parseLogOutput(baseOutput);
    count = baseTable.size;
    // An empty walk from the base down to a single fork point means the base is that fork point (it is both its
    // descendant and its ancestor).
    baseSha =
      (baseTable.size > 0 ? baseTable.sha(0) : undefined) ??
      (since.length === 1 && since[0] !== undefined ? since[0] : await resolveBase(git, base));
  }
  const strayCommits = Array.from({ length: count }, (_, row) => commitAt(baseTable, row)).filter(
    (commit) => commit.status !== null,
  );
  return { base: { ref: base, sha: baseSha, strayCommits }, branches, gitCalls: git.calls };
}
