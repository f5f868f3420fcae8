/**
 * The program every worker pane runs: `node -e <this function> <spec.json>`. It reads the agent's argv from the spec
 * file and runs it with the terminal inherited. Going through a file keeps prompts of any size and content out of
 * tmux's command line (tmux refuses commands over 16 KB and splits arguments that end in `;`).
 *
 * Self-contained on purpose: it is serialised with `Function.prototype.toString`, so it may only use its parameter.
 */
function launchAgent(load: (id: string) => unknown): void {
  const fs = load("node:fs") as typeof import("node:fs");
  const cp = load("node:child_process") as typeof import("node:child_process");
  const os = load("node:os") as typeof import("node:os");
  const specFile = process.argv[1] ?? "";
  let argv: string[];
  try {
    argv = (JSON.parse(fs.readFileSync(specFile, "utf8")) as { argv: string[] }).argv;
  } catch (error) {
    console.error(`wo: cannot read the launch spec ${specFile}: ${(error as Error).message}`);
    process.exit(126);
  }
  const [command = "", ...args] = argv;
  const child = cp.spawn(command, args, { stdio: "inherit" });
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
