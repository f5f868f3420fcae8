import type { WorkerBranchHistory } from "./attribution.js";

/** A "worker `from` needs something from worker `to`" edge, as read from `[NEEDS:<to>/<item>]` commits of `from`. */
export interface NeedsEdge {
  from: string;
  to: string;
}

/**
 * Cross-dependency deadlocks: every elementary cycle in the "needs" graph, each as the worker ids along the cycle,
 * starting at its smallest id (`["task-1", "task-3", "task-2"]` means 1 needs 3, 3 needs 2, 2 needs 1). A worker
 * that needs itself is a cycle of one. Duplicate edges are ignored. Pure; deterministic order (Johnson's algorithm
 * over ids in sorted order, neighbours sorted), so the output is stable across runs.
 */
export function findNeedsCycles(edges: ReadonlyArray<NeedsEdge>): string[][] {
  const adjacency = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!adjacency.has(from)) adjacency.set(from, new Set());
    if (!adjacency.has(to)) adjacency.set(to, new Set());
    adjacency.get(from)!.add(to);
  }
  const nodes = [...adjacency.keys()].sort();
  const order = new Map(nodes.map((node, index) => [node, index]));
  const neighbours = new Map(nodes.map((node) => [node, [...adjacency.get(node)!].sort()]));
  const cycles: string[][] = [];

  for (const [startIndex, start] of nodes.entries()) {
    // Johnson: cycles through `start` that use only nodes ordered at or after it, so each cycle is found once.
    const blocked = new Set<string>();
    const blockedBy = new Map<string, Set<string>>();
    const stack: string[] = [];
    const unblock = (node: string): void => {
      const pending = [node];
      while (pending.length > 0) {
        const current = pending.pop()!;
        if (!blocked.delete(current)) continue;
        const waiting = blockedBy.get(current);
        if (waiting === undefined) continue;
        blockedBy.delete(current);
        pending.push(...waiting);
      }
    };
    const circuit = (node: string): boolean => {
      let found = false;
      stack.push(node);
      blocked.add(node);
      const next = neighbours.get(node)!.filter((other) => order.get(other)! >= startIndex);
      for (const other of next) {
        if (other === start) {
          cycles.push([...stack]);
          found = true;
        } else if (!blocked.has(other) && circuit(other)) {
          found = true;
        }
      }
      if (found) {
        unblock(node);
      } else {
        for (const other of next) {
          if (!blockedBy.has(other)) blockedBy.set(other, new Set());
          blockedBy.get(other)!.add(node);
        }
      }
      stack.pop();
      return found;
    };
    circuit(start);
  }
  return cycles;
}

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}_]/u.test(character);
}

/** Whether `item` occurs in `text` as a whole word (case-insensitive; word = letters, digits, `_`). */
function mentionsItem(text: string, item: string): boolean {
  const haystack = text.toLowerCase();
  const needle = item.trim().toLowerCase();
  if (needle === "") return false;
  // An item that starts or ends with punctuation ("#12", "api/") needs no word boundary on that side.
  const startsWithWord = isWordCharacter(needle[0]);
  const endsWithWord = isWordCharacter(needle[needle.length - 1]);
  for (let index = haystack.indexOf(needle); index !== -1; index = haystack.indexOf(needle, index + 1)) {
    const before = haystack[index - 1];
    const after = haystack[index + needle.length];
    if ((!startsWithWord || !isWordCharacter(before)) && (!endsWithWord || !isWordCharacter(after)))
      return true;
  }
  return false;
}

/**
 * Whether a `[NEEDS:<worker>/<item>]` can be resolved: `provider` (the history of the needed worker's branch) has an
 * own `[COMPLETE]` commit, or an own `[CHECKPOINT]` whose message names the item as a whole word, case-insensitive
 * (`UserModel` is named by "[CHECKPOINT] Add usermodel with validation", not by "Add UserModels"). `undefined`
 * (no such branch) is never satisfied. Pure.
 */
export function isNeedSatisfied(
  need: { worker: string; item: string },
  provider: WorkerBranchHistory | undefined,
): boolean {
  if (provider === undefined) return false;
  return provider.commits.some(
    ({ status }) =>
      status?.kind === "complete" ||
      (status?.kind === "checkpoint" && mentionsItem(status.message, need.item)),
  );
}
