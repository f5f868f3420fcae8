import { spawn } from "node:child_process";
import { Readable } from "node:stream";
import { main } from "../src/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const BIN = new URL("../bin/wo.js", import.meta.url).pathname;

/** Runs `wo` in-process with captured streams (fast; the same code path as the binary). */
export async function wo(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean },
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t), isTTY: options.tty ?? false, columns: 120 },
    stderr: { write: (t: string) => (stderr += t), isTTY: options.tty ?? false },
    stdin: Readable.from([options.stdin ?? ""]),
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  return { code, stdout, stderr };
}

/** Runs the real `bin/wo.js` in a child process. */
export async function woProcess(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end();
  const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
  return { code, stdout: stdout.replace(/\n$/, ""), stderr: stderr.replace(/\n$/, "") };
}
