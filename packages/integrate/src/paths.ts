import { existsSync, realpathSync } from "node:fs";
import path from "node:path";

/** The real path of `p` when it exists (symlinks resolved, as git reports worktrees), else `p` made absolute. */
export function realPath(p: string): string {
  return existsSync(p) ? realpathSync.native(p) : path.resolve(p);
}

/** Whether two paths name the same directory, through symlinks when they exist. */
export function samePath(a: string, b: string): boolean {
  return realPath(a) === realPath(b);
}

/** Whether `child` lies strictly below `parent`. Pure. */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
