import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CommitsError } from "./errors.js";
import { type CommitStatus, formatCommitPrefix, parseCommitPrefix } from "./prefix.js";

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

describe("parseCommitPrefix reads a status", () => {
  test.each<{ subject: string; parents?: number; status: CommitStatus }>([
    // edge cases first: line endings, unicode, spacing, case
    { subject: "[CHECKPOINT] Add user model\r\n", status: { kind: "checkpoint", message: "Add user model" } },
    { subject: "[COMPLETE] done\r\n\r\nbody [BLOCKED:x]", status: { kind: "complete", message: "done" } },
    { subject: "[COMPLETE] done\rrest", status: { kind: "complete", message: "done" } },
    {
      subject: "[CHECKPOINT] Añadir modelo 日本語 ✓",
      status: { kind: "checkpoint", message: "Añadir modelo 日本語 ✓" },
    },
    { subject: "\uFEFF[COMPLETE] after a BOM", status: { kind: "complete", message: "after a BOM" } },
    { subject: "  \t[COMPLETE]   padded   ", status: { kind: "complete", message: "padded" } },
    { subject: "[COMPLETE]", status: { kind: "complete", message: "" } },
    { subject: "[COMPLETE]glued", status: { kind: "complete", message: "glued" } },
    { subject: "[checkpoint] lower case", status: { kind: "checkpoint", message: "lower case" } },
    { subject: "[Complete] mixed case", status: { kind: "complete", message: "mixed case" } },
    { subject: "[ COMPLETE ] spaced", status: { kind: "complete", message: "spaced" } },
    // the examples of the commit-prefix protocol (docs/design.md)
    {
      subject: "[CHECKPOINT] Add user model with validation",
      status: { kind: "checkpoint", message: "Add user model with validation" },
    },
    {
      subject: "[BLOCKED:missing-api-spec] Need endpoint definitions",
      status: { kind: "blocked", reason: "missing-api-spec", message: "Need endpoint definitions" },
    },
    {
      subject: "[NEEDS:task-2/UserModel] Require User model for relations",
      status: {
        kind: "needs",
        worker: "task-2",
        item: "UserModel",
        message: "Require User model for relations",
      },
    },
    {
      subject: "[COMPLETE] Analytics API endpoints implemented",
      status: { kind: "complete", message: "Analytics API endpoints implemented" },
    },
    // spaces inside brackets, case of the worker id, items with slashes
    {
      subject: "[ BLOCKED : waiting for the DB schema ] stuck",
      status: { kind: "blocked", reason: "waiting for the DB schema", message: "stuck" },
    },
    { subject: "[blocked:a: b] x", status: { kind: "blocked", reason: "a: b", message: "x" } },
    {
      subject: "[ needs : Task-2 / UserModel ] x",
      status: { kind: "needs", worker: "task-2", item: "UserModel", message: "x" },
    },
    {
      subject: "[NEEDS:task-2/src/models/user.ts] the model file",
      status: { kind: "needs", worker: "task-2", item: "src/models/user.ts", message: "the model file" },
    },
    // conventional-commit types
    {
      subject: "feat: [CHECKPOINT] Add login form",
      status: { kind: "checkpoint", message: "Add login form" },
    },
    { subject: "fix(api)!: [COMPLETE] Ship it", status: { kind: "complete", message: "Ship it" } },
    {
      subject: "Chore(deps):[BLOCKED:registry down] wait",
      status: { kind: "blocked", reason: "registry down", message: "wait" },
    },
    // the first prefix wins; the rest is message
    { subject: "[CHECKPOINT] [COMPLETE] x", status: { kind: "checkpoint", message: "[COMPLETE] x" } },
    {
      subject: "[COMPLETE] msg with ] and [ inside",
      status: { kind: "complete", message: "msg with ] and [ inside" },
    },
    // root commits and single-parent commits are statuses
    { subject: "[COMPLETE] root", parents: 0, status: { kind: "complete", message: "root" } },
    { subject: "[COMPLETE] one parent", parents: 1, status: { kind: "complete", message: "one parent" } },
    // hostile content is cleaned, never interpreted
    {
      subject: "\u001b[31m[COMPLETE]\u001b[0m Ship \u001b]0;title\u0007it",
      status: { kind: "complete", message: "Ship it" },
    },
    {
      subject: "[BLOCKED:\u001b[2Jreason\u202e] x\u0000y",
      status: { kind: "blocked", reason: "reason", message: "xy" },
    },
    { subject: "[COMP\u200bLETE] zero-width", status: { kind: "complete", message: "zero-width" } },
    {
      subject: "[CHECKPOINT] $(rm -rf /) `touch pwned`; echo \"quoted\" 'x'",
      status: { kind: "checkpoint", message: "$(rm -rf /) `touch pwned`; echo \"quoted\" 'x'" },
    },
  ])("$subject gives $status.kind", ({ subject, parents, status }) => {
    expect(parseCommitPrefix(subject, parents === undefined ? {} : { parents })).toEqual({
      status,
      problem: null,
    });
  });
});

