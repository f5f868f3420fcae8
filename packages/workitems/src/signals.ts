import { significantWords, words } from "./text.js";
import type { Action, Complexity, Priority } from "./types.js";

/* ------------------------------------------------------------------------------------------------ actions */

const VERBS: ReadonlyArray<[Action, string]> = [
  [
    "fix",
    "fix repair resolve correct patch handle prevent avoid guard sanitize sanitise escape validate close stop " +
      "plug restore catch reject harden secure debounce throttle retry recover unbreak ensure wrap limit cap " +
      "throw revoke block mitigate address",
  ],
  [
    "refactor",
    "refactor extract split consolidate simplify rename move reorganize reorganise restructure decouple dedupe " +
      "deduplicate inline modernize modernise rewrite tidy unify generalize generalise encapsulate isolate " +
      "abstract flatten collapse merge combine centralize centralise optimize optimise streamline reduce cache " +
      "memoize parallelize batch reuse speed",
  ],
  ["test", "test cover verify assert mock fuzz benchmark"],
  [
    "add",
    "add create implement introduce build support enable expose write generate allow provide define make " +
      "integrate scaffold design initialize initialise init register wire hook emit log track persist store " +
      "render show display include publish ship launch prototype send notify emit accept invite install",
  ],
  [
    "remove",
    "remove delete drop deprecate eliminate strip purge disable prune uninstall kill retire unpublish",
  ],
  [
    "update",
    "update upgrade bump change modify adjust tweak set configure increase decrease raise lower replace switch " +
      "migrate edit revise align sync tune pin enforce convert port extend expand improve enhance rework " +
      "standardize standardise normalize normalise localize localise translate use rotate regenerate renew " +
      "backfill deploy release reconfigure hide rerun",
  ],
  ["docs", "document"],
  [
    "investigate",
    "investigate explore research debug profile analyze analyse audit review determine assess evaluate measure " +
      "reproduce diagnose triage understand spike check confirm trace inspect choose pick decide compare",
  ],
];

const PHRASAL: ReadonlyArray<[RegExp, Action]> = [
  [/^(?:clean(?:s|ed|ing)?[- ]?up|tidy up|break (?:up|down)|split up|pull out)\b/, "refactor"],
  [/^(?:look(?:s|ed|ing)? (?:into|at)|figure out|find out|dig into|get to the bottom of)\b/, "investigate"],
  [/^(?:set(?:s|ting)? ?up|wire up|hook up|spin up|roll out|add support)\b/, "add"],
  [/^(?:speed(?:s|ing)? up)\b/, "refactor"],
  [/^(?:get(?:ting)? rid of|rip out|tear down)\b/, "remove"],
  [
    /^(?:write|add|create|increase|improve|expand|extend|implement)\b.{0,40}?\b(?:tests?|testing|specs?|coverage|e2e)\b/,
    "test",
  ],
  [
    /^(?:write|add|create|update|improve|expand|extend|rewrite|refresh|revise)\b.{0,40}?\b(?:docs?|documentation|readme|jsdoc|docstrings?|comments?|changelog|guide|tutorial|adr)\b/,
    "docs",
  ],
];

function inflections(base: string): string[] {
  const forms = [base, `${base}s`, `${base}es`, `${base}ed`, `${base}d`, `${base}ing`];
  if (base.endsWith("e")) forms.push(`${base.slice(0, -1)}ing`);
  if (base.endsWith("y")) forms.push(`${base.slice(0, -1)}ies`, `${base.slice(0, -1)}ied`);
  if (/[^aeiou][aeiou][bdgklmnprt]$/.test(base))
    forms.push(`${base}${base.at(-1)}ed`, `${base}${base.at(-1)}ing`);
  return forms;
}

const VERB_FORMS = new Map<string, Action>();
const VERB_BASES = new Set<string>();
for (const [action, list] of VERBS) {
  for (const base of list.split(" ")) {
    VERB_BASES.add(base);
    for (const form of inflections(base)) if (!VERB_FORMS.has(form)) VERB_FORMS.set(form, action);
  }
}
VERB_FORMS.set("docs", "docs");
VERB_FORMS.set("doc", "docs");
VERB_FORMS.set("documentation", "docs");
VERB_FORMS.set("tests", "test");

