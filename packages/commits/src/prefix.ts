import { FEATURE_NAME_PATTERN as WORKER_ID } from "@wo/worktree/names";
import { CommitsError } from "./errors.js";
import { firstLine, hasControlCharacters, quote, stripControlCharacters } from "./text.js";

/** The four kinds of worker status a commit prefix can carry. */
export type CommitStatusKind = "checkpoint" | "blocked" | "needs" | "complete";

/** A worker status read from (or written to) a commit subject. `message` is the subject text after the prefix. */
export type CommitStatus =
  | { kind: "checkpoint"; message: string }
  | { kind: "blocked"; reason: string; message: string }
  | { kind: "needs"; worker: string; item: string; message: string }
  | { kind: "complete"; message: string };

/** The result of {@link parseCommitPrefix}: at most one of `status` and `problem` is set. */
export interface ParsedSubject {
  /** The status the subject declares, or `null`. */
  status: CommitStatus | null;
  /** Why a subject that looks like it carries a prefix was not taken as a status, or `null`. */
  problem: string | null;
}

/** Options of {@link parseCommitPrefix}. */
export interface ParseCommitPrefixOptions {
  /** How many parents the commit has. Merge commits (2 or more) are never statuses. Default 1. */
  parents?: number;
}

const KIND_BY_KEYWORD: Readonly<Record<string, CommitStatusKind>> = {
  CHECKPOINT: "checkpoint",
  BLOCKED: "blocked",
  NEEDS: "needs",
  COMPLETE: "complete",
};

/**
 * Conventional-commit types a prefix may follow (`feat: [CHECKPOINT] …`, `fix(api)!: [COMPLETE] …`): the
 * config-conventional list plus common extras. A closed list, so `WIP: [COMPLETE]` or `Note: [BLOCKED:x]` are not
 * statuses. `revert` is handled separately: a revert is never a status.
 */
const CONVENTIONAL_TYPES = new Set([
  "build",
  "chore",
  "ci",
  "docs",
  "doc",
  "feat",
  "feature",
  "fix",
  "bugfix",
  "hotfix",
  "perf",
  "refactor",
  "style",
  "test",
  "tests",
  "deps",
  "security",
  "release",
]);

