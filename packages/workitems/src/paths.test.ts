import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { commonDirectory, pathFromUrl, pathsFromCode, pathsFromText, tidyScope } from "./paths.js";

describe("paths in inline code", () => {
  test.each([
    ["a file with an extension", "user.py", ["user.py"]],
    ["a nested file", "backend/src/services/x.ts", ["backend/src/services/x.ts"]],
    ["a directory", "auth/", ["auth/"]],
    ["a directory without trailing slash", "src/components", ["src/components"]],
    ["a file with a line range", "file.rs:12-40", ["file.rs"]],
    ["a file with a GitHub line anchor", "src/a.ts#L10-L20", ["src/a.ts"]],
    ["a file with a leading ./", "./scripts/build.sh", ["scripts/build.sh"]],
    ["a Windows path", "src\\win\\path.cs", ["src/win/path.cs"]],
    ["a glob, as its static directory", "src/**/*.test.ts", ["src/"]],
    ["a dotfile", ".env", [".env"]],
    ["a workflow file", ".github/workflows/ci.yml", [".github/workflows/ci.yml"]],
    ["a Dockerfile", "Dockerfile", ["Dockerfile"]],
    ["a command with a path", "rm -rf build/", ["build/"]],
    ["a function call", "validate()", []],
    ["an API route", "/api/users", []],
    ["a URL", "https://example.com/a.ts", []],
    ["an npm package", "@wo/core", []],
    ["process.env", "process.env", []],
    ["a path escaping the repository", "../outside.ts", []],
    ["a plain word", "retry", []],
    ["a version number", "1.2.3", []],
  ])("reads %s", (_name, code, expected) => {
    expect(pathsFromCode(code)).toEqual(expected);
  });
});

describe("paths in prose", () => {
  test.each([
    ["a bare nested file", "see backend/src/services/x.ts for details", ["backend/src/services/x.ts"]],
    ["a bare directory", "everything in auth/ is affected", ["auth/"]],
    ["a file in parentheses with punctuation", "broken (src/a.ts), really.", ["src/a.ts"]],
    ["a file at the end of a sentence", "Fix user.py.", ["user.py"]],
    ["a well-known root without extension", "move it to src/components", ["src/components"]],
    ["and/or", "read and/or write", []],
    ["client/server", "the client/server split", []],
    ["Node.js", "runs on Node.js 20", []],
    ["e.g. and i.e.", "e.g. this, i.e. that", []],
    ["a fraction or a date", "1/2 of the 2024/01/02 runs", []],
    ["a URL", "see https://example.com/x/y.ts", []],
    ["a file with a line suffix", "crash in worker.go:88", ["worker.go"]],
    [
      "files separated by commas and odd spaces",
      "a.ts,b.ts\u00a0c.ts\u2003d.ts\ufeffe.ts",
      ["a.ts", "b.ts", "c.ts", "d.ts", "e.ts"],
    ],
  ])("reads %s", (_name, text, expected) => {
    expect(pathsFromText(text)).toEqual(expected);
  });

  test("splits words exactly where /[\\s,]/ does, for every UTF-16 code unit", () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const char = String.fromCharCode(code);
      const separates = /[\s,]/.test(char);
      const found = pathsFromText(`src/a.ts${char}lib/b.ts`);
      if (separates ? found.length !== 2 : found.length === 2) wrong.push(code.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  test("reads a text as it reads each of its words", () => {
    const word = fc.constantFrom(
      "src/a.ts",
      "lib/",
      "a.b",
      "e.g.",
      "(x/y.py),",
      "and/or",
      "x",
      "",
      "Node.js",
      "./c.md:3",
    );
    const gap = fc.constantFrom(" ", ",", ", ", "\n", "\t", "\u00a0", "  ");
    fc.assert(
      fc.property(fc.array(fc.tuple(word, gap), { maxLength: 8 }), (parts) => {
        const text = parts.map(([w, g]) => w + g).join("");
        expect(pathsFromText(text)).toEqual(text.split(/[\s,]+/).flatMap((w) => pathsFromText(w)));
      }),
    );
  });
});

describe("paths behind links", () => {
  test.each([
    ["a relative link", "src/a.ts", "TODO.md", "src/a.ts"],
    ["a relative link from a nested document", "../src/a.ts", "docs/plan.md", "src/a.ts"],
    ["a link escaping the repository", "../../x.ts", "docs/plan.md", null],
    ["a GitHub blob URL", "https://github.com/o/r/blob/main/src/x.ts#L12", "a.md", "src/x.ts"],
    ["a GitHub tree URL", "https://github.com/o/r/tree/main/src/lib", "a.md", "src/lib/"],
    ["a web page", "https://example.com/docs", "a.md", null],
    ["an anchor", "#section", "a.md", null],
    ["an absolute path", "/etc/hosts", "a.md", null],
  ])("reads %s", (_name, url, file, expected) => {
    expect(pathFromUrl(url, file)).toBe(expected);
  });
});

describe("scope tidying", () => {
  test("drops duplicates, files inside listed directories and basenames of listed paths", () => {
    expect(
      tidyScope(["auth/", "auth/session.ts", "user.py", "src/user.py", "src/user.py", "README.md"]),
    ).toEqual(["auth/", "src/user.py", "README.md"]);
  });

  test.each([
    ["nested files and their directory", ["a/b/c.ts", "a/b/d/e.ts", "a/b/"], "a/b/"],
    ["unrelated roots", ["a/x.ts", "b/y.ts"], ""],
    ["directories sharing a name prefix only", ["src/ab/x.ts", "src/a/y.ts"], "src/"],
    ["a root file", ["a/b/c.ts", "README.md"], ""],
    ["one path", ["a/b/c.ts"], "a/b/"],
    ["no paths", [], ""],
    ["untidy paths (empty segments)", ["a//b/c.ts", "/a/b/d.ts"], "a/b/"],
  ])("finds the common directory of %s", (_name, paths, expected) => {
    expect(commonDirectory(paths)).toBe(expected);
  });
});
