import type { RawItem } from "./extract/model.js";
import { identifierParts, significantWords, singular, words } from "./text.js";

// A dependency that names a set of items instead of one: "(after all components are migrated)", "once every
// endpoint is documented", "after the remaining services have been ported". It names no id, so it resolves to the
// items that do the verb to the noun: their own title, or the heading they sit under, starts with the verb
// ("Migrate the Card component", "- Button" under "## Migrate components") and names the noun there, in their
// files or in their headings. Nothing else is guessed: no verb match, no edge.

/** "all X are Yed": the noun's words and the verb's stem (null for "done", "finished", …: the noun alone). */
export interface SetReference {
  nouns: string[];
  stem: string | null;
}

/** all / every / each / the remaining / the other / the rest of the, before the noun. */
const QUANTIFIER =
  /^(?:(?:all|every|each)\s+(?:of\s+)?(?:the\s+)?(?:other\s+|remaining\s+)?|the\s+(?:remaining|other)\s+|the\s+rest\s+of\s+the\s+)/i;

/** The verb of a passive clause: "are migrated", "have been ported", "get converted", "is documented". */
const AUXILIARY = /^(?:is|are|was|were|has|have|had|been|be|get|gets|got|gotten)$/i;

/** Participles that say only "finished": the noun alone decides. */
const COMPLETION_WORD =
  /^(?:done|complete|completed|finished|merged|landed|shipped|ready|in|available|over|through)$/i;

/** Where a title's own words end and its dependency clause begins. */
const OWN_CLAUSE_END =
  /\s*\(|\s+(?:after|once|until|when|following|depends on|blocked by|requires|waiting (?:on|for))\s/i;

/** Reads "all components are migrated" (after a dependency keyword); null when the target names no set. */
export function setReference(target: string): SetReference | null {
  const quantifier = QUANTIFIER.exec(target.trim());
  if (quantifier === null) return null;
  const rest = target.trim().slice(quantifier[0].length).split(/\s+/).filter(Boolean);
  let verbAt = rest.findIndex((word) => AUXILIARY.test(word));
  let nounWords: string[];
  let verb: string | null = null;
  if (verbAt >= 0) {
    nounWords = rest.slice(0, verbAt);
    while (verbAt < rest.length && AUXILIARY.test(rest[verbAt]!)) verbAt++;
    verb = rest[verbAt] ?? null;
  } else if (rest.length >= 2 && /ed$/i.test(rest[rest.length - 1]!)) {
    // "after all components migrated"
    nounWords = rest.slice(0, -1);
    verb = rest[rest.length - 1]!;
  } else nounWords = rest;
  const nouns = [...new Set(significantWords(nounWords.join(" ")).map(singular))];
  if (nouns.length === 0 || nouns.length > 3) return null;
  const stem = verb === null || COMPLETION_WORD.test(verb) ? null : stemOf(verb);
  if (verb !== null && stem === null && !COMPLETION_WORD.test(verb)) return null;
  return { nouns, stem };
}

/** "migrated" → "migrat", "moved" → "mov", "fixed" → "fix": a prefix the verb's other forms share. */
function stemOf(verb: string): string | null {
  const word = verb.toLowerCase().replace(/[^\p{L}]/gu, "");
  if (!/(?:ed|en)$/.test(word)) return null;
  const stem = word.replace(/(?:ied)$/, "y").replace(/(?:ed|en)$/, "");
  // "stopped" → "stop"; "configured" → "configur" (configure, configuration).
  const single = /([b-df-hj-np-tv-z])\1$/.test(stem) ? stem.slice(0, -1) : stem;
  const trimmed = single.replace(/e$/, "");
  return trimmed.length >= 3 ? trimmed : null;
}

/** The items (indices of `candidates`, ascending) a set reference names. */
export function setMembers(
  reference: SetReference,
  items: readonly RawItem[],
  candidates: readonly number[],
) {
  const found: number[] = [];
  for (const index of candidates) if (isMember(reference, items[index]!)) found.push(index);
  return found;
}

/** Whether an item does the verb (its title or a heading above starts with it) to the noun. */
function isMember(reference: SetReference, item: RawItem): boolean {
  // The item's own title, the entry or heading that groups it and the heading it sits under; not the document's
  // title, which a whole plan shares ("# Migrate to the new theme").
  const inner = item.headings.length > 1 ? item.headings[item.headings.length - 1] : undefined;
  // The title without its own dependency clause: "Remove Express once all the endpoints are ported" does not
  // name endpoints as its work.
  const own = item.description.replace(/^T\d{3,}\s+/, "").split(OWN_CLAUSE_END)[0] ?? "";
  const titles = [own, item.group ?? "", inner ?? ""];
  const bag = new Set<string>();
  for (const title of titles) for (const word of words(title)) bag.add(singular(word));
  for (const path of item.scope) {
    const base = path.replace(/\/$/, "").split("/").pop() ?? "";
    for (const part of identifierParts(base.replace(/\.[^.]+$/, ""))) bag.add(singular(part));
  }
  if (!reference.nouns.every((noun) => bag.has(noun))) return false;
  const stem = reference.stem;
  if (stem === null) return true;
  return titles.some((title) => (words(title)[0] ?? "").startsWith(stem));
}