describe("parseCommitPrefix finds no status and no problem", () => {
  test.each<{ subject: string; parents?: number }>([
    { subject: "" },
    { subject: "   " },
    { subject: "\r\n" },
    { subject: "\n[COMPLETE] on the second line" },
    { subject: "Add the login form" },
    { subject: "[COMPLETED] not a keyword" },
    { subject: "[CHECKPOINTS] not a keyword" },
    { subject: "[skip ci] docs" },
    { subject: "[] empty" },
    { subject: "Merge branch 'work/task-2' into work/task-1", parents: 2 },
    { subject: "Merge branch 'work/task-2' into work/task-1" },
    { subject: "[".repeat(10_000) },
  ])("$subject", ({ subject, parents }) => {
    expect(parseCommitPrefix(subject, parents === undefined ? {} : { parents })).toEqual({
      status: null,
      problem: null,
    });
  });
});

describe("parseCommitPrefix rejects prefix-looking subjects with a problem", () => {
  const problems = (subjects: Array<string | [string, number]>) =>
    Object.fromEntries(
      subjects.map((entry) => {
        const [subject, parents] = typeof entry === "string" ? [entry, 1] : entry;
        const parsed = parseCommitPrefix(subject, { parents });
        expect(parsed.status).toBeNull();
        return [subject, parsed.problem];
      }),
    );

  test("malformed [BLOCKED] and [NEEDS] are reported, not guessed", () => {
    expect(
      problems([
        "[BLOCKED]",
        "[BLOCKED:] x",
        "[BLOCKED:   ] x",
        "[BLOCKED missing-spec] x",
        "[NEEDS] x",
        "[NEEDS:task-2] x",
        "[NEEDS:task-2/] x",
        "[NEEDS:/UserModel] x",
        "[NEEDS:/] x",
        "[NEEDS:task 2/UserModel] x",
        "[NEEDS:work.x/UserModel] x",
      ]),
    ).toMatchInlineSnapshot(`
      {
        "[BLOCKED missing-spec] x": ""[BLOCKED missing-spec]" is not a prefix: expected ":" or "]" after BLOCKED",
        "[BLOCKED:   ] x": ""[BLOCKED:   ]" has no reason: write "[BLOCKED:<reason>] <message>"",
        "[BLOCKED:] x": ""[BLOCKED:]" has no reason: write "[BLOCKED:<reason>] <message>"",
        "[BLOCKED]": ""[BLOCKED]" has no reason: write "[BLOCKED:<reason>] <message>"",
        "[NEEDS:/UserModel] x": ""[NEEDS:/UserModel]" has an empty worker id: write "[NEEDS:<worker>/<item>] <message>"",
        "[NEEDS:/] x": ""[NEEDS:/]" has an empty worker id: write "[NEEDS:<worker>/<item>] <message>"",
        "[NEEDS:task 2/UserModel] x": ""[NEEDS:task 2/UserModel]" names the worker "task 2", which is not a worker id (lowercase letters, digits and "-"): write "[NEEDS:<worker>/<item>] <message>"",
        "[NEEDS:task-2/] x": ""[NEEDS:task-2/]" has an empty item: write "[NEEDS:<worker>/<item>] <message>"",
        "[NEEDS:task-2] x": ""[NEEDS:task-2]" has no "/" between worker and item: write "[NEEDS:<worker>/<item>] <message>"",
        "[NEEDS:work.x/UserModel] x": ""[NEEDS:work.x/UserModel]" names the worker "work.x", which is not a worker id (lowercase letters, digits and "-"): write "[NEEDS:<worker>/<item>] <message>"",
        "[NEEDS] x": ""[NEEDS]" names neither a worker nor an item: write "[NEEDS:<worker>/<item>] <message>"",
      }
    `);
  });

  test("arguments, nesting and missing brackets are reported", () => {
    expect(
      problems([
        "[COMPLETE: all] x",
        "[CHECKPOINT:] x",
        "[COMPLETE x",
        "[[COMPLETE]] x",
        "[BLOCKED:needs [spec]] x",
      ]),
    ).toMatchInlineSnapshot(`
      {
        "[BLOCKED:needs [spec]] x": ""[BLOCKED:needs [spec]" has nested brackets: a reason or item cannot contain "[" or "]"",
        "[CHECKPOINT:] x": ""[CHECKPOINT:]" is not a prefix: [CHECKPOINT] takes no ":" part; write "[CHECKPOINT] <message>"",
        "[COMPLETE x": "the prefix "[COMPLETE x" has no closing "]": write [COMPLETE…] at the start of the subject",
        "[COMPLETE: all] x": ""[COMPLETE: all]" is not a prefix: [COMPLETE] takes no ":" part; write "[COMPLETE] <message>"",
        "[[COMPLETE]] x": "nested brackets are not a prefix: write [COMPLETE] without the extra "["",
      }
    `);
  });

  test("a prefix that does not start the subject is not a status", () => {
    expect(
      problems([
        "WIP [COMPLETE] x",
        "WIP: [COMPLETE] x",
        "[WIP] [CHECKPOINT] x",
        "feat: add [needs:task-2/x] parsing",
      ]),
    ).toMatchInlineSnapshot(`
      {
        "WIP [COMPLETE] x": "[COMPLETE] is not at the start of the subject: a prefix counts only there (optionally after a conventional-commit type such as "feat: ")",
        "WIP: [COMPLETE] x": "[COMPLETE] is not at the start of the subject: a prefix counts only there (optionally after a conventional-commit type such as "feat: ")",
        "[WIP] [CHECKPOINT] x": "[CHECKPOINT] is not at the start of the subject: a prefix counts only there (optionally after a conventional-commit type such as "feat: ")",
        "feat: add [needs:task-2/x] parsing": "[NEEDS] is not at the start of the subject: a prefix counts only there (optionally after a conventional-commit type such as "feat: ")",
      }
    `);
  });

  test("merges, reverts and fixups are never statuses", () => {
    expect(
      problems([
        ["[COMPLETE] Merge work/task-2", 2],
        ["[CHECKPOINT] octopus", 3],
        "Merge branch 'work/x' ([COMPLETE] Ship)",
        'Revert "[COMPLETE] Ship API"',
        "revert: [COMPLETE] Ship API",
        'Reapply "[COMPLETE] Ship API"',
        "fixup! [CHECKPOINT] Add model",
        "squash! [COMPLETE] Ship",
      ]),
    ).toMatchInlineSnapshot(`
      {
        "Merge branch 'work/x' ([COMPLETE] Ship)": "a merge commit is never a status, even with [COMPLETE] in its subject",
        "Reapply "[COMPLETE] Ship API"": "a revert is never a status: [COMPLETE] here names the reverted commit",
        "Revert "[COMPLETE] Ship API"": "a revert is never a status: [COMPLETE] here names the reverted commit",
        "[CHECKPOINT] octopus": "a merge commit (3 parents) is never a status, even with [CHECKPOINT] in its subject",
        "[COMPLETE] Merge work/task-2": "a merge commit (2 parents) is never a status, even with [COMPLETE] in its subject",
        "fixup! [CHECKPOINT] Add model": "a fixup!/squash!/amend! commit is never a status, even with [CHECKPOINT] in its subject",
        "revert: [COMPLETE] Ship API": "a revert is never a status: [COMPLETE] here names the reverted commit",
        "squash! [COMPLETE] Ship": "a fixup!/squash!/amend! commit is never a status, even with [COMPLETE] in its subject",
      }
    `);
  });

  test("a problem quotes at most 60 characters of a hostile subject, without control characters", () => {
    const { problem } = parseCommitPrefix(`[BLOCKED ${"\u001b[31mx".repeat(1000)}] y`);
    expect(problem).toMatch(/^"\[BLOCKED x{51}…" is not a prefix/);
  });
});

