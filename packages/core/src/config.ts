import { readFile } from "node:fs/promises";
import path from "node:path";
import type { WoConfig, WoConfigInput } from "./config-schema.js";
import { WoError } from "./errors.js";

export type { WoConfig, WoConfigInput } from "./config-schema.js";

/** Name of the optional configuration file at the repository root. */
export const CONFIG_FILE = "wo.config.json";

/**
 * The configuration without a `wo.config.json`. Kept as a constant so that the common case never loads the schema
 * library (start-up time matters for a CLI called in loops); a test pins it to the schema's own defaults.
 */
export const DEFAULT_CONFIG: Readonly<WoConfig> = Object.freeze({
  worktreeRoot: "worktrees",
  branchPrefix: "work/",
  sessionPrefix: "wt-",
  agent: "claude",
  agents: {},
  tmux: {},
  ports: { base: 4100 },
  setup: { copyFiles: [] },
  monitor: { stallMinutes: 120 },
  checks: { retries: 2 },
});

/** Validates a configuration object (defaults filled in). Throws `E_CONFIG` naming the source and the key. */
export async function parseConfig(input: unknown, source = CONFIG_FILE): Promise<WoConfig> {
  const { parseConfigSync } = await import("./config-schema.js");
  return parseConfigSync(input, source);
}

/** Reads `wo.config.json` from the repository root (absent → defaults) and applies `overrides` on top. */
export async function loadConfig(root: string, overrides: WoConfigInput = {}): Promise<WoConfig> {
  const file = path.join(root, CONFIG_FILE);
  let fromFile: Record<string, unknown> = {};
  let text: string | null = null;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new WoError("E_CONFIG", `Cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (text !== null) {
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new WoError("E_CONFIG", `Invalid ${file}: it is not JSON (${(error as Error).message})`, {
        hint: `Fix the JSON syntax in ${CONFIG_FILE}`,
        cause: error,
      });
    }
  }
  if (text === null && Object.keys(overrides).length === 0)
    return structuredClone(DEFAULT_CONFIG) as WoConfig;
  return parseConfig({ ...fromFile, ...overrides }, text === null ? "configuration" : file);
}
