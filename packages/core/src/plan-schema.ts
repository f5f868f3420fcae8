import { FEATURE_NAME_PATTERN } from "@wo/worktree/names";
import { z } from "zod";
import { WoError } from "./errors.js";
import { scopePathProblem } from "./scope-path.js";

// The zod schema of the plan JSON (`wo plan --json`, docs/design.md "JSON shapes"), loaded only by commands that read a plan file.
const itemSchema = z.object({
  id: z.string().min(1),
  action: z.string(),
  description: z.string(),
  scope: z.array(z.string()),
  priority: z.string().nullable(),
  complexity: z.string(),
  dependencies: z.array(z.string()),
  group: z.string().nullable(),
  done: z.boolean(),
  source: z.object({ file: z.string(), line: z.number() }),
});

/** A path inside the repository (see {@link scopePathProblem}). */
const repoPath = z
  .string()
  .refine(
    (p) => scopePathProblem(p) === null,
    "scope paths must stay inside the repository (relative, without ..)",
  );

const workerSchema = z.object({
  id: z.string().regex(/^task-\d+$/, 'worker ids look like "task-1"'),
  name: z
    .string()
    .regex(FEATURE_NAME_PATTERN, "worker names are feature names: lowercase letters, digits and dashes"),
  items: z.array(z.string()),
  scope: z.array(repoPath),
  complexity: z.string(),
  dependsOn: z.array(z.string()),
});

export const planSchema = z.object({
  /** Set by the GitHub Action: the run the plan was made for, and the commit its workers start from. */
  run: z
    .object({
      id: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,100}$/, "run ids are letters, digits, dots, dashes and underscores"),
      base: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "the run's base is a full commit sha"),
    })
    .optional(),
  sources: z.array(z.string()),
  items: z.array(itemSchema),
  clarify: z.array(z.object({ id: z.string(), text: z.string(), issue: z.string() })),
  assumptions: z.array(z.string()),
  assessment: z.object({ mode: z.enum(["parallel", "sequential"]), reason: z.string(), workers: z.number() }),
  workers: z.array(workerSchema),
});

/** Validates parsed plan JSON; `E_INPUT` names the file and the first bad field. */
export function parsePlanSync(value: unknown, file: string): z.infer<typeof planSchema> {
  const result = planSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new WoError("E_INPUT", `${file} is not a wo plan: ${where}${issue?.message ?? "invalid"}`, {
    hint: "Create a plan with: wo plan <documents…> -o plan.json",
    cause: result.error,
  });
}
