import { type Dirent, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** A branch and the commit it points at. */
export interface BranchTip {
  /** Full ref name, e.g. `refs/heads/work/task-1`. */
  ref: string;
  sha: string;
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/**
 * The branches under `refs/heads/<prefix>` and their commits, read from the files `git for-each-ref` reads (loose
 * refs under `<common dir>/refs/heads`, then `packed-refs`; a loose ref wins), sorted by ref name as git sorts them.
 * A monitor calls this every few seconds; it saves a process.
 *
 * Returns `null` when git must answer: the reftable backend, a symbolic ref, a name git would refuse or warn about,
 * a line of `packed-refs` it cannot read.
 */
export function readBranchTips(commonDir: string, prefix: string): BranchTip[] | null {
  try {
    if (!refsAreFiles(commonDir)) return null;
    const wanted = `refs/heads/${prefix}`;
    const tips = new Map<string, string>();
    for (const line of packedRefs(commonDir)) {
      if (line === "" || line.startsWith("#") || line.startsWith("^")) continue;
      const space = line.indexOf(" ");
      const sha = line.slice(0, space);
      const ref = line.slice(space + 1);
      if (!SHA.test(sha) || ref === "") return null;
      if (ref.startsWith(wanted) && ref.length > wanted.length) tips.set(ref, sha);
    }
    // The directory to walk: the prefix's own directory when it names one, else everything under refs/heads.
    const walkFrom = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/") + 1) : "";
    const loose = looseRefs(commonDir, `refs/heads/${walkFrom}`);
    if (loose === null) return null;
    for (const [ref, sha] of loose)
      if (ref.startsWith(wanted) && ref.length > wanted.length) tips.set(ref, sha);
    return [...tips]
      .map(([ref, sha]) => ({ ref, sha }))
      .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  } catch {
    return null;
  }
}

/**
 * Whether refs and HEAD live in files (the default backend). With `extensions.refStorage` set (reftable), HEAD
 * files are placeholders and refs are in tables only git reads. Throws when the config cannot be read.
 */
export function refsAreFiles(commonDir: string): boolean {
  return !/^\s*refstorage\s*=/im.test(readFileSync(path.join(commonDir, "config"), "utf8"));
}

function packedRefs(commonDir: string): string[] {
  try {
    return readFileSync(path.join(commonDir, "packed-refs"), "utf8").split("\n");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** Loose refs under `dir` (a ref directory ending in "/"), or `null` for anything git would read differently. */
function looseRefs(commonDir: string, dir: string): Map<string, string> | null {
  const found = new Map<string, string>();
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(commonDir, dir), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return found;
    throw error;
  }
  for (const entry of entries) {
    // A lock file is a ref being written: git skips it and so does this.
    if (entry.name.endsWith(".lock")) continue;
    if (!validComponent(entry.name)) return null;
    const ref = `${dir}${entry.name}`;
    if (entry.isDirectory()) {
      const nested = looseRefs(commonDir, `${ref}/`);
      if (nested === null) return null;
      for (const [name, sha] of nested) found.set(name, sha);
    } else if (entry.isFile()) {
      const content = readFileSync(path.join(commonDir, ref), "utf8").trim();
      if (!SHA.test(content)) return null;
      found.set(ref, content);
    } else return null;
  }
  return found;
}

/**
 * A ref name component git accepts without complaint (git-check-ref-format): no leading dot, no `..`, no control
 * characters, space or `~^:?*[\`, not ending in `.`, no `@{`.
 */
function validComponent(name: string): boolean {
  return (
    name !== "" &&
    !name.startsWith(".") &&
    !name.endsWith(".") &&
    !name.includes("..") &&
    !name.includes("@{") &&
    !/[\x00-\x20\x7f~^:?*[\\]/.test(name)
  );
}
