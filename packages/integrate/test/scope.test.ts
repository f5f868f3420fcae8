import { useGitRepo } from "@wo/test-utils";
import { describe, expect, test } from "vitest";
import { checkScopes, matchesScope } from "../src/scope.js";
import { addBranch } from "./helpers.js";

const gitRepo = useGitRepo();

describe("matchesScope", () => {
  test.each([
    ["an empty scope allows everything", "anything/at/all.ts", [], true],
    ["a scope of empty strings allows everything", "a.ts", [""], true],
    ["a directory entry matches a file inside it", "src/auth/login.ts", ["src/auth/"], true],
    ["a directory entry matches deeper files", "src/auth/deep/x.ts", ["src/auth/"], true],
    [
      "a directory entry does not match a sibling with the same prefix",
      "src/authz/x.ts",
      ["src/auth/"],
      false,
    ],
    ["a file entry matches exactly that file", "README.md", ["README.md"], true],
    ["a file entry is not a directory prefix", "src/auth/x.ts", ["src/auth"], false],
    ["a file entry does not match a longer name", "README.md.bak", ["README.md"], false],
    ["a leading ./ is ignored on both sides", "./src/a.ts", ["./src/"], true],
    ["matching is case-sensitive", "Src/a.ts", ["src/"], false],
    ["any entry may match", "docs/x.md", ["src/", "docs/"], true],
    ["unicode paths match", "src/ä/ö.ts", ["src/ä/"], true],
  ] as [string, string, string[], boolean][])("%s", (_name, file, scope, expected) => {
    expect(matchesScope(file, scope)).toBe(expected);
  });
});

describe("checkScopes", () => {
  test("reports only workers with files outside their scope, with those files", async () => {
    const repo = await gitRepo();
    await addBranch(repo, "work/ok", { "src/auth/a.ts": "a\n" });
    await addBranch(repo, "work/bad", {
      "src/api/b.ts": "b\n",
      "package.json": "{}\n",
      "src/api/c.ts": "c\n",
    });
    await addBranch(repo, "work/free", { "anywhere.txt": "x\n" });
    const violations = await checkScopes(repo.dir, {
      base: "main",
      workers: [
        { feature: "ok", branch: "work/ok", scope: ["src/auth/"] },
        { feature: "bad", branch: "work/bad", scope: ["src/api/b.ts"] },
        { feature: "free", branch: "work/free" },
      ],
    });
    expect(violations).toEqual([
      { feature: "bad", branch: "work/bad", files: ["package.json", "src/api/c.ts"] },
    ]);
  });

  test("changes on the base after the branch left it are not the worker's", async () => {
    const repo = await gitRepo();
    await addBranch(repo, "work/ok", { "src/auth/a.ts": "a\n" });
    await repo.commit("main moves", { "elsewhere.txt": "main\n" });
    const violations = await checkScopes(repo.dir, {
      base: "main",
      workers: [{ feature: "ok", branch: "work/ok", scope: ["src/auth/"] }],
    });
    expect(violations).toEqual([]);
  });
});
