/**
 * What wo knows about one agent CLI, in one place: how it is started for a worker, how its first-run dialogs are
 * avoided, how its state hooks are wired, how text is submitted to it, how its last output line is read and what
 * "waiting" looks like in its pane. Adding an agent = adding one adapter file (and its tests) and registering it in
 * `index.ts`. See docs/agents.md and docs/agents/<agent>.md.
 */
export interface AgentAdapter {
  /** The preset name (`--agent <name>`). */
  readonly name: string;
  /** The program's name on PATH; also how an `--agent-cmd` command is recognised as this agent. */
  readonly program: string;
  /** The default command template (`{prompt}` is the prompt as one argument, `{prompt_file}` a file holding it). */
  readonly template: string;
  /**
   * Per-run additions to the launch that keep the agent's first-run dialogs from blocking a worker (flags, `-c`
   * overrides, environment variables, a settings file wo owns) — never an edit of the user's own configuration.
   */
  launch(argv: readonly string[], context: LaunchContext): AgentLaunch;
  /**
   * What must be settled once, by the user, before this agent can run unattended in this repository (a trust answer,
   * onboarding, an API key approval, running as root): checked before a worker is spawned, so a worker never waits
   * behind a dialog nobody sees. `argv` is the launch's argv (after `launch()`). Reads the agent's own configuration;
   * never writes it. Absent: nothing to settle.
   */
  consent?(argv: readonly string[], context: LaunchContext): ConsentProblem[];
  /**
   * How the prompt reaches the agent: `argument` (the template's `{prompt}`/`{prompt_file}`, the default) or `typed`
   * (the template starts the agent without it and wo types the prompt as the first message once the pane is up).
   */
  readonly promptDelivery?: "argument" | "typed";
  /**
   * Per-run additions that wire the agent's own state hooks to wo (turn ended, permission prompt, …): the hook
   * program and the run's state file in `context.stateDir`, and whatever makes the agent call it. `planned` holds
   * the files `launch()` added, so a settings file both need is merged, never replaced. The rule both follow:
   * - Claude Code accepts one `--settings`. `launch()` may add `--settings <file or JSON>`; `hooks()` keeps every key
   *   of it and appends its hooks: a file `launch()` planned is rewritten (same path, merged content), inline JSON
   *   or a file of the user's (from `--agent-cmd`) is merged into wo's own `claude-settings.json`.
   * - Gemini CLI: `hooks()` owns `GEMINI_CLI_SYSTEM_DEFAULTS_PATH` (a copy of the machine's system defaults plus
   *   wo's hooks); `launch()` uses flags or other variables.
   * - Codex: `hooks()` owns `-c notify=[…]`.
   * Agents without hooks record that they have none, so their state is read from the pane.
   */
  hooks(argv: readonly string[], context: LaunchContext, planned?: readonly AgentFile[]): AgentLaunch;
  /** How text typed into the agent's input is submitted. */
  readonly submit: SubmitStyle;
  /**
   * True for a pane line that says nothing about the agent's state (box borders, spinners, status bars, key hints):
   * LAST OUTPUT skips such lines.
   */
  isChrome(line: string): boolean;
  /** Pane text that means the agent waits for a person (used when its hooks cannot tell). */
  readonly waitingPatterns: readonly WaitingPattern[];
}

/** What a waiting agent waits for (`waitingFor` in `wo status --json`). */
export type WaitingFor = "permission" | "input" | "dialog" | "turn-ended";

/** A pane pattern that means the agent waits for a person. */
export interface WaitingPattern {
  pattern: RegExp;
  waitingFor: WaitingFor;
}

/** How text reaches an agent's input. */
export interface SubmitStyle {
  /** Pause between pasting the text and pressing Enter (TUIs drop an Enter that arrives with the paste). */
  pasteDelayMs: number;
}

/** What an adapter knows when it prepares one worker's launch. */
export interface LaunchContext {
  feature: string;
  /** The worker's worktree (the agent's working directory). */
  worktree: string;
  /** The main checkout of the repository. */
  repoRoot: string;
  /** wo's own directory for this worker's agent files (settings, hook state); never inside the worktree. */
  stateDir: string;
  /** The environment of the `wo` command that spawns the worker. */
  env: NodeJS.ProcessEnv;
}

/** A file wo writes (mode 0600) before the agent starts; of two with the same path, the later one is written. */
export interface AgentFile {
  path: string;
  content: string;
}

/** Additions to a launch: the argv (complete, replacing the input), extra environment, and files wo writes first. */
export interface AgentLaunch {
  argv: string[];
  env: Record<string, string>;
  /** Files written (mode 0600) before the agent starts, e.g. a settings file passed with a flag. */
  files: AgentFile[];
}

/** Something the user must settle once before the agent can run unattended (see `AgentAdapter.consent`). */
export interface ConsentProblem {
  /** `trust` (the folder), `onboarding` (first-run screens), `api-key` (approval of a key), `root` (run as uid 0). */
  kind: "trust" | "onboarding" | "api-key" | "root";
  /** What is missing, in one line. */
  message: string;
  /** What to do about it, in one line. */
  hint: string;
  /** `wo doctor --fix` can record the answer in the agent's configuration (with a backup). */
  fixable: boolean;
}

/** A launch that adds nothing. */
export function unchanged(argv: readonly string[]): AgentLaunch {
  return { argv: [...argv], env: {}, files: [] };
}
