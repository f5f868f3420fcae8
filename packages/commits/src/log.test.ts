import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CommitTable, LogParser, parseLogOutput } from "./log.js";

const sha = (char: string) => char.repeat(40);
const NUL = "\u0000";

describe("parseLogOutput", () => {
  test("reads records with and without files and with empty fields", () => {
    const output = [
      [`//${sha("a")}`, `${sha("b")} ${sha("c")}`, "Ann", "100", "[COMPLETE] x", ""],
      [`//${sha("b")}`, sha("d"), "", "200", "", "\nsrc/a.ts", "\nlead.ts", ""],
      [`//${sha("d")}`, "", "Bob", "300", "root", ""],
    ]
      .map((tokens) => tokens.join(NUL))
      .join("");
    const table = parseLogOutput(output);
    expect(table.rows()).toEqual([
      {
        sha: sha("a"),
        parents: [sha("b"), sha("c")],
        authorName: "Ann",
        committedAt: 100,
        subject: "[COMPLETE] x",
        files: [],
      },
      {
        sha: sha("b"),
        parents: [sha("d")],
        authorName: "",
        committedAt: 200,
        subject: "",
        files: ["src/a.ts", "\nlead.ts"],
      },
      { sha: sha("d"), parents: [], authorName: "Bob", committedAt: 300, subject: "root", files: [] },
    ]);
    expect([0, 1, 2].map((row) => [table.parentCount(row), table.firstParent(row)])).toEqual([
      [2, sha("b")],
      [1, sha("d")],
      [0, null],
    ]);
    expect(table.row(sha("b"))).toBe(1);
    expect(table.row(sha("e"))).toBe(-1);
  });

  test("SHA-256 repositories: 64-character ids", () => {
    const id = (char: string) => char.repeat(64);
    const table = parseLogOutput([`//${id("a")}`, `${id("b")} ${id("c")}`, "Ann", "1", "s", ""].join(NUL));
    expect(table.sha(0)).toBe(id("a"));
    expect(table.parentCount(0)).toBe(2);
    expect(table.firstParent(0)).toBe(id("b"));
  });

  test("empty output has no records", () => {
    expect(parseLogOutput("").size).toBe(0);
  });
});

describe("LogParser", () => {
  const sample = Buffer.from(
    [
      "//" + "a".repeat(40),
      `${"b".repeat(40)} ${"c".repeat(40)}`,
      "Ann",
      "1700000000",
      "[CHECKPOINT] one",
      "\nsrc/a.ts",
      "src/b with space.ts",
      "//" + "d".repeat(40),
      "",
      "Bob",
      "1700000001",
      "root commit ✓",
      "//" + "e".repeat(40),
      "a".repeat(40),
      "Ünï",
      "1700000002",
      "subject with // slashes",
      "\npath/é",
      "",
    ].join("\0"),
  );

  test("bytes fed in any chunks, even cut inside a character, parse exactly like the whole output", () => {
    const whole = parseLogOutput(sample).rows();
    expect(whole.map((r) => [r.sha.slice(0, 1), r.parents.length, r.authorName, r.subject, r.files])).toEqual(
      [
        ["a", 2, "Ann", "[CHECKPOINT] one", ["src/a.ts", "src/b with space.ts"]],
        ["d", 0, "Bob", "root commit ✓", []],
        ["e", 1, "Ünï", "subject with // slashes", ["path/é"]],
      ],
    );
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: sample.length }), { maxLength: 12 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const parser = new LogParser();
        let from = 0;
        for (const point of [...points, sample.length]) {
          parser.push(sample.subarray(from, point));
          from = point;
        }
        expect(parser.end().rows()).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  test("parsers sharing a table keep a commit two of them read once", () => {
    const table = new CommitTable();
    const first = new LogParser(table);
    const second = new LogParser(table);
    first.push(
      ["//" + sha("a"), sha("b"), "Ann", "1", "one", "//" + sha("b"), "", "Ann", "0", "root", ""].join(NUL),
    );
    second.push(
      ["//" + sha("c"), sha("b"), "Bob", "2", "two", "//" + sha("b"), "", "Ann", "0", "root", ""].join(NUL),
    );
    first.end();
    second.end();
    expect(table.rows().map((r) => [r.sha[0], r.authorName, r.subject])).toEqual([
      ["a", "Ann", "one"],
      ["b", "Ann", "root"],
      ["c", "Bob", "two"],
    ]);
  });

  test("ids sharing their first 16 hex digits are told apart, and lookups of absent or malformed ids miss", () => {
    const ids = [
      "0123456789abcdef" + "a".repeat(24),
      "0123456789abcdef" + "b".repeat(24),
      "01234567" + "f".repeat(32),
    ];
    const output = ids
      .map((id, i) => ["//" + id, ids[i + 1] ?? "", "Ann", String(i), `subject ${i}`, ""].join(NUL))
      .join("");
    const table = parseLogOutput(output);
    expect(ids.map((id) => table.row(id))).toEqual([0, 1, 2]);
    expect([0, 1, 2].map((row) => table.firstParentRow(row))).toEqual([1, 2, -1]);
    for (const absent of [
      "0123456789abcdef" + "c".repeat(24),
      "0123456",
      "ZZ".repeat(20),
      "A".repeat(40),
      "",
    ]) {
      expect(table.row(absent), absent).toBe(-1);
    }
  });

  test("first parents printed next (a chain) are linked while parsing; others are found by id, across parsers", () => {
    const table = new CommitTable();
    const first = new LogParser(table);
    const second = new LogParser(table);
    // a → b → c in one output; d (merge of c and a) in another, whose parents were printed by the first parser.
    first.push(
      [
        ...["//" + sha("a"), sha("b"), "Ann", "3", "a", ""],
        ...["//" + sha("b"), sha("c"), "Ann", "2", "b", ""],
        ...["//" + sha("c"), "", "Ann", "1", "c", ""],
      ].join(NUL),
    );
    second.push(["//" + sha("d"), `${sha("c")} ${sha("a")}`, "Bob", "4", "d", ""].join(NUL));
    first.end();
    second.end();
    const rows = ["a", "b", "c", "d"].map((id) => table.row(sha(id)));
    expect(rows.map((row) => table.firstParentRow(row))).toEqual([rows[1], rows[2], -1, rows[2]]);
    for (const row of rows) {
      const parent = table.firstParent(row);
      expect(table.firstParentRow(row)).toBe(parent === null ? -1 : table.row(parent));
    }
  });

  test("a first parent outside the table has no row but keeps its id", () => {
    const table = parseLogOutput(["//" + sha("a"), sha("b"), "Ann", "1", "one", ""].join(NUL));
    expect(table.firstParentRow(0)).toBe(-1);
    expect(table.firstParent(0)).toBe(sha("b"));
  });

  test("a table grows past its first capacity", () => {
    const output = Array.from({ length: 3000 }, (_, i) => {
      const id = i.toString(16).padStart(40, "0");
      const parent = (i + 1).toString(16).padStart(40, "0");
      return ["//" + id, parent, `author ${i % 3}`, String(1_700_000_000 + i), `subject ${i}`, ""].join(NUL);
    }).join("");
    const table = parseLogOutput(output);
    expect(table.size).toBe(3000);
    expect([table.subject(2999), table.authorName(2999), table.committedAt(2999)]).toEqual([
      "subject 2999",
      "author 2",
      1_700_002_999,
    ]);
    expect(table.firstParent(1234)).toBe((1235).toString(16).padStart(40, "0"));
    expect(table.firstParentRow(1234)).toBe(1235);
    expect(table.row((2999).toString(16).padStart(40, "0"))).toBe(2999);
  });
});
