import { existsSync } from "node:fs";
import path from "node:path";
import { type PaneInfo, TmuxError } from "@wo/tmux";
import { PROTOCOL_FILES } from "@wo/worktree";
import { QUIET_MS } from "./agent-state.js";
import { AGENT_FILES } from "./agents/hooks.js";
import type { Workspace } from "./workspace.js";

/** Options of `Orchestrator.watch`. */
export interface WatchOptions {
  /** Also refresh this often for what no file event reports (tmux liveness, stall time). Default 5 s. */
  intervalMs?: number;
  /**
   * Coalesce bursts of events (a commit touches several files) into one refresh, called this long after the first
   * event of the burst: a steady stream of events (many workers writing) still refreshes this often. Default 150 ms.
   */
  debounceMs?: number;
  /**
   * What the timer does. `"always"` (the default) calls `onChange("interval")` on every tick, so shown durations move
   * on. `"on-change"` first lists the tmux panes (one tmux call) and calls it only when a pane came, went, died or
   * printed since the last tick, or an agent's pane has just been quiet long enough to count as waiting: a view that
   * shows no clock (the dashboard) then reads nothing while nothing changes.
   */
  tick?: "always" | "on-change";
}

/** A running watch; `close()` stops it. */
export interface Watcher {
  /** Resolves once the file watching has started (changes before that may be missed). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Calls `onChange` whenever worker state may have changed: a worker branch moved (loose refs or packed-refs), a
 * worktree came or went, a worker wrote its status or result file, or an agent's hook recorded that it waits or
 * works again — file-based and non-blocking, no polling of git. A slow timer covers what has no file event (a tmux
 * session dying, a worker becoming stalled, a dialog in a pane).
 * `reason` names every event of a debounced burst (`"change refs/heads/work/task-1-x; add worktrees/…"`), or
 * `"interval"` for the timer.
 */
export function watchWorkers(
  ws: Workspace,
  onChange: (reason: string) => void,
  options: WatchOptions = {},
): Watcher {
  const refsDir = path.join(ws.repo.commonDir, "refs", "heads");
  const packedRefs = path.join(ws.repo.commonDir, "packed-refs");
  const worktreesMeta = path.join(ws.repo.commonDir, "worktrees");
  // The agents' hook states: <state>/agents/<feature>/hook-state.json.
  const agentsDir = path.dirname(ws.paths.agent("x"));
  const worktreeRoot = path.resolve(ws.repo.root, ws.config.worktreeRoot);
  const protocol = new Set<string>(Object.values(PROTOCOL_FILES));
  const watched = [refsDir, ws.repo.commonDir, worktreeRoot].filter((p) => existsSync(p));
  let timer: NodeJS.Timeout | undefined;
  // Every event of a burst is kept: a late event (chokidar delays unlinks to detect atomic writes) must not hide
  // the one that matters. The timer starts with the burst's first event and is never pushed back, so events that
  // keep coming (a hundred workers writing) cannot hold the refresh off.
  const pending = new Set<string>();
  const fire = (reason: string) => {
    pending.add(reason);
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      const reasons = [...pending].join("; ");
      pending.clear();
      onChange(reasons);
    }, options.debounceMs ?? 150);
  };
  // chokidar loads only for a watch, not for every command.
  const starting = import("chokidar").then(({ watch: watchFiles }) => {
    const watcher = watchFiles(watched, {
      ignoreInitial: true,
      // Only what carries worker state; never the object store or the index.
      ignored: (file: string) => {
        if (file === ws.repo.commonDir || file === refsDir || file === worktreeRoot) return false;
        // A ref's `.lock` is git's scratch file; the ref itself changes when the update lands.
        if (file.startsWith(`${refsDir}${path.sep}`)) return file.endsWith(".lock");
        if (file === packedRefs || file === worktreesMeta) return false;
        if (file === ws.paths.root || file === agentsDir) return false;
        if (file.startsWith(`${agentsDir}${path.sep}`)) {
          const rest = path.relative(agentsDir, file).split(path.sep);
          return !(rest.length === 1 || (rest.length === 2 && rest[1] === AGENT_FILES.state));
        }
        if (file.startsWith(`${worktreeRoot}${path.sep}`)) {
          const rest = path.relative(worktreeRoot, file).split(path.sep);
          return !(rest.length === 1 || (rest.length === 2 && protocol.has(rest[1] as string)));
        }
        return true;
      },
      depth: 8,
    });
    watcher.on("all", (event, file) => fire(`${event} ${path.relative(ws.repo.root, file)}`));
    return new Promise<typeof watcher>((resolve) => watcher.once("ready", () => resolve(watcher)));
  });
  const changedPanes = paneChanges(ws);
  const tick = setInterval(() => {
    if (options.tick !== "on-change") onChange("interval");
    else void changedPanes().then((changed) => (changed ? onChange("interval") : undefined));
  }, options.intervalMs ?? 5000);
  return {
    ready: starting.then(() => undefined),
    async close() {
      clearTimeout(timer);
      clearInterval(tick);
      await (await starting).close();
    },
  };
}

/**
 * A check for the timer's `"on-change"` mode: whether tmux shows anything new since the last call — a pane that
 * came, went or died, a pane that printed (its window's activity time moved), or a live pane whose quiet time has
 * just passed {@link QUIET_MS} (its status turns to waiting). The first call, a check still running and a tmux that
 * cannot be asked (other than one not installed) count as changed: it never hides a change.
 */
function paneChanges(ws: Workspace): () => Promise<boolean> {
  let last: { key: string; at: number } | null = null;
  let checking = false;
  return async () => {
    if (checking) return false;
    checking = true;
    try {
      const now = ws.now().getTime();
      let panes: PaneInfo[];
      try {
        // This repository's sessions, and those without an owner (an older wo's): not another repository's.
        panes = (await ws.tmux.listPanes()).filter((pane) => pane.owner === ws.owner.id || pane.owner === "");
      } catch (error) {
        if (error instanceof TmuxError && error.code === "E_TMUX_NOT_INSTALLED") panes = [];
        else return true;
      }
      const key = panes
        .map(
          (pane) => `${pane.sessionId} ${pane.id} ${pane.dead ? "dead" : "live"} ${pane.activityAt ?? "-"}`,
        )
        .sort()
        .join("\n");
      const since = last?.at ?? now;
      const quietNow = panes.some(
        (pane) =>
          !pane.dead &&
          pane.activityAt !== null &&
          pane.activityAt + QUIET_MS > since &&
          pane.activityAt + QUIET_MS <= now,
      );
      const changed = last === null || key !== last.key || quietNow;
      last = { key, at: now };
      return changed;
    } finally {
      checking = false;
    }
  };
}
