/**
 * The program every worker pane runs: `node -e <this function> <spec.json>`. It reads the agent's argv and
 * environment from the spec file, deletes the file (it may hold the user's keys), and runs the agent with the
 * terminal inherited and exactly that environment — the environment of the `wo` command that spawned the worker —
 * whatever the tmux server's own environment is. Only the variables tmux sets for the pane's terminal (`TERM`,
 * `TMUX`, `TMUX_PANE`, `COLORTERM`) come from the pane. Going through a file also keeps prompts of any size and
 * content out of tmux's command line (tmux refuses commands over 16 KB and splits arguments that end in `;`).
 *
 * Self-contained on purpose: it is serialised with `Function.prototype.toString`, so it may only use its parameter.
 */
function launchAgent(load: (id: string) => unknown): void {
  const fs = load("node:fs") as typeof import("node:fs");
  const cp = load("node:child_process") as typeof import("node:child_process");
  const os = load("node:os") as typeof import("node:os");
  const specFile = process.argv[1] ?? "";
  let spec: { argv: string[]; env?: Record<string, string> };
  try {
    spec = JSON.parse(fs.readFileSync(specFile, "utf8")) as typeof spec;
  } catch (error) {
    console.error(`wo: cannot read the launch spec ${specFile}: ${(error as Error).message}`);
    process.exit(126);
  }
  try {
    fs.rmSync(specFile, { force: true });
  } catch {
    // a spec that cannot be removed is removed with the worker (wo cleanup)
  }
  const env: Record<string, string | undefined> = spec.env ? { ...spec.env } : { ...process.env };
  for (const name of ["TERM", "TMUX", "TMUX_PANE", "COLORTERM"]) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
    else if (spec.env) delete env[name];
  }
  const [command = "", ...args] = spec.argv;
  const child = cp.spawn(command, args, { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("error", (error) => {
    console.error(`wo: cannot start ${command}: ${error.message}`);
    process.exit(127);
  });
  child.on("exit", (code, signal) => {
    const number = signal ? (os.constants.signals[signal] ?? 0) : 0;
    process.exit(code ?? 128 + number);
  });
}

/** The JavaScript source `node -e` runs in a worker pane; argv[1] is the launch spec file. */
export const LAUNCHER_SOURCE = `(${launchAgent.toString()})(require)`;
