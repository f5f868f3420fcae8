// Text hygiene for untrusted commit data: subjects, author names and paths come from whoever wrote the commit.

/** ANSI/VT escape sequences: CSI (ESC [ … or 0x9b …), OSC (ESC ] … BEL/ST), and two-character ESC sequences. */
const ESCAPE_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -~]?/g;

/**
 * Characters that are invisible or change how a terminal shows the text around them: C0/C1 controls, DEL,
 * zero-width characters, line/paragraph separators, bidirectional overrides and isolates, the BOM.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const HAS_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const WHITESPACE_CONTROL = /[\t\n\r\v\f]/g;
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/;

/** The text up to the first line break (a subject is one line; CRLF and lone CR count as breaks). */
export function firstLine(text: string): string {
  const end = text.search(LINE_BREAK);
  return end === -1 ? text : text.slice(0, end);
}

/**
 * Removes escape sequences and invisible/control characters; tabs and line breaks become spaces.
 * Safe to print to a terminal afterwards.
 */
export function stripControlCharacters(text: string): string {
  if (!HAS_INVISIBLE.test(text)) return text; // the common case: nothing to strip (ESC is a control character too)
  return text.replace(ESCAPE_SEQUENCE, "").replace(WHITESPACE_CONTROL, " ").replace(INVISIBLE, "");
}

/** Whether the text holds a character that {@link stripControlCharacters} would remove or replace. */
export function hasControlCharacters(text: string): boolean {
  return HAS_INVISIBLE.test(text);
}

/** Quotes a value for an error or problem message, shortened so hostile input cannot flood a report. */
export function quote(text: string, max = 60): string {
  const clean = stripControlCharacters(text);
  return JSON.stringify(clean.length > max ? `${clean.slice(0, max)}…` : clean);
}
