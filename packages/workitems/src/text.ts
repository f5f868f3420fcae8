/** Whitespace other than single inner spaces: anything `oneLine` would change. */
const NOT_ONE_LINE = /[^\S ]| {2}|^ | $/;

/** Collapses all whitespace (including line breaks) to single spaces and trims. */
export function oneLine(text: string): string {
  // Most text is already one line: a test is much cheaper than replace + trim, which always copy.
  if (!NOT_ONE_LINE.test(text)) return text;
  return text.replace(/\s+/g, " ").trim();
}

/** Lower-case words (letters and digits, any script). */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Words that carry no meaning when matching phrases to items. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    "a an the this that these those is are was were be been being it its of to in on at for from by with " +
    "and or but not no as into onto over under than then so if when once after before until while do does " +
    "done doing has have had will would should could can may might must we our us you your they them their " +
    "i me my he she his her there here which who what where why how all any some each every first also " +
    "just only very more most other such same own up out about above below again further both few " +
    "complete completed completion finished finish finishing merged lands landed land place exists " +
    "implemented item items task tasks step steps finding findings number issue ticket"
  ).split(" "),
);

/** Significant words: not stop words, at least two characters. */
export function significantWords(text: string): string[] {
  return words(text).filter((word) => word.length >= 2 && !STOPWORDS.has(word));
}

/** Naive singular form for matching entity names (`users` → `user`, `entries` → `entry`). */
export function singular(word: string): string {
  if (word.length > 4 && word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s") && !word.endsWith("ss") && !word.endsWith("us")) {
    return word.slice(0, -1);
  }
  return word;
}

/** Splits identifiers and file names into lower-case parts: `UserProfile_page-v2` → user, profile, page, v2. */
export function identifierParts(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((part) => part.length > 0);
}

/**
 * A slug for feature names: lower-case ASCII letters, digits and single hyphens, at most `max` characters,
 * cut at a hyphen when possible.
 */
export function slugify(text: string, max: number): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const hyphen = cut.lastIndexOf("-");
  return (hyphen > max / 2 ? cut.slice(0, hyphen) : slug.slice(0, max)).replace(/-+$/, "");
}

/** Escapes text for one markdown table cell: no line breaks, `|` escaped, backslashes kept literal. */
export function escapeCell(text: string): string {
  return oneLine(text).replace(/\\/g, "\\\\").replace(/\|/g, "\\|");
}

/** Shortens text to `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Formats item numbers compactly: 1, 2, 3, 5 → "1-3, 5". */
export function numberRanges(numbers: readonly number[]): string {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const parts: string[] = [];
  let index = 0;
  while (index < sorted.length) {
    const start = sorted[index]!;
    let end = start;
    while (sorted[index + 1] === end + 1) {
      end++;
      index++;
    }
    if (end - start >= 2) parts.push(`${start}-${end}`);
    else if (end === start) parts.push(String(start));
    else parts.push(`${start}, ${end}`);
    index++;
  }
  return parts.join(", ");
}

/** `item-12` → 12. */
export function itemNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf("-") + 1));
}
