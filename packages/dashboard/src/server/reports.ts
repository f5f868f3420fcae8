import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { IntegrationReportFile } from "../shared/messages.js";

/**
 * The newest integration report (`.git/wo/reports/<name>.md`, written by `wo integrate`), or `null` when there is
 * none yet.
 */
export async function latestReport(stateDir: string): Promise<IntegrationReportFile | null> {
  const dir = path.join(stateDir, "reports");
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".md"));
  const dated = await Promise.all(
    names.map(async (name) => ({ name, time: (await stat(path.join(dir, name))).mtimeMs })),
  );
  const newest = dated.sort((a, b) => b.time - a.time)[0];
  if (!newest) return null;
  return {
    name: newest.name.replace(/\.md$/, ""),
    markdown: await readFile(path.join(dir, newest.name), "utf8"),
  };
}
