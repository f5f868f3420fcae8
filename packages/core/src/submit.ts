import type { PaneView, Tmux } from "@wo/tmux";
import type { WorktreeMeta } from "@wo/worktree";
import { sanitizeAgentInput } from "./agent-input.js";
import { generic } from "./agents/generic.js";
import { ADAPTERS, type AgentAdapter, adapterFor, type SubmitStyle } from "./agents/index.js";
import { WoError } from "./errors.js";
import { decodeWorkerMeta } from "./worker-meta.js";

/** How long {@link submitText} watches a pane; tests and slow machines may stretch it. */
export interface SubmitTiming {
  /** Between two looks at the pane. */
  pollMs: number;
  /** How long the pane is watched before the paste, to learn which rows change by themselves (spinners, clocks). */
  noiseMs: number;
  /** How long the agent has to show the pasted text. */
  shownTimeoutMs: number;
  /** How long the agent has to show the submission after each Enter. */
  submittedTimeoutMs: number;
}

export const SUBMIT_TIMING: SubmitTiming = {
  pollMs: 40,
  noiseMs: 120,
  shownTimeoutMs: 3000,
  submittedTimeoutMs: 1500,
};

/** What {@link submitText} did: how many Enters the submission took (2 when the agent dropped the first). */
export interface Submitted {
  enters: number;
}

/**
 * Types `text` into an agent's pane and submits it, and returns only once the pane shows the submission. The one
 * path for `send`, `send --all` and `monitor --notify`:
 * 1. the text is sanitized (no escape sequences or control characters but newline and tab);
 * 2. the pane is looked at twice, so rows that change by themselves (spinners, timers) are not taken as an answer;
 * 3. the text is pasted (bracketed when the agent asked for it) and wo waits until the pane changes: the agent took it;
 * 4. `style.pasteDelayMs` after that, once the pane holds still, Enter;
 * 5. the pane must change again (the input line cleared, the text moved up, the cursor moved); if it does not, the
 *    Enter was dropped and is pressed once more.
 * Throws `E_NOT_SUBMITTED` when the agent never showed the text or never showed the submission: the text may then
 * sit unsubmitted in its input box.
 */
export async function submitText(
  tmux: Tmux,
  target: string,
  text: string,
  options: { feature: string; style: SubmitStyle; timing?: SubmitTiming },
): Promise<Submitted> {
  const { feature, style } = options;
  const timing = options.timing ?? SUBMIT_TIMING;
  const clean = sanitizeAgentInput(text);
  if (clean.trim() === "") {
    throw new WoError("E_INPUT", "Nothing to send: the text is empty once control characters are removed", {
      hint: 'wo send <feature> "<text>"',
    });
  }
  const first = await tmux.paneView(target);
  await sleep(timing.noiseMs);
  const before = await tmux.paneView(target);
  const noise = noiseOf(first, before);

  await tmux.pasteText(target, clean);
  const shown = await waitForChange(tmux, target, before, noise, timing.shownTimeoutMs, timing.pollMs);
  if (!shown) {
    throw new WoError(
      "E_NOT_SUBMITTED",
      `The text was pasted into ${feature}'s agent, but its pane did not change within ${seconds(timing.shownTimeoutMs)}, so Enter was not pressed: the text may sit in its input box, or the agent is not reading input`,
      { hint: attachHint(feature) },
    );
  }
  let last = await settle(tmux, target, shown, noise, Date.now() + style.pasteDelayMs, timing);
  for (let enters = 1; enters <= 2; enters += 1) {
    await tmux.sendKeys(target, ["Enter"]);
    const after = await waitForChange(tmux, target, last, noise, timing.submittedTimeoutMs, timing.pollMs);
    if (after) return { enters };
    // The Enter was dropped (or the agent is slow): look once more, then press it again after the same pause.
    const now = await tmux.paneView(target);
    last = await settle(tmux, target, now, noise, Date.now() + style.pasteDelayMs, timing);
  }
  throw new WoError(
    "E_NOT_SUBMITTED",
    `The text was pasted into ${feature}'s agent and Enter pressed twice, but its pane did not show a submission: the text may sit in its input box`,
    { hint: attachHint(feature) },
  );
}

/** The adapter of a worker's agent: by its recorded name, else by its recorded command template, else generic. */
export function workerAdapter(meta: WorktreeMeta | null): AgentAdapter {
  const decoded = decodeWorkerMeta(meta);
  const name = decoded.spawn.agent;
  if (name !== null && Object.hasOwn(ADAPTERS, name)) return ADAPTERS[name] as AgentAdapter;
  return decoded.agentTemplate ? adapterFor(decoded.agentTemplate) : generic;
}

/** Rows (and the cursor) that changed between two looks at an untouched pane: they say nothing about input. */
interface Noise {
  rows: Set<number>;
  cursor: boolean;
}

function noiseOf(a: PaneView, b: PaneView): Noise {
  const rows = new Set<number>();
  if (a.rows.length === b.rows.length) {
    for (const [index, row] of a.rows.entries()) if (row !== b.rows[index]) rows.add(index);
  }
  // A pane that changes everywhere (output scrolling by) leaves nothing quiet to judge by: then any change counts.
  if (rows.size >= a.rows.length) return { rows: new Set(), cursor: false };
  return { rows, cursor: a.cursor.x !== b.cursor.x || a.cursor.y !== b.cursor.y };
}

/** Whether `b` differs from `a` anywhere but in the noisy rows (a resized pane always differs). */
function changed(a: PaneView, b: PaneView, noise: Noise): boolean {
  if (a.rows.length !== b.rows.length) return true;
  if (!noise.cursor && (a.cursor.x !== b.cursor.x || a.cursor.y !== b.cursor.y)) return true;
  return a.rows.some((row, index) => !noise.rows.has(index) && row !== b.rows[index]);
}

/** The first view that differs from `base`, or `null` when none did within `timeoutMs`. */
async function waitForChange(
  tmux: Tmux,
  target: string,
  base: PaneView,
  noise: Noise,
  timeoutMs: number,
  pollMs: number,
): Promise<PaneView | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await tmux.paneView(target);
    if (changed(base, view, noise)) return view;
    if (Date.now() >= deadline) return null;
    await sleep(pollMs);
  }
}

/**
 * Waits until `notBefore` and until the pane holds still for one poll (the agent finished drawing the paste), but
 * no longer than `shownTimeoutMs` past `notBefore`. Returns the last view: the one Enter is judged against.
 */
async function settle(
  tmux: Tmux,
  target: string,
  view: PaneView,
  noise: Noise,
  notBefore: number,
  timing: SubmitTiming,
): Promise<PaneView> {
  const giveUp = notBefore + timing.shownTimeoutMs;
  let last = view;
  for (;;) {
    await sleep(Math.max(timing.pollMs, Math.min(notBefore - Date.now(), timing.pollMs * 5)));
    const next = await tmux.paneView(target);
    const still = !changed(last, next, noise);
    last = next;
    if ((still && Date.now() >= notBefore) || Date.now() >= giveUp) return last;
  }
}

function attachHint(feature: string): string {
  return `Look with wo attach ${feature} (detach with Ctrl-b d): press Enter there to submit the text, or clear it`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
