import { existsSync } from "node:fs";
import { lstat, readlink, rm } from "node:fs/promises";
import path from "node:path";
import { IntegrateError } from "./errors.js";
import { type GitRunner, readChangedPaths, readHead, readWorktrees, resolveNames } from "./git.js";
import type { IntegrationRun } from "./integration-types.js";
import { type Journal, type Landing, processAlive } from "./journal.js";
import { removeScratch } from "./land.js";
import { samePath } from "./paths.js";
import { TRACKED } from "./site.js";
import { shellQuote, summarise } from "./text.js";

/**
 * Repairs what an interrupted final merge into a checkout left (the journal's `landing`), before anything else
 * looks at that checkout: a landing that finished or never started is only reported; one that stopped halfway
 * (files or the index moved, the branch not yet) is finished with `git reset --hard <merge>` when every file it
 * touched holds either its old or its new content, so nothing of the user's can be lost. Anything else is refused
 * with `E_DIRTY` naming the state and the commands that finish or undo it. Also removes a scratch worktree an
 * interrupted run left. Returns what it did, one sentence each. Only called for a journal whose process is gone.
 */
export async function recoverLanding(run: IntegrationRun, journal: Journal): Promise<string[]> {
  const actions: string[] = [];
  if (await removeScratch(run)) actions.push("removed the scratch worktree of an unfinished final merge");
  const landing = journal.landing;
  if (landing === undefined || landing === null) return actions;
  const { git } = run;
  const holder = (await readWorktrees(git)).find(
    (worktree) => worktree.branch === landing.into && worktree.prunable === null,
  );
  const tip = (await resolveNames(git, [`refs/heads/${landing.into}^{commit}`]))[0] ?? null;
  if (holder === undefined || !samePath(holder.path, landing.worktree)) {
    actions.push(landingVerdict(landing, tip));
    return actions;
  }
  const dir = holder.path;
  await refuseLiveIndexLock(git, landing, dir);
  const head = await readHead(git, dir);
  // git moves the branch last: at the merge commit, the checkout was complete (later edits are the user's); at
  // another commit, the user has moved on.
  if (head !== landing.from) {
    actions.push(landingVerdict(landing, head));
    return actions;
  }
  const changed = await readChangedPaths(git, dir, TRACKED);
  const touched = [...(await pathsBetween(git, landing.from, landing.to))];
  const untouched = !changed.some((file) => touched.includes(file));
  if (untouched && (await filesOfNeitherSide(git, dir, landing, touched, "from")).length === 0) {
    actions.push(landingVerdict(landing, head));
    return actions;
  }
  const foreign = changed.filter((file) => !touched.includes(file));
  const odd = foreign.length > 0 ? foreign : await filesOfNeitherSide(git, dir, landing, touched);
  if (odd.length > 0) throw halfLandedError(run, landing, dir, odd);
  await git.run(["reset", "--hard", "--quiet", landing.to], { cwd: dir });
  actions.push(
    `finished the merge into ${landing.into} that was interrupted halfway in ${dir} (git reset --hard ${short(landing.to)}; every file it touched held its old or new content)`,
  );
  return actions;
}

/** One sentence for a landing whose checkout is clean (or not there): it finished, never started, or moved on. */
function landingVerdict(landing: Landing, tip: string | null): string {
  if (tip === landing.to) return `the merge into ${landing.into} had finished (${short(landing.to)})`;
  if (tip === landing.from)
    return `the merge into ${landing.into} had not started; ${landing.into} was unchanged`;
  return `${landing.into} has moved since the interrupted merge into it (now ${tip === null ? "gone" : short(tip)}); it was left as it is`;
}

