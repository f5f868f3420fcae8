import { randomBytes } from "node:crypto";
import { execa } from "execa";
import { TmuxError } from "./errors.js";
import {
  OWNER_LABEL_OPTION,
  OWNER_OPTION,
  PANE_FORMAT,
  type PaneInfo,
  parsePanes,
  parseSessions,
  SESSION_FORMAT,
  type SessionInfo,
} from "./listing.js";
import { resolveTmuxServer, serverArgs, socketPath, type TmuxServer } from "./server.js";
import { type PaneView, parsePaneView, VIEW_CURSOR_FORMAT } from "./view.js";

/** Options of a {@link Tmux} controller. */
export interface TmuxOptions {
  /** Socket name (`-L`) or path (`-S`, when it contains `/`). Default: `WO_TMUX_SOCKET`, else tmux's default server. */
  socket?: string | null;
  /**
   * Configuration file: a path for `-f <path>`, `null` for `-f /dev/null` (no user config: tests and reproducible
   * runs), `undefined` for tmux's own default lookup.
   */
  configFile?: string | null;
  /** Environment the tmux client (and so a newly started server) gets. Default `process.env`. `TMUX` is always removed. */
  env?: NodeJS.ProcessEnv;
  /** The tmux executable. Default `tmux`. */
  bin?: string;
}

/**
 * A session by name (matched exactly) or by its tmux id (`{ id: "$3" }`, from {@link PaneInfo.sessionId}): a running
 * server never reuses an id, so an id means the very session that was listed, even if another took its name since.
 */
export type SessionRef = string | { id: string };

/** How to start a detached session. */
export interface NewSessionOptions {
  /** Session name. tmux rewrites `.` and `:`, so callers should validate names first. */
  name: string;
  /** Start directory of the session's first pane. */
  cwd: string;
  /** The program and its arguments, run as argv (never through a shell). */
  command: readonly string[];
  /** Extra environment for the pane's process (`new-session -e K=V`). */
  env?: Record<string, string>;
  /** Keep the pane after its process exits so its last output stays readable. Default `true`. */
  remainOnExit?: boolean;
  /**
   * Who the session belongs to: `id` is stored in the session option `@wo_repo` (listed as {@link PaneInfo.owner})
   * and `label`, for messages, in `@wo_repo_path` — both in the same tmux invocation that creates the session, so
   * no client ever sees the session without them.
   */
  owner?: { id: string; label?: string };
  /** Window size of the detached session. Default 200×50. */
  width?: number;
  height?: number;
}

/** Options of {@link Tmux.sendText}. */
export interface SendTextOptions {
  /** Press Enter after the text. Default `true`. */
  enter?: boolean;
  /** Wait this long between pasting and Enter (some TUIs drop an Enter that arrives with the paste). Default 0. */
  enterDelayMs?: number;
}

/**
 * Every pane command runs under a constant forwarder: `sh -c '"$@"; …' <tmux> <argv…>`. The script never parses
 * data (the command arrives as positional parameters); it waits for the command and stores its exit status in the
 * pane option `@wo_exit_status` before exiting with it. tmux 3.3 loses `pane_dead_status` now and then (about half
 * of quickly exiting exec'd processes, and about 1 in 10 under load even behind a waiting shell); the option never is.
 */
const FORWARDER_SCRIPT =
  '"$@"; s=$?; "$0" set-option -p -t "$TMUX_PANE" @wo_exit_status "$s" 2>/dev/null; exit "$s"';

const NO_SERVER =
  /no server running|error connecting to|server exited unexpectedly|No such file or directory/i;
const NO_SESSION = /can't find (session|pane|window)/i;
/** Session names that mean the same in a tmux command file as in argv (see `listPanesAndCapture`). */
const PLAIN_SESSION = /^[A-Za-z0-9_-]+$/;

/** The exact-match target of a session (`=name`, or its id): tmux otherwise matches prefixes and fnmatch patterns. */
export function sessionTarget(session: SessionRef): string {
  return typeof session === "string" ? `=${session}` : session.id;
}

/** The active pane of a session's current window, matched exactly. */
export function paneTarget(session: SessionRef): string {
  return `${sessionTarget(session)}:`;
}

