import { availableParallelism } from "node:os";
import pLimit from "p-limit";
import { IntegrateError } from "./errors.js";
import { createGitRunner, type GitRunner, resolveNames } from "./git.js";
import { validateRevision, validateWorkers, type WorkerBranch } from "./names.js";
import { summarise } from "./text.js";

/** Files a worker changed outside its declared scope. */
export interface ScopeViolation {
  feature: string;
  branch: string;
  /** Changed paths outside the scope, sorted. */
  files: string[];
}

function normalise(file: string): string {
  return file.replace(/^(\.\/)+/, "");
}

/**
 * Whether `file` (a repository-relative path) lies inside `scope`: an entry ending in `/` is a directory prefix
 * (`src/auth/` matches `src/auth/login.ts` and deeper), any other entry matches exactly that file; a leading `./`
 * is ignored on both sides; an empty scope is unrestricted. Pure.
 */
export function matchesScope(file: string, scope: readonly string[]): boolean {
  const entries = scope.map(normalise).filter((entry) => entry !== "");
  if (entries.length === 0) return true;
  const path = normalise(file);
  return entries.some((entry) => (entry.endsWith("/") ? path.startsWith(entry) : path === entry));
}

/** The violations among `changes` (changed files per worker). Pure. */
export function findScopeViolations(
  workers: readonly WorkerBranch[],
  changes: ReadonlyMap<string, readonly string[]>,
): ScopeViolation[] {
  const violations: ScopeViolation[] = [];
  for (const worker of workers) {
    const scope = worker.scope ?? [];
    const files = (changes.get(worker.feature) ?? []).filter((file) => !matchesScope(file, scope));
    if (files.length > 0)
      violations.push({ feature: worker.feature, branch: worker.branch, files: [...files].sort() });
  }
  return violations;
}

/** The files each worker changed since it left `base` (`git diff --name-only <base>...<sha>`), with bounded parallelism. */
export async function readChangedFiles(
  git: GitRunner,
  base: string,
  workers: readonly { feature: string; sha: string }[],
  concurrency: number,
): Promise<Map<string, string[]>> {
  const limit = pLimit(Math.max(1, concurrency));
  const entries = await Promise.all(
    workers.map((worker) =>
      limit(async () => {
        const result = await git.run([
          "diff",
          "--name-only",
          "--no-renames",
          "-z",
          `${base}...${worker.sha}`,
        ]);
        const files = result.stdout.split("\0").filter((file) => file !== "");
        return [worker.feature, files] as const;
      }),
    ),
  );
  return new Map(entries);
}

/** Options of {@link checkScopes}. */
export interface CheckScopesOptions {
  /** The branch (or commit) the workers started from, e.g. `main`. */
  base: string;
  workers: WorkerBranch[];
  /** Parallel git processes; default: the number of CPUs. */
  concurrency?: number;
}

/**
 * Compares each worker's changed files (`git diff --name-only <base>...<branch>`) with its declared scope and
 * returns the workers that changed files outside it. Workers without a scope are unrestricted. Throws
 * `E_UNKNOWN_REF` naming every name that does not resolve.
 */
export async function checkScopes(repoDir: string, options: CheckScopesOptions): Promise<ScopeViolation[]> {
  const base = validateRevision(options.base, "base");
  const workers = validateWorkers(options.workers, { allowEmpty: true });
  const git = createGitRunner(repoDir);
  const resolved = await resolveWorkerRefs(git, base, workers);
  const changes = await readChangedFiles(
    git,
    resolved.base,
    resolved.workers,
    options.concurrency ?? availableParallelism(),
  );
  return findScopeViolations(workers, changes);
}

/**
 * The scope check of an integration run, before anything is merged: returns the violations, or refuses with
 * `E_SCOPE` when `strict` and there are any.
 */
export async function checkRunScopes(
  git: GitRunner,
  base: string,
  workers: readonly (WorkerBranch & { sha: string })[],
  options: { strict: boolean; concurrency: number | undefined },
): Promise<ScopeViolation[]> {
  const changes = await readChangedFiles(git, base, workers, options.concurrency ?? availableParallelism());
  const scopeViolations = findScopeViolations(workers, changes);
  if (options.strict && scopeViolations.length > 0) {
    const list = scopeViolations.map((violation) => `${violation.feature} (${summarise(violation.files)})`);
    throw new IntegrateError(
      "E_SCOPE",
      `Nothing was merged: ${scopeViolations.length} worker${scopeViolations.length > 1 ? "s" : ""} changed files outside their scope: ${list.join("; ")}`,
      {
        hint: "Move those changes to the right worker, widen its scope in the plan, or integrate without the strict scope check (--strict-scope)",
      },
    );
  }
  return scopeViolations;
}

/** Resolved base and worker shas. */
export interface ResolvedWorkers {
  base: string;
  workers: (WorkerBranch & { sha: string })[];
  /** Extra specs (full names with their peel, e.g. `main^{tree}`) resolved in the same call; `null` = unknown. */
  extra: (string | null)[];
}

/**
 * Resolves the base, every worker branch (to commits) and `extra` specs in one git call; throws `E_UNKNOWN_REF`
 * naming every base or worker name that does not resolve (extra specs may be missing: they come back as `null`).
 */
export async function resolveWorkerRefs(
  git: GitRunner,
  base: string,
  workers: readonly WorkerBranch[],
  extra: readonly string[] = [],
): Promise<ResolvedWorkers> {
  const specs = [base, ...workers.map((worker) => worker.branch)].map((name) => `${name}^{commit}`);
  const resolved = await resolveNames(git, [...specs, ...extra]);
  const missing: string[] = [];
  if (resolved[0] == null) missing.push(`base "${base}"`);
  workers.forEach((worker, index) => {
    if (resolved[index + 1] == null) missing.push(`"${worker.branch}" (worker ${worker.feature})`);
  });
  if (missing.length > 0) {
    throw new IntegrateError(
      "E_UNKNOWN_REF",
      `Unknown ref${missing.length > 1 ? "s" : ""} in ${git.dir}: ${missing.join(", ")} — expected branches or commits that exist`,
      {
        hint: "Check the names with `git branch --list`; create missing worker branches with `wo worktree add`",
      },
    );
  }
  return {
    base: resolved[0]!,
    workers: workers.map((worker, index) => ({ ...worker, sha: resolved[index + 1]! })),
    extra: resolved.slice(workers.length + 1).map((entry) => entry ?? null),
  };
}
