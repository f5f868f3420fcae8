import { execFile } from "node:child_process";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** git with no user/system config and a fixed identity, so benchmarks are reproducible. */
export const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "wo bench",
  GIT_AUTHOR_EMAIL: "bench@wo.invalid",
  GIT_COMMITTER_NAME: "wo bench",
  GIT_COMMITTER_EMAIL: "bench@wo.invalid",
};

/** A temp git repository on `main` with one commit. */
export async function gitRepo() {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), "wo-bench-repo-")));
  const git = async (args, options = {}) =>
    (await run("git", args, { cwd: options.cwd ?? dir, env: gitEnv, maxBuffer: 1 << 30, ...options })).stdout;
  await git(["init", "-q", "-b", "main"]);
  writeFileSync(path.join(dir, "README.md"), "# bench\n");
  await git(["add", "README.md"]);
  await git(["commit", "-q", "-m", "initial commit"]);
  return { dir, git, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A tmux server on its own socket with no user config. */
export function tmuxServer(label) {
  const socket = `wo-bench-${label}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`;
  const env = { ...process.env };
  delete env.TMUX;
  const tmux = async (args) =>
    (await run("tmux", ["-L", socket, "-f", "/dev/null", ...args], { env })).stdout;
  return {
    socket,
    env: { WO_TMUX_SOCKET: socket },
    tmux,
    async cleanup() {
      await tmux(["kill-server"]).catch(() => undefined);
      rmSync(path.join(process.env.TMUX_TMPDIR || "/tmp", `tmux-${process.getuid?.() ?? 0}`, socket), {
        force: true,
      });
    },
  };
}