/** Leading words to skip before the verb: modal phrases, "TODO:", "Please". */
const LEAD_IN =
  /^(?:(?:\p{Extended_Pictographic}|\uFE0F|\s)+|(?:todo|fixme|hack|xxx|action|action item|task|chore|nit|nitpick|suggestion|optional|follow[- ]?up)\s*[:\-–—]\s*|(?:please|we|you|i|someone|somebody|let'?s|let us|maybe|perhaps|probably|also|then|next|finally|first|second|third|lastly|and|need(?:s)? to|have to|has to|ought to|should|must|shall|will|would|could|can|might|may|consider|try(?: to)?|want(?:s)? to|to|be sure to|make sure to|don'?t forget to|remember to)[,\s]+)+/iu;

/** The action a leading verb names, or null. Looks past lead-ins ("We should", "TODO:") and a short `Label:`. */
export function actionFromVerb(text: string, options: { imperative?: boolean } = {}): Action | null {
  const attempt = (candidate: string): Action | null => {
    const rest = candidate.replace(LEAD_IN, "").toLowerCase();
    for (const [pattern, action] of PHRASAL) if (pattern.test(rest)) return action;
    const first = /^[a-z]+/.exec(rest)?.[0];
    // In prose, "We used Burp Suite" narrates; only present-tense verbs ask for work.
    if (
      first === undefined ||
      (options.imperative === true && /(?:ed|ied)$/.test(first) && !VERB_BASES.has(first))
    )
      return null;
    return VERB_FORMS.get(first) ?? null;
  };
  const trimmed = text.trim();
  const direct = attempt(trimmed);
  if (direct !== null) return direct;
  // "Auth: fix login redirect", "Login page — add remember-me" — but "SQL injection — use bound parameters"
  // names a problem first; the problem words decide then.
  const label = /^([^:–—]{1,40}?)(?::|\s[–—-]\s)\s*(.+)$/.exec(trimmed);
  if (label?.[1] === undefined || label[2] === undefined || actionFromKeywords(label[1]) !== null)
    return null;
  return attempt(label[2]);
}

