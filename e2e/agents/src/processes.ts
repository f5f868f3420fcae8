import { readdirSync, readFileSync } from "node:fs";

/** A live process, as /proc shows it. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  /** The command line, arguments joined with spaces. */
  command: string;
}

function read(file: string): string | null {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function info(pid: number): (ProcessInfo & { zombie: boolean }) | null {
  const stat = read(`/proc/${pid}/stat`);
  if (!stat) return null;
  // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so parse after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const command = (read(`/proc/${pid}/cmdline`) ?? "").split("\0").filter(Boolean).join(" ");
  return { pid, ppid: Number(fields[1]), command, zombie: fields[0] === "Z" };
}

function pids(): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/**
 * The live processes that belong to a worker: every process whose environment holds `WO_WORKTREE=<worktree>` (what
 * wo gives its agent, inherited by anything the agent starts, also when it re-execs or detaches from its parent), and
 * every descendant of `rootPid` (the pane's process) when given. Zombies are dead and not listed. Linux only.
 */
export function workerProcesses(worktree: string, rootPid?: number): ProcessInfo[] {
  return processesWith(`WO_WORKTREE=${worktree}`, rootPid);
}

/** The live processes whose environment holds `marker` (`NAME=value`), plus the descendants of `rootPid`. */
export function processesWith(marker: string, rootPid?: number): ProcessInfo[] {
  const all = pids()
    .map(info)
    .filter((p): p is ProcessInfo & { zombie: boolean } => p !== null && !p.zombie);
  const found = new Map<number, ProcessInfo>();
  for (const p of all) {
    if (p.pid === process.pid) continue;
    const environ = read(`/proc/${p.pid}/environ`);
    if (environ?.split("\0").includes(marker)) found.set(p.pid, p);
  }
  if (rootPid !== undefined) {
    const queue = [rootPid];
    while (queue.length > 0) {
      const parent = queue.shift() as number;
      for (const p of all) {
        if (p.ppid === parent && !found.has(p.pid)) {
          found.set(p.pid, p);
          queue.push(p.pid);
        }
      }
      const self = all.find((p) => p.pid === parent);
      if (self && !found.has(self.pid)) found.set(self.pid, self);
    }
  }
  return [...found.values()].map(({ pid, ppid, command }) => ({ pid, ppid, command }));
}

/** Whether `pid` is a live (not zombie) process. */
export function isLive(pid: number): boolean {
  const p = info(pid);
  return p !== null && !p.zombie;
}
