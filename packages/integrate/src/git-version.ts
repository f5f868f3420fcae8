import { IntegrateError } from "./errors.js";
import { createGitRunner, type GitRunner } from "./git.js";

/** The git version as reported by `git version`. */
export interface GitVersion {
  /** The dotted version, e.g. `2.39.5`. */
  version: string;
  major: number;
  minor: number;
  patch: number;
}

/** The oldest git with `merge-tree --write-tree`. */
export const MERGE_TREE_MIN = { major: 2, minor: 38 } as const;

/** The version of the git that runs in `repoDir` (`git version`): `{ version: "2.39.5", major, minor, patch }`. */
export async function gitVersion(repoDir: string): Promise<GitVersion> {
  return readGitVersion(createGitRunner(repoDir));
}

/** Runs `git version` and parses it. */
export async function readGitVersion(git: GitRunner): Promise<GitVersion> {
  const result = await git.run(["version"]);
  const version = parseGitVersion(result.stdout);
  if (version === null) {
    throw new IntegrateError(
      "E_GIT",
      `Cannot read the git version: expected "git version X.Y.Z", received ${JSON.stringify(result.stdout.trim())}`,
      { hint: "Check which git is first on PATH (`command -v git`)", argv: ["git", "version"] },
    );
  }
  return version;
}

/** Throws `E_GIT_TOO_OLD`, naming the found version, when `version` has no `merge-tree --write-tree`. Pure. */
export function assertMergeTreeSupport(version: GitVersion): void {
  const { major, minor } = MERGE_TREE_MIN;
  if (version.major > major || (version.major === major && version.minor >= minor)) return;
  throw new IntegrateError(
    "E_GIT_TOO_OLD",
    `git ${version.version} is too old: conflict forecasts need git ${major}.${minor} or newer (git merge-tree --write-tree)`,
    { hint: `Upgrade git to ${major}.${minor} or newer (found ${version.version})` },
  );
}

/** Reads `git version 2.39.5` (also `2.39.3 (Apple Git-146)`, `2.41.0.windows.1`). Pure; `null` when unreadable. */
export function parseGitVersion(output: string): GitVersion | null {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(output);
  if (!match) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const patch = Number(match[3] ?? 0);
  return { version: `${major}.${minor}.${patch}`, major, minor, patch };
}
