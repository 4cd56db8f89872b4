import { stem } from '../words/text.js';

/**
 * How one word can stand for another by spelling or by WordNet: a morphological variant, a synonym, a
 * typo, an abbreviation. Pure: what is known of words comes in as `WordLookup`. Hand-written: no
 * library reads clipped or misspelt words of short questions like this.
 */

/** What the spelling and synonym checks ask about words; `SameQuestionTools` provides it. */
export interface WordLookup {
  /** GloVe cosine of two lower-case words, undefined when either is unknown (`WordVectors.similarity`). */
  wordSimilarity(a: string, b: string): number | undefined;
  /** WordNet synonyms of a word (`SynonymSource.synonyms`). */
  synonyms(word: string): readonly string[];
  /** How many senses WordNet knows for a word, 0 for none (`SynonymSource.senseCount`). */
  senseCount(word: string): number;
}

/** Shortest stem that may be a prefix of a longer one ("certif" / "certifi"), and shortest typo'd word. */
const MIN_VARIANT_LENGTH = 5;
/** Shortest abbreviation ("org", "cert", "mgmt"), and how much longer the word it shortens must be. */
const MIN_ABBREVIATION_LENGTH = 3;
const MIN_ABBREVIATION_SAVING = 2;

/** Inflections and derivations the stemmer leaves apart: "certified" / "certification", "directly". */
export function isVariant(a: string, b: string): boolean {
  const [short, long] = [stem(a), stem(b)].sort((x, y) => x.length - y.length) as [string, string];
  return short.length >= MIN_VARIANT_LENGTH && long.startsWith(short);
}

/** Whether WordNet lists either word (or a word of the same stem) as a synonym of the other. */
export function isSynonym(a: string, b: string, lookup: WordLookup): boolean {
  const stemA = stem(a);
  const stemB = stem(b);
  return (
    lookup.synonyms(a).some((s) => s === b || stem(s) === stemB) ||
    lookup.synonyms(b).some((s) => s === a || stem(s) === stemA)
  );
}

/**
 * A misspelling of the other word ("certifcation", "acredited"): one edit apart (two for long words),
 * the misspelt one unknown to GloVe and WordNet, so that real words one letter apart ("CMA" / "CMAA" are
 * too short anyway; "cost" / "most") never count.
 */
export function isTypo(a: string, b: string, lookup: WordLookup): boolean {
  // A word's similarity to itself is defined exactly when GloVe has the word.
  const unknown = (w: string) => lookup.wordSimilarity(w, w) === undefined && lookup.senseCount(w) === 0;
  if (!unknown(a) && !unknown(b)) return false;
  if (unknown(a) && unknown(b)) return false;
  const x = stem(a);
  const y = stem(b);
  if (Math.min(x.length, y.length) < MIN_VARIANT_LENGTH) return false;
  const allowed = Math.min(x.length, y.length) >= 8 ? 2 : 1;
  return editDistance(x, y, allowed) <= allowed;
}

/**
 * Whether `short` abbreviates `long`: "org" / "organization", "cert" / "certification", "mgmt" /
 * "management" (same first letter, its letters in order inside the longer word). The short form must
 * be one WordNet barely knows (at most one sense), so that a word in its own right ("car" / "career",
 * "man" / "manager") is not read as a shortening.
 */
export function isAbbreviation(short: string, long: string, lookup: WordLookup): boolean {
  if (short.length < MIN_ABBREVIATION_LENGTH || long.length < short.length + MIN_ABBREVIATION_SAVING)
    return false;
  if (short[0] !== long[0] || /\d/.test(short) || lookup.senseCount(short) > 1) return false;
  let at = 0;
  for (const letter of long) if (letter === short[at]) at++;
  return at === short.length;
}

/**
 * Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps); `limit + 1` straight away
 * when the lengths alone differ by more than `limit`. Words are short, so the full table is cheap.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0]!.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]!.push(best);
    }
  }
  return rows[a.length]![b.length]!;
}
