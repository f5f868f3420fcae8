import { priorityFromHeading } from "../signals.js";
import { oneLine } from "../text.js";
import { type Context, itemOf } from "./context.js";

// Features: what a group of items is about (a spec-kit story, a grouping entry, a specific heading). Items of one
// feature that depend on each other share a worker, and a worker is named after its main feature.

/** Feature of each ready item: spec-kit story, the entry grouping it, or its nearest specific heading. */
export function featureKeys(context: Context): Array<string | null> {
  const count = context.ready.length;
  const headingCount = new Map<string, number>();
  for (let local = 0; local < count; local++) {
    for (const heading of new Set(itemOf(context, local).headings))
      headingCount.set(heading, (headingCount.get(heading) ?? 0) + 1);
  }
  const keys: Array<string | null> = [];
  const featureHeading = new Map<string, boolean>();
  const isFeature = (heading: string): boolean => {
    let known = featureHeading.get(heading);
    if (known === undefined) {
      known = isFeatureHeading(heading);
      featureHeading.set(heading, known);
    }
    return known;
  };
  for (let local = 0; local < count; local++) {
    const item = itemOf(context, local);
    if (item.story !== null) {
      keys.push(`story:${item.story}`);
      continue;
    }
    const innermost = item.headings[item.headings.length - 1] ?? null;
    if (item.group !== null && item.group !== innermost) {
      keys.push(`group:${item.group}`);
      continue;
    }
    let key: string | null = null;
    for (let h = item.headings.length - 1; h >= 0; h--) {
      const heading = item.headings[h]!;
      if (isFeature(heading) && (headingCount.get(heading) ?? 0) < count) {
        key = `heading:${heading}`;
        break;
      }
    }
    keys.push(key);
  }
  return keys;
}

/** Readable text of a feature key: the story's phase heading, the grouping entry or the heading. */
export function featureLabel(context: Context, feature: string): string {
  const text = feature.slice(feature.indexOf(":") + 1);
  if (!feature.startsWith("story:")) return cleanHeading(text);
  for (const local of context.ready.keys()) {
    const item = itemOf(context, local);
    if (item.story === text && item.phase !== null && !context.covering.has(item.phase.key))
      return cleanHeading(item.phase.key);
  }
  return text;
}

/** Headings too generic to name a feature ("TODO", "Findings", "Done"). */
const GENERIC_HEADING =
  /^(?:(?:todo|to-?do(?: list)?|tasks|task list|backlog|code review|review|retro(?:spective)?|notes|plan)\b.*|(?:task|findings?|issues?|bugs?|notes?|improvements?|fixes|work items?|action items?|items?|checklist|next steps|follow[- ]?ups?|open items|misc.*|other|general|summary|overview|tech(?:nical)? debt|known issues|problems|done|completed?))$/i;

/** A heading that names a feature: not generic and not only a priority. */
function isFeatureHeading(heading: string): boolean {
  const bare = heading
    .replace(/(?:\p{Extended_Pictographic}|\uFE0F)/gu, "")
    .replace(/^[\s\d.)#:-]+/, "")
    .trim();
  // "User Story 2 - Share albums (Priority: P2)" names a feature; "High Priority" or "P0 — must land" does not.
  const withoutLabel = heading.replace(/\(\s*(?:priority|severity)\s*[:=]?[^)]*\)/gi, "").trim();
  return (
    bare !== "" &&
    withoutLabel !== "" &&
    priorityFromHeading(withoutLabel) === null &&
    !GENERIC_HEADING.test(bare)
  );
}

/** A heading without numbering, phase prefix, priority tag or paths, as a feature name. */
function cleanHeading(heading: string): string {
  const text = oneLine(
    heading
      .replace(/(?:\p{Extended_Pictographic}|\uFE0F)/gu, "")
      .replace(/^\s*phase\s*\d+\s*[:.\-–—]\s*/i, "")
      .replace(/\(\s*priority\s*:?\s*P[0-3]\s*\)/i, "")
      .replace(/\bMVP\b/, "")
      .replace(/^[\s\d.)#:-]+/, ""),
  );
  // "Token leak in auth/session.ts" → "Token leak": paths make poor feature names.
  const words = text.split(" ").filter((word) => !/\/|\.[A-Za-z]{1,5}$/.test(word));
  while (
    words.length > 1 &&
    /^(?:in|on|at|for|of|to|the|and|with|from|—|–|-)$/i.test(words[words.length - 1]!)
  )
    words.pop();
  return words.length > 0 ? words.join(" ") : text;
}
