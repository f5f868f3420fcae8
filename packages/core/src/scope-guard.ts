/**
 * The scope check a worker's hooks run (`node scope-guard.cjs <hook> <base> <hook arguments…>` in the worktree).
 * Self-contained: it is written to a file with `Function.prototype.toString`, so it uses only what `load`
 * (`require`) gives and declares no named inner functions.
 *
 * - `pre-commit`, `prepare-commit-msg`: the staged paths (what the commit, cherry-pick, revert
 *   or merge would record) must lie in `.worktree.json`'s `scope`. In a merge of commits all on `<base>`, a path
 *   staged exactly as on one of them is the base's own change and allowed.
 * - `post-merge`: a fast-forward made no commit for the others to check; one that brought paths outside the scope
 *   (and not from `<base>`) is undone with `git reset --keep ORIG_HEAD`.
 *
 * A scope entry ending in `/` is a directory, anything else one file; an empty or missing scope allows everything.
 * It fails closed: a `.worktree.json` that is missing, a link, not a file, over 1 MiB, not JSON or with a `scope`
 * that is not a list of paths stops the commit, naming the file.
 */
export function scopeGuard(load: (id: string) => unknown): void {
  const fs = load("node:fs") as typeof import("node:fs");
  const cp = load("node:child_process") as typeof import("node:child_process");
  const pathModule = load("node:path") as typeof import("node:path");
  const [hook = "", base = "", ...hookArgs] = process.argv.slice(2);
  const gitOut = (args: string[]): string | null => {
    try {
      return cp.execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    } catch {
      return null;
    }
  };
  const isAncestor = (commit: string, of: string): boolean =>
    gitOut(["merge-base", "--is-ancestor", commit, of]) !== null;
  const baseCommit = base === "" ? null : gitOut(["rev-parse", "-q", "--verify", `${base}^{commit}`])?.trim();
  const postMerge = hook === "post-merge";
  const orig = postMerge ? gitOut(["rev-parse", "-q", "--verify", "ORIG_HEAD"])?.trim() : undefined;
  const undo = (): string => {
    if (!orig) return "";
    const reset = cp.spawnSync("git", ["reset", "--keep", "-q", orig], { stdio: "inherit" });
    return reset.status === 0
      ? `The merge was undone (git reset --keep ${orig.slice(0, 12)}).`
      : `Undoing the merge failed; undo it with: git reset --keep ${orig}`;
  };
  if (postMerge) {
    // A squash made no commit (the commit that follows is checked); a merge commit was checked when it was made.
    if (hookArgs[0] === "1" || !orig) process.exit(0);
    const parents = (gitOut(["rev-list", "--parents", "-n", "1", "HEAD"]) ?? "").trim().split(" ");
    if (parents.length > 2 && parents[1] === orig) process.exit(0);
    if (baseCommit && isAncestor("HEAD", baseCommit)) process.exit(0);
  }
  const file = pathModule.resolve(".worktree.json");
  const failClosed = (why: string): never => {
    console.error(`wo scope guard: cannot read this worker's scope from ${file}: ${why}.`);
    console.error(postMerge ? undo() : "Nothing was committed.");
    console.error("Restore it (wo setup --guard writes it again), or ask the orchestrator to fix it.");
    process.exit(1);
  };
  let text = "";
  try {
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    try {
      const stat = fs.fstatSync(fd);
      if (!stat.isFile()) failClosed("it is not a regular file");
      if (stat.size > 1024 * 1024) failClosed(`it is ${stat.size} bytes, over the 1 MiB limit`);
      text = fs.readFileSync(fd, "utf8");
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    failClosed(
      code === "ENOENT"
        ? "it does not exist"
        : code === "ELOOP"
          ? "it is a symbolic link"
          : String(code ?? error),
    );
  }
  let meta: { feature?: unknown; scope?: unknown } = {};
  try {
    meta = JSON.parse(text);
  } catch {
    failClosed("it is not valid JSON");
  }
  if (meta === null || typeof meta !== "object") failClosed("it is not a JSON object");
  const rawScope = meta.scope ?? [];
  if (!Array.isArray(rawScope) || rawScope.some((entry) => typeof entry !== "string"))
    failClosed(`its "scope" is not a list of paths`);
  const scope = rawScope as string[];
  if (scope.length === 0) process.exit(0);
  const feature = typeof meta.feature === "string" ? meta.feature : "this worker";
  const inScope = (changed: string) =>
    scope.some((entry) => (entry.endsWith("/") ? changed.startsWith(entry) : changed === entry));
  let changedPaths: string;
  if (postMerge) {
    changedPaths = gitOut(["diff", "--name-only", "--no-renames", "-z", orig as string, "HEAD"]) ?? "";
  } else {
    const gitDir = gitOut(["rev-parse", "--absolute-git-dir"])?.trim() ?? ".git";
    let mergeHeads: string[] = [];
    try {
      mergeHeads = fs
        .readFileSync(pathModule.join(gitDir, "MERGE_HEAD"), "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "");
    } catch {
      // No merge in progress: a commit, cherry-pick, revert or rebase pick.
    }
    changedPaths = gitOut(["diff", "--cached", "--name-only", "--no-renames", "-z"]) ?? "";
    // Merging the base branch brings its changes as they are there: a path staged exactly as on a merged base
    // commit is the base's, not the worker's; anything else (an edit made during the merge) is checked.
    if (baseCommit && mergeHeads.length > 0 && mergeHeads.every((head) => isAncestor(head, baseCommit))) {
      const asOnBase = new Set(changedPaths.split("\0"));
      for (const head of mergeHeads) {
        const differs = new Set(
          (gitOut(["diff", "--cached", "--name-only", "--no-renames", "-z", head]) ?? "").split("\0"),
        );
        for (const changed of [...asOnBase]) if (differs.has(changed)) asOnBase.delete(changed);
      }
      changedPaths = changedPaths
        .split("\0")
        .filter((changed) => !asOnBase.has(changed))
        .join("\0");
    }
  }
  const outside = changedPaths.split("\0").filter((changed) => changed !== "" && !inScope(changed));
  if (outside.length === 0) process.exit(0);
  const what = postMerge ? "merged" : "staged";
  console.error(
    `wo scope guard: ${outside.length} ${what} path(s) outside the scope of ${feature} (${scope.join(", ")}):`,
  );
  for (const changed of outside) console.error(`  ${JSON.stringify(changed)}`);
  console.error(
    postMerge
      ? undo()
      : "Unstage them (git restore --staged <path>; for a merge or cherry-pick: git merge --abort / git cherry-pick --abort), or ask the orchestrator to change the scope.",
  );
  process.exit(1);
}
