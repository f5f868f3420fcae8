import { actionFromKeywords, actionFromVerb } from "../signals.js";

// Sentences and clauses of prose: where paragraphs and titles ask for work.

/** Sentence ends followed by a sentence start (Latin or CJK punctuation). */
export const SENTENCE_SPLIT = /(?<=[.!?])\s+(?=[A-Z`*"'([])|(?<=[。！？])/;

/** Clause breaks: `;`, `:`, a sentence end or a spaced dash ("X is stale — update it"). */
export const CLAUSES = /[;:]\s+|(?<=[.!?])\s+|\s[—–]\s/;

/** Whether a text names an action by a verb or by problem words. */
export function hasActionSignal(text: string): boolean {
  return actionFromVerb(text) !== null || actionFromKeywords(text) !== null;
}

/** The first sentence that asks for something ("We should fix …", "TODO: add …"), or null. */
export function actionableSentence(text: string): string | null {
  for (const sentence of text.split(SENTENCE_SPLIT)) {
    if (actionFromVerb(sentence, { imperative: true }) !== null) return sentence;
    if (/\b(?:should|must|need(?:s)? to|have to|has to|todo|fixme|ought to)\b/i.test(sentence)) {
      const after =
        /\b(?:should|must|need(?:s)? to|have to|has to|todo:?|fixme:?|ought to)\s+(?:also\s+|probably\s+|really\s+|be\s+)?(.*)$/i.exec(
          sentence,
        );
      if (
        after?.[1] !== undefined &&
        (actionFromVerb(after[1], { imperative: true }) !== null || actionFromKeywords(after[1]) !== null)
      ) {
        return sentence;
      }
    }
  }
  return null;
}
