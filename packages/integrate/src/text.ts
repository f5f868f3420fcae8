const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Removes ANSI escape sequences, control characters (except line breaks and tabs) and bidi overrides. Pure. */
export function stripControl(text: string): string {
  return text.replace(ANSI, "").replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

/** One line of untrusted text: control characters removed, whitespace collapsed, trimmed, at most `max` chars. */
export function oneLine(text: string, max = 200): string {
  const line = stripControl(text).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The last `maxLines` lines (and at most `maxChars` characters) of process output, cleaned for display. Pure. */
export function outputTail(output: string, maxLines = 40, maxChars = 4000): string {
  const clean = stripControl(output).replace(/\s+$/, "");
  let tail = clean.split("\n").slice(-maxLines).join("\n");
  if (tail.length > maxChars) tail = `…${tail.slice(-(maxChars - 1))}`;
  return tail;
}

/** Quotes one argument for a POSIX shell, for commands shown to the user to copy. Pure. */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The first `max` paths of a list, and how many more there are: `a, b and 3 more`. Pure. */
export function summarise(files: readonly string[], max = 5): string {
  const shown = files.slice(0, max).join(", ");
  return files.length > max ? `${shown} and ${files.length - max} more` : shown;
}