/** `type`, optional `(scope)`, optional `!`, `:`, spaces; only when a `[` follows. */
const CONVENTIONAL_HEADER = /^([A-Za-z][A-Za-z0-9_-]*)(?:\([^()]*\))?!?:\s*(?=\[)/;
/** A status keyword in brackets anywhere in the subject: what makes a subject "look prefixed". */
const PREFIX_LIKE = /\[\s*(checkpoint|blocked|needs|complete)\b/i;
const REVERT = /^(?:revert|reapply)\b/i;
const AUTOSQUASH = /^(?:fixup|squash|amend)!/i;
const MERGE_SUBJECT = /^Merge (?:remote-tracking branch|branch|branches|pull request|tag|commit|['"])/;
const KEYWORD = /^\s*([A-Za-z]+)/;

const NONE: ParsedSubject = { status: null, problem: null };

function rejected(problem: string): ParsedSubject {
  return { status: null, problem };
}

/** `[COMPLETE]`-style name of the keyword found in a prefix-looking subject, for problem messages. */
function prefixLike(line: string): string | null {
  const match = PREFIX_LIKE.exec(line);
  return match?.[1] === undefined ? null : `[${match[1].toUpperCase()}]`;
}

/**
 * Reads the status prefix of a commit subject. Pure; never throws.
 *
 * Tolerant where a human would be: case (`[checkpoint]`), spaces inside the brackets (`[ BLOCKED : reason ]`), a
 * conventional-commit type before the prefix (`feat(api)!: [COMPLETE] …`), leading spaces, escape sequences and
 * control characters (removed before parsing). Strict where a guess would mislead: merge commits (`parents` ≥ 2, or a
 * `Merge branch …` subject), reverts, `fixup!`/`squash!` commits and prefixes that do not start the subject
 * (`WIP [COMPLETE]`) are not statuses; a malformed `[BLOCKED]`/`[NEEDS:…]` is reported in `problem`, not guessed.
 * Only the first line of `subject` is read.
 */
export function parseCommitPrefix(subject: string, options: ParseCommitPrefixOptions = {}): ParsedSubject {
  const text = String(subject);
  // Fast path (most subjects): every status and every problem needs a "[" in the subject.
  if (!text.includes("[")) return NONE;
  const line = stripControlCharacters(firstLine(text)).trim();
  const parents = options.parents ?? 1;
  const looksPrefixed = prefixLike(line);
  if (parents >= 2) {
    return looksPrefixed === null
      ? NONE
      : rejected(
          `a merge commit (${parents} parents) is never a status, even with ${looksPrefixed} in its subject`,
        );
  }
  if (looksPrefixed !== null && REVERT.test(line)) {
    return rejected(`a revert is never a status: ${looksPrefixed} here names the reverted commit`);
  }
  if (looksPrefixed !== null && AUTOSQUASH.test(line)) {
    return rejected(
      `a fixup!/squash!/amend! commit is never a status, even with ${looksPrefixed} in its subject`,
    );
  }
  if (looksPrefixed !== null && MERGE_SUBJECT.test(line)) {
    return rejected(`a merge commit is never a status, even with ${looksPrefixed} in its subject`);
  }
  const header = CONVENTIONAL_HEADER.exec(line);
  const body =
    header?.[1] !== undefined && CONVENTIONAL_TYPES.has(header[1].toLowerCase())
      ? line.slice(header[0].length)
      : line;
  if (!body.startsWith("[")) {
    return looksPrefixed === null ? NONE : notAtStart(looksPrefixed);
  }
  return parseBracket(body, looksPrefixed);
}

function notAtStart(keyword: string): ParsedSubject {
  return rejected(
    `${keyword} is not at the start of the subject: a prefix counts only there (optionally after a conventional-commit type such as "feat: ")`,
  );
}

function parseBracket(body: string, looksPrefixed: string | null): ParsedSubject {
  const close = body.indexOf("]");
  const inner = close === -1 ? body.slice(1) : body.slice(1, close);
  const keyword = KEYWORD.exec(inner);
  const kind = keyword?.[1] === undefined ? undefined : KIND_BY_KEYWORD[keyword[1].toUpperCase()];
  if (keyword === null || kind === undefined) {
    if (looksPrefixed === null) return NONE;
    if (inner.trimStart().startsWith("[")) {
      return rejected(`nested brackets are not a prefix: write ${looksPrefixed} without the extra "["`);
    }
    return notAtStart(looksPrefixed);
  }
  const name = kind.toUpperCase();
  if (close === -1) {
    return rejected(
      `the prefix ${quote(body, 30)} has no closing "]": write [${name}…] at the start of the subject`,
    );
  }
  const written = body.slice(0, close + 1);
  const rest = inner.slice(keyword[0].length).trim();
  let argument: string | null = null;
  if (rest !== "") {
    if (!rest.startsWith(":")) {
      return rejected(`${quote(written)} is not a prefix: expected ":" or "]" after ${name}`);
    }
    argument = rest.slice(1).trim();
    if (argument.includes("[")) {
      return rejected(`${quote(written)} has nested brackets: a reason or item cannot contain "[" or "]"`);
    }
  }
  const message = body.slice(close + 1).trim();
  switch (kind) {
    case "checkpoint":
    case "complete":
      if (argument !== null) {
        return rejected(
          `${quote(written)} is not a prefix: [${name}] takes no ":" part; write "[${name}] <message>"`,
        );
      }
      return { status: { kind, message }, problem: null };
    case "blocked":
      if (argument === null || argument === "") {
        return rejected(`${quote(written)} has no reason: write "[BLOCKED:<reason>] <message>"`);
      }
      return { status: { kind, reason: argument, message }, problem: null };
    case "needs":
      return parseNeeds(written, argument, message);
  }
}

function parseNeeds(written: string, argument: string | null, message: string): ParsedSubject {
  const fix = `write "[NEEDS:<worker>/<item>] <message>"`;
  if (argument === null || argument === "") {
    return rejected(`${quote(written)} names neither a worker nor an item: ${fix}`);
  }
  const slash = argument.indexOf("/");
  if (slash === -1) {
    return rejected(`${quote(written)} has no "/" between worker and item: ${fix}`);
  }
  const worker = argument.slice(0, slash).trim().toLowerCase();
  const item = argument.slice(slash + 1).trim();
  if (worker === "") return rejected(`${quote(written)} has an empty worker id: ${fix}`);
  if (item === "") return rejected(`${quote(written)} has an empty item: ${fix}`);
  if (!WORKER_ID.test(worker)) {
    return rejected(
      `${quote(written)} names the worker ${quote(worker)}, which is not a worker id (lowercase letters, digits and "-"): ${fix}`,
    );
  }
  return { status: { kind: "needs", worker, item, message }, problem: null };
}

function invalidStatus(what: string, received: unknown, fix: string): CommitsError {
  const shown = typeof received === "string" ? quote(received) : String(received);
  return new CommitsError(
    "E_INVALID_STATUS",
    `Cannot format a commit prefix: ${what} (received ${shown}). ${fix}`,
  );
}

function checkedText(
  field: string,
  value: unknown,
  options: { required: boolean; brackets: boolean },
): string {
  if (typeof value !== "string") {
    throw invalidStatus(`${field} must be a string`, value, `Pass ${field} as text.`);
  }
  if (hasControlCharacters(value)) {
    throw invalidStatus(
      `${field} contains a line break, control or invisible character`,
      value,
      `Pass ${field} as one line of plain text.`,
    );
  }
  const text = value.trim();
  if (options.required && text === "") {
    throw invalidStatus(`${field} is empty`, value, `Say what the ${field} is.`);
  }
  if (options.brackets && /[[\]]/.test(text)) {
    throw invalidStatus(
      `${field} contains "[" or "]", which would end the prefix early`,
      value,
      `Remove the brackets.`,
    );
  }
  return text;
}

/**
 * Writes the commit subject for a status, e.g. `[NEEDS:task-2/UserModel] Require User model` (used by
 * `wo checkpoint`). Fields are trimmed; an empty message gives just the prefix. Throws {@link CommitsError}
 * `E_INVALID_STATUS` for input that would not read back as the same status: line breaks or control characters in
 * any field, an empty reason or item, brackets in a reason or item, or a worker that is not a worker id.
 * For valid input, `parseCommitPrefix(formatCommitPrefix(s)).status` equals `s` with trimmed fields.
 */
export function formatCommitPrefix(status: CommitStatus): string {
  const kind = (status as { kind?: unknown } | null)?.kind;
  const withMessage = (prefix: string): string => {
    const message = checkedText("message", status.message, { required: false, brackets: false });
    return message === "" ? prefix : `${prefix} ${message}`;
  };
  switch (kind) {
    case "checkpoint":
      return withMessage("[CHECKPOINT]");
    case "complete":
      return withMessage("[COMPLETE]");
    case "blocked": {
      const { reason } = status as { reason?: unknown };
      return withMessage(`[BLOCKED:${checkedText("reason", reason, { required: true, brackets: true })}]`);
    }
    case "needs": {
      const { worker, item } = status as { worker?: unknown; item?: unknown };
      if (typeof worker !== "string" || !WORKER_ID.test(worker)) {
        throw invalidStatus(
          "worker is not a worker id",
          worker,
          `Use the id of an existing worker: lowercase letters, digits and "-" (e.g. "task-2").`,
        );
      }
      return withMessage(
        `[NEEDS:${worker}/${checkedText("item", item, { required: true, brackets: true })}]`,
      );
    }
    default:
      throw invalidStatus(
        `kind must be "checkpoint", "blocked", "needs" or "complete"`,
        kind,
        "Pass one of the four status kinds.",
      );
  }
}
