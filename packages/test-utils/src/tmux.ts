import { rm } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterEach } from "vitest";

let counter = 0;

export interface IsolatedTmux {
  /** The `-L` socket name: unique per test, never the user's server. */
  readonly socket: string;
  /** Environment to hand to wo (library options or CLI env): `WO_TMUX_SOCKET` set, `TMUX` unset. */
  readonly env: Record<string, string>;
  /** Runs tmux on the isolated server (argv, no shell). */
  tmux(args: readonly string[]): Promise<string>;
  /** Kills the isolated server and removes its socket file. */
  cleanup(): Promise<void>;
}

/**
 * Fails loudly when tmux is missing: tests that need tmux must never skip silently in CI.
 */
export async function assertTmuxInstalled(): Promise<void> {
  try {
    await execa("tmux", ["-V"]);
  } catch (error) {
    throw new Error("tmux is required by this test but is not installed: install it (apt-get install tmux)", {
      cause: error,
    });
  }
}

function cleanEnv(): Record<string, string | undefined> {
  return { TMUX: undefined, TMUX_PANE: undefined };
}

/** A tmux server on its own socket (`tmux -L wo-test-<pid>-<n>`), with no user config. */
export function createIsolatedTmux(): IsolatedTmux {
  counter += 1;
  const socket = `wo-test-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
  const tmux = async (args: readonly string[]) => {
    const result = await execa("tmux", ["-L", socket, "-f", "/dev/null", ...args], {
      env: cleanEnv(),
      extendEnv: true,
    });
    return result.stdout;
  };
  return {
    socket,
    env: { WO_TMUX_SOCKET: socket },
    tmux,
    async cleanup() {
      await execa("tmux", ["-L", socket, "kill-server"], { env: cleanEnv(), reject: false });
      const uid = process.getuid?.() ?? 0;
      const dir = process.env.TMUX_TMPDIR || "/tmp";
      await rm(path.join(dir, `tmux-${uid}`, socket), { force: true });
    },
  };
}

/** An isolated tmux server per test, killed after the test. */
export function useIsolatedTmux(): () => IsolatedTmux {
  const created: IsolatedTmux[] = [];
  afterEach(async () => {
    await Promise.all(created.splice(0).map((server) => server.cleanup()));
  });
  return () => {
    const server = createIsolatedTmux();
    created.push(server);
    return server;
  };
}