describe("formatCommitPrefix", () => {
  test.each<{ status: CommitStatus; subject: string }>([
    { status: { kind: "checkpoint", message: "Add user model" }, subject: "[CHECKPOINT] Add user model" },
    { status: { kind: "complete", message: "" }, subject: "[COMPLETE]" },
    { status: { kind: "complete", message: "  trimmed  " }, subject: "[COMPLETE] trimmed" },
    {
      status: { kind: "blocked", reason: "missing-api-spec", message: "Need endpoints" },
      subject: "[BLOCKED:missing-api-spec] Need endpoints",
    },
    {
      status: { kind: "needs", worker: "task-2", item: "src/models/user.ts", message: "日本語" },
      subject: "[NEEDS:task-2/src/models/user.ts] 日本語",
    },
  ])("writes $subject", ({ status, subject }) => {
    expect(formatCommitPrefix(status)).toBe(subject);
  });

  test("input that would not read back as the same status is refused with a fix-it message", () => {
    const refusal = (status: unknown) => {
      try {
        formatCommitPrefix(status as CommitStatus);
      } catch (error) {
        expect(error).toBeInstanceOf(CommitsError);
        expect((error as CommitsError).code).toBe("E_INVALID_STATUS");
        return (error as Error).message;
      }
      throw new Error(`expected ${JSON.stringify(status)} to be refused`);
    };
    expect([
      refusal({ kind: "checkpoint", message: "two\nlines" }),
      refusal({ kind: "complete", message: "\u001b[31mred" }),
      refusal({ kind: "blocked", reason: " ", message: "x" }),
      refusal({ kind: "blocked", reason: "a]b", message: "x" }),
      refusal({ kind: "needs", worker: "Task 2", item: "x", message: "x" }),
      refusal({ kind: "needs", worker: "task-2", item: "", message: "x" }),
      refusal({ kind: "done", message: "x" }),
      refusal({ kind: "complete", message: 42 }),
    ]).toMatchInlineSnapshot(`
      [
        "Cannot format a commit prefix: message contains a line break, control or invisible character (received "two lines"). Pass message as one line of plain text.",
        "Cannot format a commit prefix: message contains a line break, control or invisible character (received "red"). Pass message as one line of plain text.",
        "Cannot format a commit prefix: reason is empty (received " "). Say what the reason is.",
        "Cannot format a commit prefix: reason contains "[" or "]", which would end the prefix early (received "a]b"). Remove the brackets.",
        "Cannot format a commit prefix: worker is not a worker id (received "Task 2"). Use the id of an existing worker: lowercase letters, digits and "-" (e.g. "task-2").",
        "Cannot format a commit prefix: item is empty (received ""). Say what the item is.",
        "Cannot format a commit prefix: kind must be "checkpoint", "blocked", "needs" or "complete" (received "done"). Pass one of the four status kinds.",
        "Cannot format a commit prefix: message must be a string (received 42). Pass message as text.",
      ]
    `);
  });
});

