import { FEATURE_NAME_PATTERN } from "@wo/core";
import { ActionError } from "./errors.js";

/** The action's modes (`mode` input). */
export const MODES = ["plan", "monitor", "integrate", "check"] as const;

/** One of {@link MODES}. */
export type Mode = (typeof MODES)[number];

/** Inputs of `mode: plan`. */
export interface PlanInputs {
  mode: "plan";
  /** Glob patterns of work-item documents, in the order given. */
  documents: string[];
  /** Number of workers to aim for; `undefined`: wo chooses (2–4). */
  workers: number | undefined;
}

/** Inputs of `mode: monitor`. */
export interface MonitorInputs {
  mode: "monitor";
  /** The branch workers started from; `undefined`: configured base, else the checked-out branch. */
  base: string | undefined;
  /** Also forecast merge conflicts between worker branches. */
  forecast: boolean;
  /** Token for the pull-request comment; `undefined`: no comment. */
  token: string | undefined;
  /** The pull request to comment on; `undefined`: the event's. */
  pullRequest: number | undefined;
  /** The plan of the run (`plan.json` of the plan step): only its workers count. `undefined`: every worker branch. */
  planFile: string | undefined;
}

/** Inputs of `mode: integrate`. */
export interface IntegrateInputs {
  mode: "integrate";
  /** Integration name: the branch is `integration/<name>`. */
  name: string;
  base: string | undefined;
  /** Fail the step when workers conflict (they are left out either way). */
  failOnConflict: boolean;
  /** Token for the integration pull request; `undefined`: no pull request is opened or updated. */
  token: string | undefined;
  /** The plan of the run (`plan.json` of the plan step): only its workers count. `undefined`: every worker branch. */
  planFile: string | undefined;
}

/** Inputs of `mode: check`. */
export interface CheckInputs {
  mode: "check";
  /** Integration name: the test runs on what `integration/<name>` holds. */
  name: string;
  /** The test command line, run with `sh -c` like `wo integrate --test`. */
  test: string;
  /** How many retry runs a blamed worker gets before a person is asked (0: none). */
  retries: number;
  /** Stop each run of the test after this many milliseconds (it then fails); `undefined`: no limit. */
  testTimeoutMs: number | undefined;
  base: string | undefined;
  /** The plan of the run (`plan.json` of the plan step): only its workers count. `undefined`: every worker branch. */
  planFile: string | undefined;
}

/** The validated inputs of one run. */
export type ActionInputs = PlanInputs | MonitorInputs | IntegrateInputs | CheckInputs;

/** The most retry runs `retries` may grant: a worker that fails its check ten times needs a person anyway. */
export const MAX_RETRIES = 10;

/**
 * Defaults the code applies to empty inputs. The runner fills action.yml's defaults in, but a bundle run by hand
 * (or by the tests) gets none, so the code carries the same values; a test keeps both equal.
 */
export const INPUT_DEFAULTS: Readonly<Record<string, string>> = {
  forecast: "true",
  "fail-on-conflict": "true",
  retries: "2",
};

function isMode(value: string): value is Mode {
  return (MODES as readonly string[]).includes(value);
}

/** Splits a list input: items separated by newlines or commas, trimmed, empty items dropped. Pure. */
export function splitList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function booleanInput(name: string, value: string): boolean {
  // The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new ActionError("E_INPUT", `Input ${name} must be true or false, received ${JSON.stringify(value)}`, {
    hint: `Set ${name}: true or ${name}: false (or leave it out)`,
  });
}

function integerInput(name: string, value: string, max: number, hint: string): number | undefined {
  if (value === "") return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    const range = Number.isSafeInteger(max + 1) ? `from 1 to ${max}` : "of 1 or more";
    throw new ActionError(
      "E_INPUT",
      `Input ${name} must be a whole number ${range}, received ${JSON.stringify(value)}`,
      { hint },
    );
  }
  return n;
}

function optional(value: string): string | undefined {
  return value === "" ? undefined : value;
}

/**
 * Reads and validates the inputs of one run. `get` returns an input's value trimmed, `""` when it is not set (like
 * `core.getInput`); {@link INPUT_DEFAULTS} fill empty inputs. Inputs another mode uses are ignored. Pure; throws
 * {@link ActionError} `E_INPUT` naming the input, what it expects and what it received.
 */
