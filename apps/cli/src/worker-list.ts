import { UsageError } from "./fail.js";

/** `--only`/`--skip` values: comma-separated worker names (integrate, cleanup); an empty list is a usage error. */
export function parseWorkerList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new UsageError(
      `Expected a comma-separated list of workers, got ${JSON.stringify(value)}`,
      "e.g. --skip task-2-models,task-3-docs",
    );
  return names;
}
