import { availableParallelism } from "node:os";
import {
  type Attribution,
  attributeCommits,
  type BranchRef,
  commitAt,
  reflogMove,
  suspectBranches,
  type WorkerBranchHistory,
  type WorkerCommit,
} from "./attribution.js";
import { CommitsError } from "./errors.js";
import { badBase, createGitRunner, type GitRunner } from "./git.js";
import { CommitTable, LOG_FORMAT, LogParser, parseLogOutput } from "./log.js";
import { hasControlCharacters } from "./text.js";

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
