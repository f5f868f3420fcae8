import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { assertTmuxInstalled, tempDir, useIsolatedTmux } from "@wo/test-utils";
import { beforeAll, expect, test } from "vitest";
import { VERSION } from "../src/main.js";

// Installs the packages the way users get them: `pnpm pack` tarballs in an empty project, nothing from the workspace.
beforeAll(assertTmuxInstalled);
const isolatedTmux = useIsolatedTmux();
const ROOT = new URL("../../..", import.meta.url).pathname;

function pack(folder: string, into: string): string {
  execFileSync("pnpm", ["pack", "--pack-destination", into], { cwd: path.join(ROOT, folder), stdio: "pipe" });
  const name = readdirSync(into).find(
    (f) => f.startsWith(`wo-${path.basename(folder)}-`) && f.endsWith(".tgz"),
  );
  if (!name) throw new Error(`no tarball for ${folder}`);
  return path.join(into, name);
}

function project(dir: string): void {
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify({ name: "empty-project", private: true, type: "module" }),
  );
}

const npm = (args: string[], cwd: string) =>
  execFileSync("npm", ["--no-audit", "--no-fund", "--loglevel=error", ...args], {
    cwd,
    encoding: "utf8",
    stdio: "pipe",
  });

test("the packed CLI installs without any registry and runs wo --version, wo plan and wo demo", async () => {
  const tarballs = await tempDir();
  const dir = await tempDir();
  project(dir);
  npm(["install", "--offline", pack("apps/cli", tarballs)], dir);
  const wo = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    execFileSync(path.join(dir, "node_modules/.bin/wo"), args, { cwd: dir, encoding: "utf8", env });
  expect(wo(["--version"]).trim()).toBe(VERSION);
  writeFileSync(
    path.join(dir, "todo.md"),
    "# TODO\n\n- [ ] Fix `src/a.ts`\n- [ ] Fix `src/b/c.ts`\n- [ ] Add docs in `docs/x.md`\n",
  );
  expect(JSON.parse(wo(["plan", "todo.md", "--json"])).items).toHaveLength(3);
  const demo = JSON.parse(wo(["demo", "--json"], { ...process.env, ...isolatedTmux().env, NO_COLOR: "1" }));
  expect(demo).toMatchObject({ testPassed: true, kept: false });
}, 120_000);

test("the packed libraries install into an empty project and @wo/core imports from a plain script", async () => {
  const tarballs = await tempDir();
  const dir = await tempDir();
  project(dir);
  const libraries = ["errors", "tmux", "worktree", "commits", "workitems", "integrate", "core"].map((p) =>
    pack(`packages/${p}`, tarballs),
  );
  npm(["install", ...libraries], dir);
  writeFileSync(
    path.join(dir, "use.mjs"),
    [
      'import { planFromFiles, splitCommandLine, Orchestrator } from "@wo/core";',
      'import { writeFileSync } from "node:fs";',
      'writeFileSync("review.md", "# Review\\n\\n1. Fix `src/x.ts`\\n2. Fix `src/y/z.ts`\\n");',
      'const { plan } = await planFromFiles(["review.md"]);',
      "console.log(JSON.stringify({ items: plan.items.length, argv: splitCommandLine(\"a 'b c'\"), open: typeof Orchestrator.open }));",
    ].join("\n"),
  );
  const out = JSON.parse(execFileSync(process.execPath, ["use.mjs"], { cwd: dir, encoding: "utf8" }));
  expect(out).toEqual({ items: 2, argv: ["a", "b c"], open: "function" });
}, 180_000);

test("the README's install from the repository (npm i -g ./apps/cli after pnpm build) puts a working wo on PATH", async () => {
  // A private global prefix stands for the user's: nothing is installed outside the test's directories.
  const prefix = await tempDir();
  npm(["install", "--global", "--offline", "--prefix", prefix, path.join(ROOT, "apps/cli")], ROOT);
  const repo = await tempDir();
  execFileSync("git", ["init", "-q"], { cwd: repo });
  const env = {
    ...process.env,
    ...isolatedTmux().env,
    PATH: `${path.join(prefix, "bin")}:${process.env.PATH}`,
  };
  const wo = (args: string[]) => execFileSync("wo", args, { cwd: repo, encoding: "utf8", env });
  expect(wo(["--version"]).trim()).toBe(VERSION);
  expect(wo(["status"])).toContain("No workers.");
}, 120_000);
