/**
 * Text wo types into an agent comes from users, plans and documents: before it is pasted, every escape sequence and
 * control character is removed, so nothing in it can end the bracketed paste early (`ESC[201~`), press keys, move the
 * cursor or change the terminal. Newlines and tabs are kept; CRLF and lone CR become newlines. Pure.
 */
export function sanitizeAgentInput(text: string): string {
  return (
    text
      .replace(/\r\n?/g, "\n")
      // CSI sequences (ESC [ or the 8-bit CSI): bracketed-paste markers, cursor moves, colours, key codes.
      .replace(/(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]/g, "")
      // OSC strings (titles, clipboard, hyperlinks), up to BEL or ST, or to the end of an unterminated one.
      .replace(/(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?/g, "")
      // Any other escape: ESC, its intermediates, and its final byte.
      .replace(/\u001b[ -/]*[0-~]?/g, "")
      // What is left of the C0 and C1 controls (and DEL), except tab and newline.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "")
  );
}
