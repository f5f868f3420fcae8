import type { CommandUnknownOpts } from "@commander-js/extra-typings";

/**
 * One or two real lines per command, shown under `wo <command> --help` ("Examples:"), keyed by the command's path.
 * A test checks every visible command has some, so a new command cannot ship without them.
 */
export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  demo: ["wo demo                      # three fake workers in a temporary repository, ~10 s"],
  init: [
    "wo init                      # wo.config.json with the agent found on PATH",
    "wo init --agent codex --force",
  ],
  doctor: [
    "wo doctor                    # agents, tmux, git, and what Claude Code still needs you to accept",
    "wo doctor --fix              # record that consent (trust, onboarding, API key), after a backup",
  ],
  worktree: ["wo worktree add auth && wo worktree list"],
  "worktree add": ["wo worktree add auth", "wo worktree add auth --base develop"],
  "worktree list": ["wo worktree list --json"],
  "worktree remove": [
    "wo worktree remove auth",
    "wo worktree remove auth --force   # also with uncommitted changes",
  ],
  spawn: [
    'wo spawn auth "Add rate limiting to src/auth/login.ts"',
    "wo spawn auth --agent codex --task-file task.md",
  ],
  status: ["wo status", "wo status --watch --alert     # live table, notify when a worker finishes or fails"],
  collect: ["wo collect", "wo collect auth --json"],
  diff: ["wo diff auth --stat", "wo diff auth | less -R"],
  log: ["wo log auth", "wo log auth --json"],
  kill: ["wo kill auth", "wo kill auth --force           # even while it is running"],
  list: ["wo list"],
  "kill-all": ["wo kill-all --force"],
  attach: ["wo attach auth                 # detach again with Ctrl-b d"],
  send: ['wo send auth "Also add a test for the 429 response"', 'wo send --all "Commit your work now"'],
  report: ['wo report done --message "Added rate limiting; tests pass"', "wo report failed --file error.txt"],
  plan: ["wo plan TODO.md", "wo plan TODO.md --workers 3 -o plan.json --yes"],
  setup: ["wo setup plan.json --spawn", "wo setup TODO.md --workers 3 --guard"],
  monitor: [
    "wo monitor",
    "wo monitor --watch --alert    # bell and notification on [COMPLETE], [BLOCKED], [NEEDS]",
  ],
  dashboard: [
    "wo dashboard                 # prints http://127.0.0.1:<port>/?token=…; Ctrl-C stops it",
    "wo dashboard --port 4800 --open",
  ],
  resume: ["wo resume auth", "wo resume --all"],
  integrate: ["wo integrate sprint-1 --dry-run", "wo integrate sprint-1 --test 'pnpm test' --into main"],
  cleanup: ["wo cleanup --integration sprint-1", "wo cleanup --only auth,docs", "wo cleanup --prune"],
  checkpoint: [
    'wo checkpoint -a "login form validates input"',
    'wo checkpoint --blocked "needs a DB password"',
  ],
  completion: [
    "echo 'eval \"$(wo completion bash)\"' >> ~/.bashrc",
    "wo completion fish > ~/.config/fish/completions/wo.fish",
  ],
};

/** Adds the "Examples:" section to every command (and subcommand) that has examples. */
export function addHelpExamples(program: CommandUnknownOpts): void {
  const visit = (command: CommandUnknownOpts, prefix: string) => {
    for (const sub of command.commands) {
      const key = prefix ? `${prefix} ${sub.name()}` : sub.name();
      const lines = HELP_EXAMPLES[key];
      if (lines) sub.addHelpText("after", `\nExamples:\n${lines.map((line) => `  $ ${line}`).join("\n")}\n`);
      visit(sub, key);
    }
  };
  visit(program, "");
}