/** A git killed while it held the checkout's `index.lock` leaves it; a live one (or an unknown one) is waited for. */
async function refuseLiveIndexLock(git: GitRunner, landing: Landing, dir: string): Promise<void> {
  const gitDir = (await git.run(["rev-parse", "--absolute-git-dir"], { cwd: dir })).stdout.trim();
  const lock = path.join(gitDir, "index.lock");
  if (!existsSync(lock)) return;
  if (landing.pid !== undefined && !processAlive(landing.pid)) {
    await rm(lock, { force: true });
    return;
  }
  throw new IntegrateError(
    "E_BUSY",
    `The merge into ${landing.into} in ${dir} was interrupted while git held ${lock}${landing.pid === undefined ? "" : ` (git process ${landing.pid} is still running)`}; nothing was changed`,
    {
      hint: `Wait for that git to finish; if no git runs there, rm ${shellQuote(lock)} and run again`,
      path: lock,
    },
  );
}

/** Paths that differ between two commits. */
async function pathsBetween(git: GitRunner, from: string, to: string): Promise<Set<string>> {
  const out = (await git.run(["diff", "--name-only", "--no-renames", "-z", from, to])).stdout;
  return new Set(out.split("\0").filter((file) => file !== ""));
}

/**
 * The paths among `files` whose content in `dir` is neither the one at `landing.from` nor the one at
 * `landing.to` (a missing file matches a side that lacks it): changes someone made after the interrupt. With
 * `only: "from"`: the paths not as they were before.
 */
async function filesOfNeitherSide(
  git: GitRunner,
  dir: string,
  landing: Landing,
  files: string[],
  only?: "from",
): Promise<string[]> {
  if (files.length === 0) return [];
  const [before, after] = await Promise.all([
    blobsAt(git, landing.from, files),
    only === "from" ? new Map<string, string>() : blobsAt(git, landing.to, files),
  ]);
  const onDisk = await blobsOnDisk(git, dir, files);
  return files.filter((file) => {
    const current = onDisk.get(file) ?? null;
    const old = before.get(file) ?? null;
    return only === "from" ? current !== old : current !== old && current !== (after.get(file) ?? null);
  });
}

/** The blob ids of `files` in a commit (absent files are missing from the map). */
async function blobsAt(git: GitRunner, commit: string, files: string[]): Promise<Map<string, string>> {
  const out = (await git.run(["ls-tree", "-r", "-z", commit, "--", ...files])).stdout;
  const blobs = new Map<string, string>();
  for (const entry of out.split("\0")) {
    const match = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (match) blobs.set(match[2]!, match[1]!);
  }
  return blobs;
}

/** The blob ids the files in a working tree would get (`git hash-object`, with the checkout's filters). */
async function blobsOnDisk(git: GitRunner, dir: string, files: string[]): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  const regular: string[] = [];
  for (const file of files) {
    const stat = await lstat(path.join(dir, file)).catch(() => null);
    if (stat === null) continue;
    if (stat.isSymbolicLink()) {
      const target = await readlink(path.join(dir, file));
      const out = await git.run(["hash-object", "--stdin"], { cwd: dir, input: target });
      blobs.set(file, out.stdout.trim());
    } else if (stat.isFile()) {
      regular.push(file);
    } else {
      blobs.set(file, "not a file");
    }
  }
  if (regular.length > 0) {
    const out = await git.run(["hash-object", "--stdin-paths"], {
      cwd: dir,
      input: `${regular.join("\n")}\n`,
    });
    const shas = out.stdout.split("\n");
    regular.forEach((file, index) => {
      blobs.set(file, (shas[index] ?? "").trim());
    });
  }
  return blobs;
}

/** `E_DIRTY` for a half-applied merge that cannot be finished without losing someone's change. */
function halfLandedError(
  run: IntegrationRun,
  landing: Landing,
  dir: string,
  files: string[],
): IntegrateError {
  const quoted = shellQuote(dir);
  return new IntegrateError(
    "E_DIRTY",
    `The merge of ${run.branch} into ${landing.into} was interrupted halfway in ${dir}, and these files there differ from both before and after it: ${summarise(files)}; nothing was changed`,
    {
      hint: `Look with git -C ${quoted} status; to finish the merge (dropping those changes): git -C ${quoted} reset --hard ${landing.to}; to undo it: git -C ${quoted} reset --hard ${landing.from}`,
      path: dir,
    },
  );
}

function short(sha: string): string {
  return sha.slice(0, 12);
}
