/**
 * Which commits are a worker branch's own, decided in memory over a {@link CommitTable} that the history reader
 * (history.ts) filled from git: the branch and commit model, the attribution walk, and the commit objects made
 * when first read. Pure: no git call here.
 */
import type { CommitTable } from "./log.js";
import { type CommitStatus, parseCommitPrefix } from "./prefix.js";
import { stripControlCharacters } from "./text.js";

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

/** A branch as listed by for-each-ref. */
export interface BranchRef {
  /** Full ref name, e.g. `refs/heads/work/a`. */
  ref: string;
  sha: string;
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
export interface Attribution {
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

export function commitAt(table: CommitTable, row: number): WorkerCommit {
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
export function suspectBranches(attributions: readonly Attribution[]): string[] {
  const tips = new Map<string, number>();
  for (const { branch } of attributions) tips.set(branch.tip, (tips.get(branch.tip) ?? 0) + 1);
  const cuts = new Set(attributions.map(({ forkPoint }) => forkPoint));
  return attributions
    .filter(({ branch, shared }) => shared || cuts.has(branch.tip) || (tips.get(branch.tip) ?? 0) > 1)
    .map(({ branch }) => branch.branch);
}
