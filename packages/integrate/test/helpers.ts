import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type GitRepo, tempDir } from "@wo/test-utils";
import ts from "typescript";
import { afterEach } from "vitest";

/** Creates `branch` from `from` (default main) with one commit writing `files`, and returns to main. */
export async function addBranch(
  repo: GitRepo,
  branch: string,
  files: Record<string, string>,
  options: { from?: string; message?: string } = {},
): Promise<string> {
  await repo.git(["switch", "-q", "-c", branch, options.from ?? "main"]);
  const sha = await repo.commit(options.message ?? `[CHECKPOINT] ${branch}`, files);
  await repo.git(["switch", "-q", "main"]);
  return sha;
}

/** Every ref and the main checkout's status: to prove an operation changed nothing. */
export async function snapshotRepository(repo: GitRepo): Promise<string> {
  const refs = await repo.git(["for-each-ref", "--format=%(refname) %(objectname)"]);
  const status = await repo.git(["status", "--porcelain"]);
  const head = await repo.git(["symbolic-ref", "HEAD"]);
  return `${head}\n${refs}\n--\n${status}`;
}

/** The subject and parent count of a commit. */
export async function commitInfo(repo: GitRepo, rev: string): Promise<{ subject: string; parents: number }> {
  const out = await repo.git(["log", "-1", "--format=%P%x00%s", rev]);
  const [parents = "", subject = ""] = out.split("\0");
  return { subject, parents: parents.split(" ").filter(Boolean).length };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const packageDir = path.resolve(here, "..");

/**
 * Transpiles `src/*.ts` to JavaScript under the package's `node_modules/.cache` (so `@wo/worktree`, execa and
 * p-limit resolve) for a child process to import: a process can then be killed while it runs the real code.
 */
export async function transpileSources(): Promise<string> {
  const target = path.join(packageDir, "node_modules", ".cache", `wo-integrate-child-${randomUUID()}`);
  await mkdir(target, { recursive: true });
  const srcDir = path.join(packageDir, "src");
  for (const file of await readdir(srcDir)) {
    if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
    const source = await readFile(path.join(srcDir, file), "utf8");
    const output = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
      fileName: file,
    });
    await writeFile(path.join(target, file.replace(/\.ts$/, ".js")), output.outputText);
  }
  return target;
}

/** Temp directories removed after each test. */
export function useTempDirs(): () => Promise<string> {
  const created: string[] = [];
  afterEach(async () => {
    await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await tempDir("wo-integrate-");
    created.push(dir);
    return dir;
  };
}