/**
 * Typed control of one tmux server. Every call is an argv array through execa, never a shell string; the caller's
 * `$TMUX` is removed so a run inside tmux never talks to the outer server by accident.
 */
export class Tmux {
  readonly server: TmuxServer;
  readonly #base: readonly string[];
  readonly #bin: string;
  readonly #env: NodeJS.ProcessEnv;
  #calls = 0;

  constructor(options: TmuxOptions = {}) {
    const env = options.env ?? process.env;
    this.server = resolveTmuxServer(options.socket, env);
    const config =
      options.configFile === null
        ? ["-f", "/dev/null"]
        : options.configFile
          ? ["-f", options.configFile]
          : [];
    this.#base = [...serverArgs(this.server), ...config];
    this.#bin = options.bin ?? "tmux";
    const clean: NodeJS.ProcessEnv = { ...env };
    delete clean.TMUX;
    delete clean.TMUX_PANE;
    this.#env = clean;
  }

  /** How many tmux processes this controller has started (for benchmarks and constant-call tests). */
  get calls(): number {
    return this.#calls;
  }

  /** The socket path of this controller's server. */
  get socketPath(): string {
    return socketPath(this.server, this.#env);
  }

  /** The full argv (executable first) that would run `args` on this server, e.g. for `attach` with inherited stdio. */
  argv(args: readonly string[]): string[] {
    return [this.#bin, ...this.#base, ...args];
  }

  /** Runs one tmux invocation (several commands may be joined with a `";"` argument) and returns stdout. */
  async run(args: readonly string[], options: { input?: string } = {}): Promise<string> {
    const argv = [...this.#base, ...args];
    this.#calls += 1;
    try {
      const result = await execa(this.#bin, argv, {
        env: this.#env,
        extendEnv: false,
        input: options.input ?? "",
        stripFinalNewline: false,
      });
      return result.stdout;
    } catch (error) {
      throw this.#toError(error, argv, args[0] ?? "");
    }
  }

  #toError(error: unknown, argv: string[], subcommand: string): TmuxError {
    const fullArgv = [this.#bin, ...argv];
    const err = error as { code?: string; stderr?: string; shortMessage?: string };
    if (err.code === "ENOENT") {
      return new TmuxError(
        "E_TMUX_NOT_INSTALLED",
        `tmux is not installed or not on PATH (tried "${this.#bin}")`,
        {
          argv: fullArgv,
          hint: "Install tmux 3.2 or newer (apt-get install tmux, brew install tmux) and run again",
          cause: error,
        },
      );
    }
    const stderr = (err.stderr ?? "").trim();
    const first = stderr.split("\n")[0] ?? "";
    if (/duplicate session/i.test(stderr)) {
      return new TmuxError("E_TMUX_DUPLICATE_SESSION", `tmux session already exists: ${first}`, {
        argv: fullArgv,
        stderr,
        cause: error,
      });
    }
    if (/command too long/i.test(stderr)) {
      return new TmuxError(
        "E_TMUX_INVALID",
        `tmux ${subcommand} failed: the command is longer than tmux accepts (16 KB)`,
        {
          argv: fullArgv,
          stderr,
          hint: "Pass large text through a file or sendText() instead of the command line",
          cause: error,
        },
      );
    }
    if (NO_SESSION.test(stderr) || NO_SERVER.test(stderr)) {
      return new TmuxError("E_TMUX_NO_SESSION", `tmux could not find the target: ${first}`, {
        argv: fullArgv,
        stderr,
        cause: error,
      });
    }
    return new TmuxError(
      "E_TMUX_COMMAND",
      `tmux ${subcommand} failed: ${first || err.shortMessage || "unknown error"}`,
      {
        argv: fullArgv,
        stderr,
        cause: error,
      },
    );
  }

  /** Starts a detached session running `command` as argv, with `remain-on-exit` set in the same invocation. */
  async newSession(options: NewSessionOptions): Promise<void> {
    if (options.command.length === 0) {
      throw new TmuxError(
        "E_TMUX_INVALID",
        `Cannot start tmux session ${options.name}: the command is empty`,
        {
          hint: "Pass the program and its arguments as an array, e.g. ['claude', '--help']",
        },
      );
    }
    const env = Object.entries(options.env ?? {}).flatMap(([key, value]) => [
      "-e",
      escapeArgument(`${key}=${value}`),
    ]);
    const args = [
      "new-session",
      "-d",
      "-s",
      escapeArgument(options.name),
      "-c",
      escapeArgument(options.cwd),
      "-x",
      String(options.width ?? 200),
      "-y",
      String(options.height ?? 50),
      ...env,
      "--",
      "/bin/sh",
      "-c",
      FORWARDER_SCRIPT,
      escapeArgument(this.#bin),
      ...options.command.map(escapeArgument),
    ];
    // Setting the option in the same invocation is race-free: the server runs the whole command list before it
    // handles the child's exit, so even an agent that dies at once leaves its pane readable.
    if (options.remainOnExit ?? true) {
      args.push(";", "set-option", "-w", "-t", paneTarget(options.name), "remain-on-exit", "on");
    }
    const { id, label } = options.owner ?? {};
    if (id !== undefined)
      args.push(";", "set-option", "-t", paneTarget(options.name), OWNER_OPTION, escapeArgument(id));
    if (id !== undefined && label !== undefined)
      args.push(";", "set-option", "-t", paneTarget(options.name), OWNER_LABEL_OPTION, escapeArgument(label));
    await this.run(args);
  }

  /** The `owner.label` recorded for a session ({@link NewSessionOptions.owner}); `null` without one or the session. */
  async sessionOwnerLabel(session: SessionRef): Promise<string | null> {
    try {
      const out = await this.run(["show-options", "-q", "-v", "-t", paneTarget(session), OWNER_LABEL_OPTION]);
      return out.replace(/\n$/, "") || null;
    } catch (error) {
      if (error instanceof TmuxError && error.code === "E_TMUX_NO_SESSION") return null;
      throw error;
    }
  }

  /** Whether a session with exactly this name (or id) exists. */
  async hasSession(session: SessionRef): Promise<boolean> {
    try {
      await this.run(["has-session", "-t", sessionTarget(session)]);
      return true;
    } catch (error) {
      if (error instanceof TmuxError && error.code === "E_TMUX_NO_SESSION") return false;
      throw error;
    }
  }

  /** Kills a session. Returns `false` when there was no such session (already gone is not an error). */
  async killSession(session: SessionRef): Promise<boolean> {
    try {
      await this.run(["kill-session", "-t", sessionTarget(session)]);
      return true;
    } catch (error) {
      if (error instanceof TmuxError && error.code === "E_TMUX_NO_SESSION") return false;
      throw error;
    }
  }

  /** All sessions of the server in one `list-sessions -F` call; `[]` when no server runs. */
  async listSessions(): Promise<SessionInfo[]> {
    return parseSessions(await this.#listOrEmpty(["list-sessions", "-F", SESSION_FORMAT]));
  }

  /** Every pane of the server with its liveness, in one `list-panes -a` call; `[]` when no server runs. */
  async listPanes(): Promise<PaneInfo[]> {
    return parsePanes(await this.#listOrEmpty(["list-panes", "-a", "-F", PANE_FORMAT]));
  }

  /**
   * {@link listPanes} and the last `lines` lines of each named session's active pane, in one tmux call where
   * {@link listPanes} + {@link capturePanes} take two: the commands go to `source-file -` on stdin, one per line,
   * and there a session that has gone away fails alone instead of ending the list. Captures are keyed by session
   * name; a session without a pane has none. A command file is parsed with tmux's quoting rules, so only names made
   * of letters, digits, `_` and `-` (every session wo makes) go into one; with any other name, or a tmux that
   * answers differently, this takes the two calls.
   */
  async listPanesAndCapture(
    sessions: readonly string[],
    options: { lines?: number } = {},
  ): Promise<{ panes: PaneInfo[]; captures: Map<string, string[]> }> {
    const wanted = options.lines ?? 20;
    const names = [...new Set(sessions)];
    if (names.every((name) => PLAIN_SESSION.test(name))) {
      const marker = captureMarker();
      const start = scrollbackStart(wanted);
      const script = [
        `list-panes -a -F '${PANE_FORMAT}'`,
        `display-message -p '${marker}'`,
        ...names.flatMap((name) => [
          `capture-pane -p -J -S ${start} -t '${paneTarget(name)}'`,
          `display-message -p '${marker}'`,
        ]),
      ].join("\n");
      const { stdout, stderr } = await this.#runScript(`${script}\n`);
      const chunks = stdout.split(`${marker}\n`);
      if (chunks.length === names.length + 2) {
        const panes = parsePanes(chunks[0] ?? "");
        const listed = new Set(panes.map((pane) => pane.session));
        const captures = new Map<string, string[]>();
        for (const [index, name] of names.entries()) {
          if (listed.has(name)) captures.set(name, lastLines(chunks[index + 1] ?? "", wanted));
        }
        return { panes, captures };
      }
      if (stdout === "" && NO_SERVER.test(stderr)) return { panes: [], captures: new Map() };
    }
    const panes = await this.listPanes();
    const listed = new Set(panes.map((pane) => pane.session));
    const alive = names.filter((name) => listed.has(name));
    const byTarget = await this.capturePanes(alive.map(paneTarget), { lines: wanted });
    return { panes, captures: new Map(alive.map((name) => [name, byTarget.get(paneTarget(name)) ?? []])) };
  }

  /** Runs `tmux source-file -` with `script` on stdin; failing commands do not reject (the caller reads stdout). */
  async #runScript(script: string): Promise<{ stdout: string; stderr: string }> {
    const argv = [...this.#base, "source-file", "-"];
    this.#calls += 1;
    const result = await execa(this.#bin, argv, {
      env: this.#env,
      extendEnv: false,
      input: script,
      stripFinalNewline: false,
      reject: false,
    });
    if (result.failed && result.exitCode === undefined) throw this.#toError(result, argv, "source-file");
    return { stdout: result.stdout, stderr: result.stderr };
  }

  async #listOrEmpty(args: string[]): Promise<string> {
    try {
      return await this.run(args);
    } catch (error) {
      if (error instanceof TmuxError && error.code === "E_TMUX_NO_SESSION") return "";
      throw error;
    }
  }

  /**
   * Types arbitrary text into a pane, byte for byte, then (by default) Enter: {@link pasteText}, then
   * {@link sendKeys}. It does not wait to see whether the program took the text; `@wo/core` decides that.
   */
  async sendText(target: string, text: string, options: SendTextOptions = {}): Promise<void> {
    const enter = options.enter ?? true;
    const delay = options.enterDelayMs ?? 0;
    await this.pasteText(target, text);
    if (!enter) return;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    await this.sendKeys(target, ["Enter"]);
  }

  /**
   * Pastes text into a pane: the text goes through a tmux buffer on stdin (`load-buffer -`, then
   * `paste-buffer -d -p`), never through argv, so quotes, `$(…)`, a trailing `;` or newlines arrive unchanged. With
   * `-p` the paste is wrapped in bracketed-paste markers when the program asked for them (`ESC[?2004h`), so a TUI
   * takes it as one paste rather than as typed keys. The text is not filtered: the caller removes what must not
   * reach the program (a paste-end marker inside the text would end the paste early).
   */
  async pasteText(target: string, text: string): Promise<void> {
    const buffer = `wo-send-${randomBytes(6).toString("hex")}`;
    const args = [
      "load-buffer",
      "-b",
      buffer,
      "-",
      ";",
      "paste-buffer",
      "-d",
      "-p",
      "-b",
      buffer,
      "-t",
      target,
    ];
    try {
      await this.run(args, { input: text });
    } catch (error) {
      // A failed paste leaves the named buffer behind; remove it so text never lingers on the server.
      await this.run(["delete-buffer", "-b", buffer]).catch(() => undefined);
      throw error;
    }
  }

  /** Presses keys in a pane by tmux key name (`Enter`, `Escape`, `C-c`, …), in one `send-keys` call. */
  async sendKeys(target: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.run(["send-keys", "-t", target, ...keys.map(escapeArgument)]);
  }

  /** What a pane shows now (visible rows and cursor), in one tmux call. */
  async paneView(target: string): Promise<PaneView> {
    const out = await this.run([
      "display-message",
      "-p",
      "-t",
      target,
      VIEW_CURSOR_FORMAT,
      ";",
      "capture-pane",
      "-p",
      "-t",
      target,
    ]);
    return parsePaneView(out);
  }

  /**
   * The last `lines` non-empty lines of a pane, including its scrollback (a dead pane's output scrolls into history
   * when tmux prints its "Pane is dead" line, which is left out).
   */
  async capturePane(target: string, options: { lines?: number } = {}): Promise<string[]> {
    const wanted = options.lines ?? 20;
    const out = await this.run(["capture-pane", "-p", "-J", "-S", scrollbackStart(wanted), "-t", target]);
    return lastLines(out, wanted);
  }

  /**
   * Captures several panes with as few tmux calls as possible: captures are joined with `;` and separated by a marker,
   * and a call holds as many as fit in tmux's command-size limit (about 150 panes), so the cost does not grow with a
   * process per pane. A target that has gone away is reported as `[]`.
   */
  async capturePanes(
    targets: readonly string[],
    options: { lines?: number } = {},
  ): Promise<Map<string, string[]>> {
    const wanted = options.lines ?? 20;
    const result = new Map<string, string[]>();
    const marker = captureMarker();
    const start = scrollbackStart(wanted);
    for (const batch of batchesBySize(targets, (t) => t.length + start.length + marker.length + 48)) {
      const args = batch.flatMap((target, i) => [
        ...(i > 0 ? [";"] : []),
        ...["capture-pane", "-p", "-J", "-S", start, "-t", target, ";", "display-message", "-p", marker],
      ]);
      let out: string;
      try {
        out = await this.run(args);
      } catch (error) {
        // tmux stops a command list at the first failing command: only then, one call per pane of this batch.
        if (!(error instanceof TmuxError && error.code === "E_TMUX_NO_SESSION")) throw error;
        for (const target of batch) {
          result.set(target, await this.capturePane(target, { lines: wanted }).catch(() => []));
        }
        continue;
      }
      const chunks = out.split(`${marker}\n`);
      for (const [index, target] of batch.entries())
        result.set(target, lastLines(chunks[index] ?? "", wanted));
    }
    return result;
  }

  /** Kills the whole server (all its sessions). No server running is not an error. */
  async killServer(): Promise<void> {
    await this.#listOrEmpty(["kill-server"]);
  }

  /**
   * The argv to put the user's terminal on a session: `switch-client` when the caller is already inside a client of
   * this same server, otherwise `attach-session` (with `$TMUX` removed, so attaching from another tmux works).
   */
  attachArgv(
    session: SessionRef,
    callerEnv: NodeJS.ProcessEnv = process.env,
  ): { argv: string[]; mode: "attach" | "switch" } {
    const outer = callerEnv.TMUX?.split(",")[0];
    if (outer && outer === this.socketPath) {
      return { argv: this.argv(["switch-client", "-t", sessionTarget(session)]), mode: "switch" };
    }
    return { argv: this.argv(["attach-session", "-t", sessionTarget(session)]), mode: "attach" };
  }
}

/**
 * Escapes one data argument for a tmux argv. tmux splits commands at any argument that ENDS in `;` (even after `--`,
 * even with `send-keys -l`); a backslash before that final `;` makes it literal, and tmux removes that backslash.
 * Nothing else in an argument is interpreted.
 */
export function escapeArgument(arg: string): string {
  return arg.endsWith(";") ? `${arg.slice(0, -1)}\\;` : arg;
}

/** tmux refuses a command line over 16 KB; batches stay well below it. */
const COMMAND_BUDGET = 12_000;

function batchesBySize<T>(items: readonly T[], size: (item: T) => number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const cost = size(item);
    if (current.length > 0 && used + cost > COMMAND_BUDGET) {
      batches.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += cost;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** `capture-pane -S`: far enough back for `wanted` non-empty lines (a dead pane's output is in its scrollback). */
function scrollbackStart(wanted: number): string {
  return `-${Math.max(wanted, 50) + 50}`;
}

/** A line no pane can be expected to print, separating the captures of one call. */
function captureMarker(): string {
  return `__wo_${randomBytes(6).toString("hex")}__`;
}

const DEAD_LINE = /^Pane is dead \(/;

function lastLines(out: string, wanted: number): string[] {
  const kept = out
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0 && !DEAD_LINE.test(line));
  return kept.slice(-wanted);
}
