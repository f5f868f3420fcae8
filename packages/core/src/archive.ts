import { readdir } from "node:fs/promises";
import path from "node:path";
import { readArchivedResults } from "@wo/worktree";
import type { Workspace } from "./workspace.js";

/** One row of `wo collect`: a finished worker's result, live from its worktree or from the archive. */
export interface CollectEntry {
  feature: string;
  /** `unfinished`: an archived result whose worker never wrote `done`/`failed` (only from the archive). */
  status: "done" | "failed" | "unfinished";
  result: string;
  /** Present only when a live `.worker-result.md` could not be read (`result` is then `""`): it names the file. */
  problem?: string;
  /** Present only for an archived result: when wo archived it (`null` for archives of older versions). */
  archivedAt?: string | null;
  /** Present only for an archived result: the archive file in `<git common dir>/wo/results/<feature>/`. */
  file?: string;
}

/**
 * The archived results (`<git common dir>/wo/results/<feature>/`) of every feature, or of one, oldest first per
 * feature. `latestOnly` keeps each feature's newest: what the worker reported last before its worktree went.
 */
export async function archivedResults(
  ws: Workspace,
  options: { feature?: string; latestOnly?: boolean } = {},
): Promise<CollectEntry[]> {
  const root = path.join(ws.paths.root, "results");
  const features = options.feature !== undefined ? [options.feature] : (await directories(root)).sort();
  const entries: CollectEntry[] = [];
  for (const feature of features) {
    const archived = await readArchivedResults(ws.paths.results(feature), feature);
    for (const a of options.latestOnly ? archived.slice(-1) : archived) {
      entries.push({
        feature,
        status: a.status === "done" || a.status === "failed" ? a.status : "unfinished",
        result: a.result ?? "",
        archivedAt: a.archivedAt,
        file: a.file,
      });
    }
  }
  return entries;
}

async function directories(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}
