import type { AlertEvent } from "./alerts.js";
import type { Io } from "./io.js";

/**
 * Delivers `--alert` events: in a terminal, a bell plus OSC 9 (iTerm2, Windows Terminal, kitty…) and OSC 777
 * (VTE terminals, rxvt) desktop notifications; and `notify-send` where it is installed (argv, never a shell).
 * The message is stripped of control characters first: it carries worker names and commit text.
 */
export async function deliverAlerts(
  events: readonly AlertEvent[],
  io: Io,
  options: { json?: boolean | undefined } = {},
): Promise<void> {
  if (events.length === 0) return;
  // With --json stdout carries JSON lines only, even in a terminal.
  if (io.stdout.isTTY && !options.json) {
    let sequences = "\u0007";
    for (const event of events) {
      const text = clean(event.message);
      sequences += `\u001b]9;wo: ${text}\u0007\u001b]777;notify;wo;${text}\u0007`;
    }
    io.stdout.write(sequences);
  }
  const { execa } = await import("execa");
  await Promise.all(
    events.map((event) =>
      // No notify-send (ENOENT), no display: nothing to do, the terminal alert stands.
      execa("notify-send", ["--app-name=wo", `wo: ${event.kind}`, clean(event.message)], {
        env: io.env,
        reject: false,
        timeout: 5000,
        stdin: "ignore",
      }),
    ),
  );
}

// ESC, BEL and the other controls would end or forge the OSC sequence.
function clean(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f;]+/g, " ")
    .replace(/ {2,}/g, " ")
    .trim();
}
