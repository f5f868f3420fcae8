import { readFile } from "node:fs/promises";
import path from "node:path";
import { git } from "@wo/worktree";
import type { Workspace } from "./workspace.js";

/** The branch workers start from and merge into: `requested`, the configured base, else the main worktree's branch. */
export async function baseBranch(ws: Workspace, requested?: string): Promise<string> {
  const wanted = requested ?? ws.config.baseBranch;
  if (wanted) return wanted;
  // The main worktree's HEAD file says it without a git process ("ref: refs/heads/main" or a detached sha);
  // anything else (a reftable stub, an unreadable file) asks git.
  const file = await readFile(path.join(ws.repo.commonDir, "HEAD"), "utf8").catch(() => "");
  const symbolic = /^ref: refs\/heads\/(.+)\n?$/.exec(file)?.[1];
  if (symbolic !== undefined && symbolic !== ".invalid") return symbolic;
  if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?\n?$/.test(file)) return file.trim();
  const head = await git(["symbolic-ref", "--quiet", "--short", "HEAD"], {
    cwd: ws.repo.root,
    allowFailure: true,
  });
  if (head.exitCode === 0 && head.stdout.trim() !== "") return head.stdout.trim();
  return (await git(["rev-parse", "HEAD"], { cwd: ws.repo.root })).stdout.trim();
}
