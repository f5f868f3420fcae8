import type { PhaseInfo, RawItem, Section } from "./model.js";

// spec-kit task lists (tasks.md): `T001` ids, `[P]`/`[US1]` markers and numbered phases that order the work.

/** A spec-kit task id at the start of a title: `T001`, `T012:`. */
export const SPEC_ID = /^(T\d{3,})\b[:.]?\s*/;

/** The phase a heading opens ("Phase 2: Foundational"), or the parent's phase when it names none. */
export function phaseOf(title: string, parent: Section | null): PhaseInfo | null {
  const match = /\bphase\s*(\d+)\b/i.exec(title);
  if (match === null) return parent?.phase ?? null;
  const lower = title.toLowerCase();
  const kind: PhaseInfo["kind"] = /\bsetup\b|set ?up\b|\binit/.test(lower)
    ? "setup"
    : /foundation|blocking prerequisite|prerequisites|infrastructure/.test(lower)
      ? "foundational"
      : /polish|cross[- ]cutting|final|hardening/.test(lower)
        ? "polish"
        : /user story|\bus\d+\b|story/.test(lower)
          ? "story"
          : "other";
  return { key: title, order: Number(match[1]), kind };
}

/** An item with a story marker (`[US1]`) in a phase named neither setup, foundational nor polish is story work. */
export function markSpecKitPhases(items: RawItem[]): void {
  for (const item of items) {
    if (item.phase !== null && item.phase.kind === "other" && item.story !== null) {
      item.phase = { ...item.phase, kind: "story" };
    }
  }
}
