import { featureNameProblem } from "@wo/worktree";
import { IntegrateError } from "./errors.js";

/**
 * Why `name` is not a usable branch name, or `null` when it is: git's `check-ref-format` rules, plus no leading
 * `-` so a name can never be read as an option. Pure.
 */
export function branchNameProblem(name: unknown): string | null {
  if (typeof name !== "string") return `a branch name must be a string, got ${typeof name}`;
  if (name === "") return "it is empty";
  if (name.startsWith("-")) return `it starts with "-" (it would be read as an option)`;
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(name))
    return "it contains a space, a control character or one of ~ ^ : ? * [ \\";
  if (name.includes("..")) return `it contains ".."`;
  if (name.includes("@{")) return `it contains "@{"`;
  if (name === "@") return `it is "@"`;
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//"))
    return "it has an empty path component (a leading, trailing or double /)";
  if (name.endsWith(".")) return `it ends with "."`;
  for (const component of name.split("/")) {
    if (component.startsWith(".")) return `a path component starts with "." (${JSON.stringify(component)})`;
    if (component.endsWith(".lock"))
      return `a path component ends with ".lock" (${JSON.stringify(component)})`;
  }
  return null;
}

/** Why `rev` is not a usable revision (a branch, tag, sha or `main~2`), or `null`. Pure. */
export function revisionProblem(rev: unknown): string | null {
  if (typeof rev !== "string") return `a revision must be a string, got ${typeof rev}`;
  if (rev.trim() === "") return "it is empty";
  if (rev.startsWith("-")) return `it starts with "-" (it would be read as an option)`;
  if (/[\u0000-\u0020\u007f]/.test(rev)) return "it contains whitespace or a control character";
  return null;
}

function shown(value: unknown): string {
  const text = String(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** Returns `name` when it is a valid branch name; throws `E_INVALID_OPTION` naming the option otherwise. */
export function validateBranchName(name: unknown, what: string): string {
  const problem = branchNameProblem(name);
  if (problem === null) return name as string;
  throw new IntegrateError("E_INVALID_OPTION", `Invalid ${what} ${shown(name)}: ${problem}`, {
    hint: 'Pass a git branch name such as "work/login" (see `git check-ref-format --help`)',
  });
}

/** Returns `rev` when usable; throws `E_INVALID_OPTION` otherwise. */
export function validateRevision(rev: unknown, what: string): string {
  const problem = revisionProblem(rev);
  if (problem === null) return rev as string;
  throw new IntegrateError("E_INVALID_OPTION", `Invalid ${what} ${shown(rev)}: ${problem}`, {
    hint: 'Pass a branch, tag or commit, e.g. "main"',
  });
}

/** Returns `name` when it is a valid feature (or integration) name; throws `E_INVALID_OPTION` otherwise. */
export function validateName(name: unknown, what: string): string {
  const problem = featureNameProblem(name);
  if (problem === null) return name as string;
  throw new IntegrateError("E_INVALID_OPTION", `Invalid ${what} ${shown(name)}: ${problem}`, {
    hint: 'Use 1–63 lowercase letters, digits and dashes, starting with a letter or digit, e.g. "auth"',
  });
}

/** A worker branch as the functions of this package take it. */
export interface WorkerBranch {
  /** The worker id, e.g. `task-1-api` (the feature-name rule applies). */
  feature: string;
  /** Its branch, e.g. `work/task-1-api`. */
  branch: string;
  /** One line for the merge message (`Merge task-1-api: <description>`) and the report. Untrusted text. */
  description?: string;
  /**
   * Paths the worker may change: an entry ending in `/` is a directory prefix, any other entry an exact file;
   * empty or missing = unrestricted.
   */
  scope?: string[];
}

/** Validates a worker list: names, branches, no duplicates. Returns it unchanged. */
export function validateWorkers(workers: unknown, options: { allowEmpty?: boolean } = {}): WorkerBranch[] {
  if (!Array.isArray(workers)) {
    throw new IntegrateError(
      "E_INVALID_OPTION",
      `Invalid workers: expected an array, received ${typeof workers}`,
      {
        hint: 'Pass workers as [{ feature: "login", branch: "work/login" }]',
      },
    );
  }
  if (workers.length === 0 && !options.allowEmpty) {
    throw new IntegrateError("E_INVALID_OPTION", "No workers given: expected at least one worker branch", {
      hint: 'Pass workers as [{ feature: "login", branch: "work/login" }]',
    });
  }
  const features = new Set<string>();
  const branches = new Set<string>();
  for (const worker of workers as WorkerBranch[]) {
    validateName(worker?.feature, "worker feature");
    validateBranchName(worker.branch, `branch of worker "${worker.feature}"`);
    if (features.has(worker.feature)) {
      throw new IntegrateError("E_INVALID_OPTION", `Worker "${worker.feature}" is listed twice`, {
        hint: "List each worker once",
      });
    }
    if (branches.has(worker.branch)) {
      throw new IntegrateError(
        "E_INVALID_OPTION",
        `Branch "${worker.branch}" is listed for two workers (the second is "${worker.feature}")`,
        { hint: "Give each worker its own branch" },
      );
    }
    if (worker.scope !== undefined && !Array.isArray(worker.scope)) {
      throw new IntegrateError(
        "E_INVALID_OPTION",
        `Invalid scope of worker "${worker.feature}": expected an array of paths, received ${typeof worker.scope}`,
        { hint: 'Pass scope as ["src/auth/", "README.md"]' },
      );
    }
    features.add(worker.feature);
    branches.add(worker.branch);
  }
  return workers as WorkerBranch[];
}