export function parseInputs(get: (name: string) => string): ActionInputs {
  const read = (name: string) => get(name).trim() || INPUT_DEFAULTS[name] || "";
  const mode = read("mode");
  const expected = `${MODES.slice(0, -1).join(", ")} or ${MODES.at(-1)}`;
  if (!isMode(mode)) {
    throw new ActionError(
      "E_INPUT",
      mode === ""
        ? `Input mode is missing: expected ${expected}`
        : `Unknown mode ${JSON.stringify(mode)}: expected ${expected}`,
      { hint: "Set the mode input, e.g. mode: plan" },
    );
  }
  if (mode === "plan") {
    const documents = splitList(read("documents"));
    if (documents.length === 0) {
      throw new ActionError("E_INPUT", "mode: plan needs the documents input, which is empty", {
        hint: "List work-item documents as globs, newline- or comma-separated, e.g. documents: docs/review.md",
      });
    }
    const workers = integerInput(
      "workers",
      read("workers"),
      64,
      "Set workers: 3, or leave it out to let wo choose",
    );
    return { mode, documents, workers };
  }
  const base = optional(read("base"));
  if (base !== undefined && (base.startsWith("-") || /[\s\u0000-\u001f\u007f]/.test(base))) {
    throw new ActionError(
      "E_INPUT",
      `Input base ${JSON.stringify(base)} is not a branch name: it starts with "-" or contains whitespace`,
      { hint: "Set base to the branch the workers started from, e.g. base: main" },
    );
  }
  if (mode === "monitor") {
    return {
      mode,
      base,
      forecast: booleanInput("forecast", read("forecast")),
      token: optional(read("token")),
      pullRequest: integerInput(
        "pull-request",
        read("pull-request"),
        Number.MAX_SAFE_INTEGER,
        "Set pull-request to the number alone (pull-request: 12), or leave it out to use the event's",
      ),
      planFile: optional(read("plan-file")),
    };
  }
  const name = read("name");
  // wo's feature-name rule, checked here so a bad name fails before anything is fetched.
  if (!FEATURE_NAME_PATTERN.test(name)) {
    throw new ActionError(
      "E_INPUT",
      name === ""
        ? `mode: ${mode} needs the name input, which is empty`
        : `Input name ${JSON.stringify(name)} is not a valid integration name: expected lowercase letters, digits and dashes (at most 63, starting with a letter or digit)`,
      { hint: "Set name, e.g. name: sprint-1 (the branch becomes integration/sprint-1)" },
    );
  }
  if (mode === "check") return checkInputs(name, base, read);
  return {
    mode,
    name,
    base,
    failOnConflict: booleanInput("fail-on-conflict", read("fail-on-conflict")),
    token: optional(read("token")),
    planFile: optional(read("plan-file")),
  };
}

function checkInputs(name: string, base: string | undefined, read: (name: string) => string): CheckInputs {
  const test = read("test");
  if (test === "") {
    throw new ActionError("E_INPUT", "mode: check needs the test input, which is empty", {
      hint: "Set test to the command that checks the integration, e.g. test: npm test (run with sh -c)",
    });
  }
  const retries = read("retries");
  if (!/^\d+$/.test(retries) || Number(retries) > MAX_RETRIES) {
    throw new ActionError(
      "E_INPUT",
      `Input retries must be a whole number from 0 to ${MAX_RETRIES}, received ${JSON.stringify(retries)}`,
      { hint: "Set retries: 2 (the default), or retries: 0 to ask a person at the first failure" },
    );
  }
  return {
    mode: "check",
    name,
    test,
    retries: Number(retries),
    testTimeoutMs: durationInput("test-timeout", read("test-timeout")),
    base,
    planFile: optional(read("plan-file")),
  };
}

/** A duration as `wo integrate --test-timeout` takes it: `90`, `90s`, `10m`, `1h`, `500ms` (a plain number is seconds). */
function durationInput(name: string, value: string): number | undefined {
  if (value === "") return undefined;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  const ms = match ? Math.round(Number(match[1]) * unit[(match[2] ?? "s") as keyof typeof unit]) : Number.NaN;
  if (!(ms > 0 && ms <= 2_147_483_647)) {
    throw new ActionError(
      "E_INPUT",
      `Input ${name} must be a duration such as 90s, 10m or 1h, received ${JSON.stringify(value)}`,
      { hint: `A plain number is seconds, e.g. ${name}: 15m; leave it out for no limit` },
    );
  }
  return ms;
}
