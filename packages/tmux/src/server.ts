import { tmpdir } from "node:os";
import path from "node:path";
import { TmuxError } from "./errors.js";

/** Which tmux server to talk to. */
export type TmuxServer =
  | { kind: "default" }
  | { kind: "name"; name: string }
  | { kind: "path"; path: string };

/**
 * Picks the tmux server: an explicit socket wins, then `WO_TMUX_SOCKET`, then tmux's default server.
 * A value containing `/` is a socket path (`tmux -S <path>`), anything else a socket name (`tmux -L <name>`).
 */
export function resolveTmuxServer(socket?: string | null, env: NodeJS.ProcessEnv = process.env): TmuxServer {
  const value = socket ?? env.WO_TMUX_SOCKET;
  if (value === undefined || value === null || value === "") return { kind: "default" };
  if (/[\0\n]/.test(value)) {
    throw new TmuxError(
      "E_TMUX_INVALID",
      `Invalid tmux socket ${JSON.stringify(value)}: it contains a control character`,
      {
        hint: "Set WO_TMUX_SOCKET (or tmux.socket in wo.config.json) to a plain name such as `wo`, or to a socket path",
      },
    );
  }
  return value.includes("/") ? { kind: "path", path: path.resolve(value) } : { kind: "name", name: value };
}

/** The server-selection flags for a tmux argv: `[]`, `["-L", name]` or `["-S", path]`. */
export function serverArgs(server: TmuxServer): string[] {
  switch (server.kind) {
    case "default":
      return [];
    case "name":
      return ["-L", server.name];
    case "path":
      return ["-S", server.path];
  }
}

/**
 * The socket path tmux uses for this server, computed the way tmux does (`$TMUX_TMPDIR/tmux-<uid>/<name>`), without
 * starting a process. Used to tell whether the caller's own `$TMUX` points at the same server.
 */
export function socketPath(server: TmuxServer, env: NodeJS.ProcessEnv = process.env): string {
  if (server.kind === "path") return server.path;
  const uid = process.getuid?.() ?? 0;
  const dir = env.TMUX_TMPDIR || tmpdir() || "/tmp";
  return path.join(dir, `tmux-${uid}`, server.kind === "name" ? server.name : "default");
}