const KEYWORDS: ReadonlyArray<[Action, RegExp]> = [
  [
    "test",
    /\b(?:(?:missing|no|more|additional|lack of|insufficient|add)\s+(?:unit\s+|integration\s+|e2e\s+|regression\s+)?(?:tests?|test coverage|coverage|specs?)|untested|test coverage|not tested|needs? tests?|(?:contract|integration|unit|e2e|end-to-end|regression|smoke|snapshot|load|property|acceptance)\s+tests?|tests? (?:for|of|covering))\b/,
  ],
  [
    "docs",
    /\b(?:undocumented|missing (?:docs|documentation|docstrings?|jsdoc)|no (?:docs|documentation)|docs? (?:are|is) (?:outdated|wrong|missing))\b/,
  ],
  [
    "remove",
    /\b(?:unused|dead code|obsolete|leftover|no longer used|never used|redundant|commented[- ]out code)\b/,
  ],
  [
    "refactor",
    /\b(?:duplicat\w*|copy[- ]?past\w*|god (?:class|object|function)|long (?:method|function)|too (?:complex|long)|cyclomatic|tight(?:ly)? coupl\w*|code smell|spaghetti|hard to (?:read|follow|maintain)|messy|magic numbers?)\b/,
  ],
  [
    "update",
    /\b(?:outdated|out of date|old version|stale|deprecated (?:api|dependency|package)|end[- ]of[- ]life|eol)\b/,
  ],
  [
    "investigate",
    /\b(?:unknown cause|unclear why|intermittent\w*|root cause|not sure why|mystery|investigat\w*)\b/,
  ],
  [
    "fix",
    /\b(?:bugs?|errors?|crash\w*|leak\w*|race|injection|xss|csrf|ssrf|vulnerab\w*|null|undefined|nil|incorrect\w*|wrong|broken|break\w*|fail\w*|exceptions?|off[- ]by[- ]one|typos?|insecure|overflow\w*|deadlock\w*|regression\w*|flaky|security|harden\w*|instead of|hang\w*|timeouts?|mismatch\w*|invalid|missing|unhandled|unchecked|panics?|leaks?|corrupt\w*|inconsisten\w*|not working|doesn'?t work|does not work|wrongly|misspell\w*)\b/,
  ],
];

/** The action suggested by problem words ("race condition" → fix, "unused" → remove), or null. */
export function actionFromKeywords(text: string): Action | null {
  const lower = text.toLowerCase();
  for (const [action, pattern] of KEYWORDS) if (pattern.test(lower)) return action;
  return null;
}

const HEADING_ACTIONS: ReadonlyArray<[Action, RegExp]> = [
  ["test", /\b(?:tests?|testing|coverage|qa)\b/],
  ["docs", /\b(?:docs?|documentation|readme)\b/],
  [
    "refactor",
    /\b(?:refactor\w*|tech(?:nical)? debt|clean[- ]?up|cleanups|code quality|maintainability|performance|optimi[sz]ations?)\b/,
  ],
  ["remove", /\b(?:removals?|deprecations?|dead code)\b/],
  ["update", /\b(?:upgrades?|updates?|dependenc(?:y|ies)|maintenance|chores?)\b/],
  ["investigate", /\b(?:research|investigations?|spikes?|open questions|questions|unknowns)\b/],
  ["add", /\b(?:features?|enhancements?|new|ideas|improvements|implementation)\b/],
  ["fix", /\b(?:bugs?|fixes|defects?|security|vulnerabilit\w*|findings|issues|problems|errors|incidents?)\b/],
];

/** The action a heading suggests for items under it ("## Tests" → test), or null. */
export function actionFromHeading(heading: string): Action | null {
  const lower = heading.toLowerCase();
  for (const [action, pattern] of HEADING_ACTIONS) if (pattern.test(lower)) return action;
  return null;
}

/* ----------------------------------------------------------------------------------------------- priority */

const PRIORITY_WORDS: ReadonlyArray<[Priority, string]> = [
  ["P0", "critical blocker blocking urgent highest showstopper sev0 sev1 p0"],
  ["P1", "high major important sev2 p1"],
  ["P2", "medium moderate normal med sev3 p2"],
  ["P3", "low lowest minor trivial nit nits nitpick nitpicks cosmetic sev4 p3"],
];
const PRIORITY_OF = new Map<string, Priority>();
for (const [priority, list] of PRIORITY_WORDS)
  for (const word of list.split(" ")) PRIORITY_OF.set(word, priority);

const PRIORITY_WORD =
  "critical|blocker|blocking|urgent|highest|showstopper|high|major|important|medium|moderate|normal|med|low|lowest|minor|trivial|nit|nitpick|cosmetic";
const EMOJI_PRIORITY: ReadonlyArray<[string, Priority]> = [
  ["🔴", "P0"],
  ["🚨", "P0"],
  ["🟠", "P1"],
  ["🟡", "P2"],
  ["🟢", "P3"],
  ["🔵", "P3"],
];

const TEXT_LABEL = new RegExp(
  `\\b(?:priority|severity|prio|impact|urgency)\\s*[:=\\-–]?\\s*\\**\\s*(${PRIORITY_WORD}|sev[0-4])\\b`,
  "i",
);
const BRACKETED_WORD = new RegExp(`[[(](${PRIORITY_WORD})(?:\\s+(?:priority|severity))?[\\])]`, "i");
const HEADING_LABEL = new RegExp(`\\b(?:priority|severity)\\s*[:=\\-–]?\\s*(${PRIORITY_WORD})\\b`, "i");
const WHOLE_WORD = new RegExp(`^(${PRIORITY_WORD}|nits?|nitpicks?)(?:\\s+(?:priority|severity))?$`, "i");
const QUALIFIED_WORD = new RegExp(
  `\\b(${PRIORITY_WORD})[\\s-]+(?:priority|severity|prio|findings?|issues?|bugs?|items?|tasks?|risks?|impact|problems?|concerns?|fixes|vulnerabilities|defects?|todos?)\\b`,
  "i",
);

function priorityOfWord(word: string): Priority | null {
  return PRIORITY_OF.get(word.toLowerCase()) ?? null;
}

/**
 * Priority markers in an item's own text: `P0`–`P3`, `[HIGH]`, `(critical)`, `CRITICAL`, `Priority: high`,
 * `Severity: Critical`, and emphasised words (`**HIGH**`, passed in `emphasised`).
 */
export function priorityFromText(text: string, emphasised: readonly string[] = []): Priority | null {
  const token = /(?:^|[^\w-])P([0-3])(?![\w-])/.exec(text) ?? /[[(]\s*p([0-3])\s*[\])]/i.exec(text);
  if (token !== null) return `P${token[1]}` as Priority;
  const label = TEXT_LABEL.exec(text);
  if (label?.[1] !== undefined) return priorityOfWord(label[1]);
  for (const word of emphasised) {
    const priority = priorityOfWord(word.replace(/[^A-Za-z0-9]/g, ""));
    if (priority !== null) return priority;
  }
  const bracket = BRACKETED_WORD.exec(text);
  if (bracket?.[1] !== undefined) return priorityOfWord(bracket[1]);
  const shouting = /(?:^|[^\w-])(CRITICAL|BLOCKER|URGENT|HIGH|MEDIUM|LOW|MAJOR|MINOR|TRIVIAL)(?![\w-])/.exec(
    text,
  );
  if (shouting?.[1] !== undefined) return priorityOfWord(shouting[1]);
  const sev = /\bsev[- ]?([0-4])\b/i.exec(text);
  if (sev?.[1] !== undefined) return priorityOfWord(`sev${sev[1]}`);
  for (const [emoji, priority] of EMOJI_PRIORITY) if (text.trimStart().startsWith(emoji)) return priority;
  return null;
}

/** `priority/p2`, `Priority-3`, `prio: 1`, `sev/high` — a label as issue trackers write it. */
const LABEL_NUMBER = /\b(?:priority|prio|pri)[\s/:=_-]*p?([0-3])(?![\w-])/i;
const LABEL_WORD = new RegExp(`\\b(?:priority|prio|severity|sev)[\\s/:=_-]*(${PRIORITY_WORD})\\b`, "i");
const LABEL_SEV = /\b(?:severity|sev)[\s/:=_-]*([0-4])(?![\w-])/i;
const LABEL_BARE = /(?:^|[\s,;([/])p([0-3])(?![\w-])/i;

/**
 * Priority in a label list or a label line (`labels: bug, P1`, `priority/p2`, `Priority-3`, `sev/high`,
 * `Severity: low`), case-insensitive; null when it names none.
 */
export function priorityFromLabels(text: string): Priority | null {
  const number = LABEL_NUMBER.exec(text) ?? LABEL_BARE.exec(text);
  if (number?.[1] !== undefined) return `P${number[1]}` as Priority;
  const word = LABEL_WORD.exec(text);
  if (word?.[1] !== undefined) return priorityOfWord(word[1]);
  const sev = LABEL_SEV.exec(text);
  if (sev?.[1] !== undefined) return priorityOfWord(`sev${sev[1]}`);
  return null;
}

/** A line that is only a priority label (`priority/p2`, `Priority-3`, `P1`, `sev: 2`). */
const PRIORITY_LABEL_LINE =
  /^\W*(?:(?:priority|prio|pri)[\s/:=_-]*p?[0-3]|p[0-3]|(?:severity|sev)[\s/:=_-]*[0-4])\W*$/i;

/** Whether a continuation line is only a priority label. */
export function isPriorityLabelLine(text: string): boolean {
  return PRIORITY_LABEL_LINE.test(text);
}

/**
 * Priority a heading gives the items under it: `(Priority: P1)`, `P0`, `Critical Findings`, `High Priority`,
 * `Low`, `Nice to have`, `🔴 Critical`. Plain words only count as a whole heading or before a word such as
 * "priority", "findings" or "issues" ("High-level design" is no priority).
 */
export function priorityFromHeading(heading: string): Priority | null {
  const text = heading.trim();
  const token = /(?:^|[^\w-])P([0-3])(?![\w-])/.exec(text);
  if (token !== null) return `P${token[1]}` as Priority;
  const label = HEADING_LABEL.exec(text);
  if (label?.[1] !== undefined) return priorityOfWord(label[1]);
  const bare = text
    .replace(/(?:\p{Extended_Pictographic}|\uFE0F)/gu, "")
    .replace(/^[\s\d.)#:-]+/, "")
    .replace(/[\s:.!()-]+$/, "")
    .trim();
  for (const part of bare.split(/\s*(?:\/|&|,|\+|\band\b|\bor\b|[–—]|\s-\s)\s*/i)) {
    const whole = WHOLE_WORD.exec(part.trim());
    if (whole?.[1] !== undefined) return priorityOfWord(whole[1]);
  }
  const qualified = QUALIFIED_WORD.exec(text);
  if (qualified?.[1] !== undefined) return priorityOfWord(qualified[1]);
  if (/\bmust[- ](?:have|fix|do)\b/i.test(text)) return "P1";
  if (/\bshould[- ](?:have|fix|do)\b/i.test(text)) return "P2";
  if (/\b(?:could[- ]have|nice[- ]to[- ]haves?|someday|wishlist|backlog|later)\b/i.test(text)) return "P3";
  for (const [emoji, priority] of EMOJI_PRIORITY) if (text.startsWith(emoji)) return priority;
  return null;
}

/* --------------------------------------------------------------------------------------------- complexity */

const SIZE_ORDER: readonly Complexity[] = ["S", "M", "L", "XL"];

/** Estimated hours of one item of each size (midpoints of the size table, docs/design.md "Plan and work items"). */
export const HOURS: Readonly<Record<Complexity, number>> = { S: 0.25, M: 0.75, L: 2, XL: 4 };

/** Size of a number of hours on the size scale of docs/design.md, "Plan and work items". */
export function sizeOfHours(hours: number): Complexity {
  if (hours <= 0.25) return "S";
  if (hours <= 1) return "M";
  if (hours <= 3) return "L";
  return "XL";
}

const BASE_SIZE: Readonly<Record<Action, number>> = {
  docs: 0,
  remove: 0,
  update: 1,
  fix: 1,
  test: 1,
  investigate: 1,
  add: 1,
  refactor: 2,
};

const SMALL =
  /\b(?:typos?|spelling|misspel\w*|rename|renaming|bump|version|config(?:uration)? (?:change|value|flag)|constant|comment|wording|one[- ]liner?|single[- ]line|log (?:message|line|level)|null[- ]check|off[- ]by[- ]one|missing import|lint|whitespace|formatting|copy change|label|tooltip|flag)\b/;
const ARCHITECTURE =
  /\b(?:architecture|architectural|re-?architect\w*|redesign\w*|rewrite|overhaul\w*|migrat(?:e|ion) (?:to|from|off)|cross[- ]cutting|end[- ]to[- ]end|from scratch|monolith|microservices?)\b/;
const BREADTH = /\b(?:comprehensive\w*|all|entire|every|everywhere|whole|across|throughout|full|complete)\b/;
const FEATURE =
  /\b(?:feature|page|screen|dialog|modal|endpoint|service|flow|workflow|integration|support for|subsystem|module|pipeline|command|wizard|dashboard|model|adapter|client|middleware)\b/;
const FUNCTION_LEVEL = /\b(?:function|method|helper|handler|getter|setter|endpoint|query|check|condition)\b/;
const WITH_TESTS = /\b(?:with|and|plus|add|write|including)\s+(?:unit\s+|integration\s+|e2e\s+)?tests?\b/;

/**
 * Explicit size markers: `(S)`, `[XL]`, `Size: M`, `Effort: L`, `Complexity: S`, `~2h`, `30 min`, `1 day`.
 * Returns null when the text has none.
 */
export function explicitSize(text: string): Complexity | null {
  const label =
    /\b(?:size|effort|complexity|estimate|t-?shirt)\s*[:=]?\s*\**\s*(XL|S|M|L|small|medium|large|x-?large)\b/i.exec(
      text,
    );
  if (label?.[1] !== undefined) return sizeWord(label[1]);
  const bracket = /[[(](XL|S|M|L)[\])]/.exec(text);
  if (bracket?.[1] !== undefined) return bracket[1] as Complexity;
  // "~2h", "(30m)", "est. 3 hours", "estimate: 1 day" — a bare "3 days" in prose is not an estimate.
  const hours =
    /(?:~|≈|\babout\s+|\best(?:imated?)?\.?:?\s*)(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|d|days?)\b/i.exec(
      text,
    ) ?? /(?:^|[\s([])(\d+(?:\.\d+)?)(h|hrs?|m|mins?|d)(?=$|[\s)\],.;])/.exec(text);
  if (hours?.[1] !== undefined && hours[2] !== undefined) {
    const amount = Number(hours[1]);
    const unit = hours[2].toLowerCase();
    const inHours = unit.startsWith("m") ? amount / 60 : unit.startsWith("d") ? amount * 6 : amount;
    return inHours < 0.25 ? "S" : inHours <= 1 ? "M" : inHours <= 3 ? "L" : "XL";
  }
  return null;
}

function sizeWord(word: string): Complexity {
  const lower = word.toLowerCase();
  if (lower === "s" || lower === "small") return "S";
  if (lower === "m" || lower === "medium") return "M";
  if (lower === "l" || lower === "large") return "L";
  return "XL";
}

/** Inputs to {@link estimateComplexity}. */
export interface ComplexityInput {
  action: Action;
  /** Own text: description plus details. */
  text: string;
  scope: readonly string[];
  /** Number of sub-bullets/details. */
  detailCount: number;
}

/**
 * The complexity table (docs/design.md, "Plan and work items") as rules: a base size per action, then
 * typo/config words shrink it, architecture words make it XL, breadth words ("all", "entire", "comprehensive"),
 * more files, directories and "with tests" grow it. Explicit markers (`Size: M`, `~2h`) win.
 */
export function estimateComplexity(input: ComplexityInput): { size: Complexity; reason: string } {
  const explicit = explicitSize(input.text);
  if (explicit !== null) return { size: explicit, reason: "explicit size" };
  const lower = input.text.toLowerCase();
  if (ARCHITECTURE.test(lower)) return { size: "XL", reason: "architecture-level wording" };
  let size = BASE_SIZE[input.action];
  const reasons: string[] = [`${input.action} work`];
  if (SMALL.test(lower)) {
    size = 0;
    reasons.push("small change wording");
  } else if (FUNCTION_LEVEL.test(lower) && size > 1) {
    size = 1;
    reasons.push("single function wording");
  } else if (input.action === "add" && FEATURE.test(lower)) {
    size = 2;
    reasons.push("a new feature or component");
  }
  if (BREADTH.test(lower)) {
    size++;
    reasons.push('"all/entire/comprehensive" wording');
  }
  const files = input.scope.filter((path) => !path.endsWith("/")).length;
  const dirs = input.scope.length - files;
  if (files >= 6 || dirs >= 3) {
    size += 2;
    reasons.push(`${input.scope.length} paths`);
  } else if (files >= 3 || dirs >= 2) {
    size++;
    reasons.push(`${input.scope.length} paths`);
  } else if (dirs === 1 && size < 2 && input.action !== "docs") {
    size++;
    reasons.push("a whole directory");
  }
  if (input.action !== "test" && WITH_TESTS.test(lower)) {
    size++;
    reasons.push("tests required");
  }
  if (input.detailCount >= 4) {
    size++;
    reasons.push(`${input.detailCount} sub-points`);
  }
  const clamped = Math.max(0, Math.min(3, size));
  return { size: SIZE_ORDER[clamped]!, reason: reasons.join(", ") };
}

/* ----------------------------------------------------------------------------------------------- vagueness */

const VAGUE_WORDS = new Set(
  (
    "improve improves improved improvement improvements better best good nicer cleaner faster slower slow fast " +
    "performance perf speed quality code codebase stuff things thing misc miscellaneous various general " +
    "overall everything something tests test testing coverage missing docs doc documentation bugs bug issues " +
    "problems errors error handling cleanup clean refactor refactoring tidy fix fixes update updates add more " +
    "stability reliability robustness security ux ui usability etc tbd todo fixme later soon maybe minor small " +
    "edge edges cases case new feature features work stuff app application project system logic functionality " +
    "make makes work works properly correctly somehow investigate look review check polish tweaks tweak " +
    "consistency maintainability readability scalability efficiency optimize optimise optimization " +
    "optimisation simplify structure architecture"
  ).split(" "),
);

/** True when the text names no concrete subject: "Improve performance", "Add missing tests", "Fix bugs". */
export function isVague(text: string): boolean {
  // One concrete word is enough: stop at the first significant word that is not vague or a number.
  for (const word of significantWords(text)) if (!VAGUE_WORDS.has(word) && !/^\d+$/.test(word)) return false;
  return true;
}

/** The question asked when an item cannot be assigned. */
export function clarifyQuestion(action: Action, vague: boolean, text: string): string {
  if (words(text).length === 0) return "Empty item—what should be done?";
  if (vague) {
    if (action === "test") return "Which functions need coverage? No file or module named.";
    if (action === "docs") return "Which documentation? No file or section named.";
    if (action === "fix") return "Which bug? No file, module or symptom named.";
    return "Too vague—what exactly, and in which module?";
  }
  return "No specific scope—which files or module?";
}