describe("properties", () => {
  const anyText = fc.string({ unit: "binary", maxLength: 80 });
  const prefixish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "[",
          "]",
          ":",
          "/",
          " ",
          "\r",
          "\n",
          "\u001b[",
          "feat: ",
          "Revert ",
          "CHECKPOINT",
          "blocked",
        ),
        fc.constantFrom("NEEDS", "Complete", "task-2", "UserModel", "\u0000", "\u202e", "日本"),
        anyText,
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join(""));
  const subjects = fc.oneof(anyText, prefixish);

  test("parsing never throws and returns a status, a problem or neither — never both", () => {
    fc.assert(
      fc.property(subjects, fc.integer({ min: 0, max: 4 }), (subject, parents) => {
        const parsed = parseCommitPrefix(subject, { parents });
        expect(parsed.status === null || parsed.problem === null).toBe(true);
        if (parents >= 2) expect(parsed.status).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  test("returned messages, reasons and items hold no control characters", () => {
    fc.assert(
      fc.property(subjects, (subject) => {
        const { status, problem } = parseCommitPrefix(subject);
        for (const value of [...Object.values(status ?? {}), problem ?? ""]) {
          expect(CONTROL.test(String(value))).toBe(false);
        }
      }),
      { numRuns: 3000 },
    );
  });

  const plain = (required: boolean) =>
    fc
      .string({ unit: "grapheme", maxLength: 30 })
      .filter((text) => !CONTROL.test(text) && !/[[\]]/.test(text) && (!required || text.trim() !== ""));
  const worker = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/);
  const statuses: fc.Arbitrary<CommitStatus> = fc.oneof(
    fc.record({ kind: fc.constant("checkpoint" as const), message: anyText }),
    fc.record({ kind: fc.constant("complete" as const), message: anyText }),
    fc.record({ kind: fc.constant("blocked" as const), reason: anyText, message: anyText }),
    fc.record({
      kind: fc.constant("needs" as const),
      worker: fc.oneof(worker, anyText),
      item: anyText,
      message: anyText,
    }),
    fc.record({ kind: fc.constant("blocked" as const), reason: plain(true), message: plain(false) }),
    fc.record({ kind: fc.constant("needs" as const), worker, item: plain(true), message: plain(false) }),
  );

  test("formatting then parsing gives back the status with trimmed fields, or formatting refuses", () => {
    fc.assert(
      fc.property(statuses, (status) => {
        let subject: string;
        try {
          subject = formatCommitPrefix(status);
        } catch (error) {
          expect(error).toBeInstanceOf(CommitsError);
          return;
        }
        const trimmed = Object.fromEntries(
          Object.entries(status).map(([key, value]) => [key, key === "kind" ? value : String(value).trim()]),
        );
        expect(parseCommitPrefix(subject)).toEqual({ status: trimmed, problem: null });
      }),
      { numRuns: 3000 },
    );
  });

  test("well-formed statuses are always formatted", () => {
    const wellFormed = fc.oneof(
      fc.record({ kind: fc.constant("checkpoint" as const), message: plain(false) }),
      fc.record({ kind: fc.constant("blocked" as const), reason: plain(true), message: plain(false) }),
      fc.record({ kind: fc.constant("needs" as const), worker, item: plain(true), message: plain(false) }),
    );
    fc.assert(
      fc.property(wellFormed, (status) => {
        expect(parseCommitPrefix(formatCommitPrefix(status)).status?.kind).toBe(status.kind);
      }),
    );
  });
});
