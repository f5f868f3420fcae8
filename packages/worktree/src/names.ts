import { WorktreeError } from "./errors.js";

/** The rule every feature (worker id) name follows: it becomes a directory, a branch and a tmux session name. */
export const FEATURE_NAME_PATTERN: RegExp = /^[a-z0-9][a-z0-9-]{0,62}$/;

const HINT =
  'Use 1–63 lowercase letters, digits and dashes, starting with a letter or digit, e.g. "login" or "task-1-api"';

function shown(name: string): string {
  const text = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return JSON.stringify(text);
}

/** Why `name` is not a valid feature name, or `null` when it is. Pure. */
export function featureNameProblem(name: unknown): string | null {
  if (typeof name !== "string") return `a feature name must be a string, got ${typeof name}`;
  if (FEATURE_NAME_PATTERN.test(name)) return null;
  if (name.length === 0) return "it is empty";
  if (name.length > 63) return `it is ${name.length} characters long; the limit is 63`;
  if (name.includes("..")) return `it contains ".." (names must not point outside the worktree root)`;
  if (name.includes("/") || name.includes("\\"))
    return `it contains a path separator (names become directories and branches)`;
  if (name.includes(".")) return `it contains "." (tmux rewrites "." in session names)`;
  if (name.includes(":")) return `it contains ":" (tmux rewrites ":" in session names)`;
  if (/[A-Z]/.test(name)) return "it contains uppercase letters";
  if (name.startsWith("-")) return `it starts with "-"`;
  const bad = [...name].find((char) => !/[a-z0-9-]/.test(char)) ?? "?";
  return `it contains ${JSON.stringify(bad)}`;
}

/** Whether `name` is a valid feature name. */
export function isValidFeatureName(name: unknown): name is string {
  return featureNameProblem(name) === null;
}

/** Returns `name` when it is a valid feature name; throws `E_FEATURE_NAME` saying why not and how to fix it. */
export function validateFeatureName(name: unknown): string {
  const problem = featureNameProblem(name);
  if (problem === null) return name as string;
  throw new WorktreeError("E_FEATURE_NAME", `Invalid feature name ${shown(String(name))}: ${problem}`, {
    hint: HINT,
  });
}
