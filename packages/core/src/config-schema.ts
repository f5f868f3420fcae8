import path from "node:path";
import { z } from "zod";
import { WoError } from "./errors.js";

// The zod schema of wo.config.json, loaded only when there is configuration to validate.

export const configSchema = z
  .object({
    /** Directory of worker worktrees, relative to the repository root: inside it, and outside `.git`. */
    worktreeRoot: z
      .string()
      .min(1)
      .refine((root) => worktreeRootProblem(root) === null, {
        error: (issue) => worktreeRootProblem(String(issue.input)) ?? "invalid worktree root",
      })
      .default("worktrees"),
    /** Prefix of worker branches. */
    branchPrefix: z.string().min(1).default("work/"),
    /** Prefix of worker tmux sessions. */
    sessionPrefix: z
      .string()
      .regex(/^[a-z0-9-]*$/, "use lowercase letters, digits and dashes")
      .default("wt-"),
    /** Branch workers start from and integrate into. Default: the branch checked out in the main worktree. */
    baseBranch: z.string().min(1).optional(),
    /** Default agent: a preset name (claude, codex, aider, gemini) or a name from `agents`. */
    agent: z.string().min(1).default("claude"),
    /** Default agent command template, e.g. `mycli --yes {prompt}`; overrides `agent`. */
    agentCmd: z.string().min(1).optional(),
    /** Extra named agent command templates: `{ "mine": "mycli {prompt_file}" }`. */
    agents: z.record(z.string(), z.string().min(1)).default({}),
    tmux: z
      .object({ socket: z.string().min(1).optional() })
      .strict()
      .default({}),
    /** Each worker gets a distinct `WO_PORT`, counting up from `base`. */
    ports: z
      .object({ base: z.number().int().min(1024).max(65000).default(4100) })
      .strict()
      .default({ base: 4100 }),
    setup: z
      .object({
        /** Gitignored files (e.g. `.env`) copied from the repository root into each new worktree. */
        copyFiles: z.array(z.string().min(1)).default([]),
        /** Command run in each new worktree after creation (your own command, run by `sh -c`). */
        postCreate: z.string().min(1).optional(),
      })
      .strict()
      .default({ copyFiles: [] }),
    monitor: z
      .object({
        /** A worker without a commit for this many minutes is reported as stalled. */
        stallMinutes: z.number().positive().default(120),
      })
      .strict()
      .default({ stallMinutes: 120 }),
    checks: z
      .object({
        /**
         * How often a worker is resumed with the check its merge made fail (`wo integrate --test`) before the report
         * says it needs a person.
         */
        retries: z.number().int().min(0).max(20).default(2),
      })
      .strict()
      .default({ retries: 2 }),
  })
  .strict();

/** wo's configuration: `wo.config.json` at the repository root merged over these defaults. */
export type WoConfig = z.infer<typeof configSchema>;
/** What a config file or caller may set: every key optional. */
export type WoConfigInput = z.input<typeof configSchema>;

/**
 * Why `root` cannot be the worktree root, or `null`. Pure. It must name a directory inside the repository (relative,
 * not the root itself, never climbing out with `..`) and outside `.git`, where git keeps its own files.
 */
export function worktreeRootProblem(root: string): string | null {
  if (path.isAbsolute(root) || /^[a-zA-Z]:/.test(root))
    return `${JSON.stringify(root)} is an absolute path; use a directory inside the repository, e.g. "worktrees"`;
  const parts = path.posix
    .normalize(root.replaceAll("\\", "/"))
    .split("/")
    .filter((p) => p !== "" && p !== ".");
  if (parts.length === 0)
    return `${JSON.stringify(root)} is the repository root itself; use a subdirectory, e.g. "worktrees"`;
  if (parts[0] === "..")
    return `${JSON.stringify(root)} leaves the repository; use a directory inside it, e.g. "worktrees"`;
  if (parts.some((p) => p.toLowerCase() === ".git"))
    return `${JSON.stringify(root)} is inside .git, where git keeps its own files; use e.g. "worktrees"`;
  return null;
}

/** Validates a configuration object (defaults filled in). Throws `E_CONFIG` naming the source and the key. */
export function parseConfigSync(input: unknown, source: string): WoConfig {
  const result = configSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue && issue.path.length > 0 ? issue.path.join(".") : null;
  const where = key === null ? "" : `${key}: `;
  throw new WoError("E_CONFIG", `Invalid ${source}: ${where}${issue?.message ?? "invalid value"}`, {
    hint: `${key === null ? "Correct or remove that key" : `Fix ${key}`} in ${source} (see docs/configuration.md)`,
    cause: result.error,
  });
}
