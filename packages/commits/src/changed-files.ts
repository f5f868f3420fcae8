import type { WorkerBranchHistory } from "./attribution.js";
import { createGitRunner } from "./git.js";

/** One tree diff to ask git for: the branch's whole work, or what one of its merges brought in. */
interface DiffPair {
  branch: string;
  from: string;
  to: string;
  merged: boolean;
}

/**
 * Files each branch's own work changed, for scope checks: the fork point → tip diff minus what merges on the
 * branch brought in from elsewhere (a worker that merged another worker's branch does not "own" those files).
 * ONE `git diff-tree --stdin` call for all branches: tree diffs, not one diff per commit. Branches without own
 * commits are left out of the map.
 */
export async function changedFilesByBranch(
  repoDir: string,
  branches: readonly Pick<WorkerBranchHistory, "branch" | "tip" | "commits">[],
): Promise<Map<string, string[]>> {
  const pairs = diffPairs(branches);
  const result = new Map<string, string[]>();
  if (pairs.length === 0) return result;
  // --always: every pair prints its header (its FIRST commit), even without changes, so headers arrive in input
  // order and pairs sharing a fork point cannot be confused.
  const stdout = await createGitRunner(repoDir).run(
    ["diff-tree", "--stdin", "--always", "-r", "--name-only", "--no-renames", "-z"],
    { input: `${pairs.map((p) => `${p.from} ${p.to}`).join("\n")}\n` },
  );
  const files = filesPerPair(stdout, pairs);
  const merged = new Map<string, Set<string>>();
  for (const [i, list] of files) {
    const pair = pairs[i] as DiffPair;
    if (!pair.merged) continue;
    const set = merged.get(pair.branch) ?? new Set<string>();
    for (const f of list) set.add(f);
    merged.set(pair.branch, set);
  }
  for (const [i, list] of files) {
    const pair = pairs[i] as DiffPair;
    if (pair.merged) continue;
    const exclude = merged.get(pair.branch) ?? new Set<string>();
    result.set(pair.branch, list.filter((f) => !exclude.has(f)).sort());
  }
  return result;
}

/** The diffs to ask for: fork point → tip per branch, and first parent → merge for each merge on it. */
function diffPairs(branches: readonly Pick<WorkerBranchHistory, "branch" | "tip" | "commits">[]): DiffPair[] {
  const pairs: DiffPair[] = [];
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
  return pairs;
}

/** Splits `diff-tree --stdin -z` output at each pair's header (its `from` commit) into the files per pair index. */
function filesPerPair(stdout: string, pairs: readonly DiffPair[]): Map<number, string[]> {
  const files = new Map<number, string[]>();
  let index = -1;
  for (const token of stdout.split("\0")) {
    if (token === "") continue;
    if (index + 1 < pairs.length && token === pairs[index + 1]?.from) {
      index += 1;
      files.set(index, []);
    } else if (index >= 0) files.get(index)?.push(token);
  }
  return files;
}
