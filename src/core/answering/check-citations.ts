/**
 * Checks a model-written answer against the passages it was given. Citations shown to people are built
 * from the passages by the core; this only makes sure the `[n]` markers in the text name real ones.
 */

/** `[3]`, `[1, 3]`, `[1,3]`, `[1-2]`, `[1–3]`, `[2; 4]`, `[1 and 2]`. Markdown footnotes (`[^1]`) are not citations. */
const CITATION_GROUP = /\[\s*(\d{1,6}(?:\s*(?:,|;|-|–|—|and|&)\s*\d{1,6})*)\s*\]/g;
const REMOVED = '\uE000';

export interface CheckedCitations {
  /** The text with every invalid marker removed and the gaps it left tidied. */
  text: string;
  /** Valid passage numbers cited, sorted, unique. Empty means the answer is not grounded. */
  cited: number[];
}

/**
 * Removes every citation marker that names no passage in 1..`passageCount` and keeps the valid ones.
 * A group that mixes valid and invalid numbers (`[2, 9]`) keeps only the valid part (`[2]`); a range
 * (`[1-3]`) counts as every number in it and is written out (`[1, 2, 3]`); lists are normalised to
 * `[a, b]`. Adjacent markers (`[1][2]`) stay separate.
 */
export function checkCitations(text: string, passageCount: number): CheckedCitations {
  const cited = new Set<number>();
  const marked = text.replace(CITATION_GROUP, (_group, inner: string) => {
    const { valid } = readGroup(inner, passageCount);
    for (const n of valid) cited.add(n);
    if (valid.length === 0) return REMOVED;
    // Rewritten as an explicit list ("[1-3]" -> "[1, 2, 3]") so later renumbering sees every number.
    return `[${valid.join(', ')}]`;
  });
  return { text: tidy(marked), cited: [...cited].sort((a, b) => a - b) };
}

function readGroup(inner: string, passageCount: number): { valid: number[] } {
  const valid = new Set<number>();
  // Split on list separators; what is left is either "n" or a range "a-b".
  for (const part of inner.split(/\s*(?:,|;|and|&)\s*/)) {
    const range = /^(\d+)\s*[-–—]\s*(\d+)$/.exec(part);
    const [low, high] = range
      ? [Number(range[1]), Number(range[2])].sort((a, b) => a - b)
      : [Number(part), Number(part)];
    if (low === undefined || high === undefined || !Number.isInteger(low) || !Number.isInteger(high))
      continue;
    for (let n = Math.max(1, low); n <= Math.min(high, passageCount); n++) valid.add(n);
  }
  return { valid: [...valid].sort((a, b) => a - b) };
}

/** Removes the markers left by invalid citations and the space or brackets they leave behind. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]*\(\s*(?:\uE000\s*)+\)/g, '') // "text ([7])" -> "text"
    .replace(/(^|\n)[ \t]*(?:\uE000[ \t]*)+/g, '$1') // a marker opening a line
    .replace(/[ \t]*\uE000/g, '') // "text [7]." -> "text."
    .replace(/[ \t]+$/gm, '')
    .trim();
}

/** Phrases a model uses to say the passages do not answer the question. */
const REFUSAL =
  /\b(?:the )?(?:guide|passages?|excerpts?|sources?)\b[^.]{0,40}\b(?:does(?:n't| not)|do(?:n't| not)|did(?:n't| not))\s+(?:cover|address|answer|mention|include|contain|say|discuss)|\bnot (?:covered|addressed|mentioned|discussed) (?:in|by) the (?:guide|passages?)|\b(?:no|not enough) information (?:in|from) the (?:guide|passages?)/i;

/**
 * True when the model's whole answer is a refusal such as "The guide does not cover this." (the prompt
 * asks for exactly that sentence, but models paraphrase). Only short texts count, so an answer that
 * covers part of a question and says another part is not covered is not mistaken for a refusal.
 *
 * Suggested use in the core: when `refusesToAnswer(text)` and `checkCitations(...).cited` is empty,
 * answer "not covered" (out_of_scope, with section suggestions) instead of showing a forced extractive
 * answer.
 */
export function refusesToAnswer(text: string): boolean {
  const plain = text.replace(CITATION_GROUP, '').trim();
  return plain.length > 0 && plain.length <= 240 && REFUSAL.test(plain);
}

/**
 * Renumbers the citation markers of a checked text (`[3]` -> `[1]` when `renumber` maps 3 to 1), so the
 * reader sees [1], [2], ... in order. Numbers without a new number are dropped from their group; a group
 * left empty is kept as it was.
 */
export function renumberCitations(text: string, renumber: ReadonlyMap<number, number>): string {
  return text.replace(CITATION_GROUP, (group, inner: string) => {
    const numbers = inner.match(/\d+/g)?.map(Number) ?? [];
    const mapped = numbers.map((n) => renumber.get(n)).filter((n): n is number => n !== undefined);
    return mapped.length ? `[${[...new Set(mapped)].join(', ')}]` : group;
  });
}
