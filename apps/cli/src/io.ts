import { createColors } from "picocolors";

/** Where the CLI reads and writes: the real process, or buffers in tests. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** The real process's streams, environment and directory. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colours for one stream: on for a TTY unless `NO_COLOR`/`--no-color`/`TERM=dumb`; `FORCE_COLOR` turns them on. */
export type Colors = ReturnType<typeof createColors>;

export function colorsFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, disabled = false): Colors {
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0";
  const enabled =
    !disabled &&
    (env.NO_COLOR === undefined || env.NO_COLOR === "") &&
    (forced || (stream.isTTY === true && env.TERM !== "dumb"));
  return createColors(enabled);
}

/** Reads all of stdin as UTF-8 text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}
