import { isStopWord, words } from '../words/text.js';
import { buildAcronyms, expandAcronyms } from './acronyms.js';
import { buildSpellingTable, correctSpelling } from './spelling.js';

/**
 * Clipped words readers type for the guide's longer ones ("admin" for administrative, "certs" for
 * certifications, "diff" for difference): a question word the guide does not use, at least four letters
 * long, that begins one of the guide's words is read as the guide's most frequent such word. A word that
 * begins none may be a contraction ("govt", "asst", "mgmt", "dept"): its first and last letters are a
 * guide word's, its other letters in order inside it, and the guide word at least two letters longer.
 * A contraction is read only when it is no English word (`isWord`), or when GloVe puts it close to the
 * guide word (`similarity`: "govt" / "government" 0.47); "best" is not "biggest".
 */
export interface ClippingTable {
  /** Guide words (lower case) with how often each occurs, for prefix lookup. */
  readonly frequencies: ReadonlyMap<string, number>;
}

export function buildClippings(texts: readonly string[]): ClippingTable {
  const frequencies = new Map<string, number>();
  for (const text of texts)
    for (const word of words(text)) frequencies.set(word, (frequencies.get(word) ?? 0) + 1);
  return { frequencies };
}

const MIN_CLIPPING = 4;
/** How much longer than its contraction a guide word must be ("govt": "government"). */
const MIN_CONTRACTION_SAVING = 2;
/** GloVe cosine at which an English word may still be a contraction of a guide word. */
const MIN_CONTRACTION_SIMILARITY = 0.4;

/** What tells a contraction from a word of its own (see `expandClippings`). */
export interface ContractionCheck {
  isWord(word: string): boolean;
  similarity?(a: string, b: string): number | undefined;
}

export function expandClippings(
  question: string,
  table: ClippingTable,
  isKnown: (word: string) => boolean,
  contractions?: ContractionCheck,
): string {
  return question.replace(/\b[A-Za-z]+\b/g, (token) => {
    const lower = token.toLowerCase();
    if (isStopWord(lower) || isKnown(lower)) return token;
    const base = lower.endsWith('s') && lower.length > MIN_CLIPPING ? lower.slice(0, -1) : lower;
    if (base.length < MIN_CLIPPING) return token;
    const mostFrequent = (fits: (word: string) => boolean) => {
      let best: string | undefined;
      let bestCount = 0;
      for (const [word, count] of table.frequencies)
        if (count > bestCount && fits(word)) {
          best = word;
          bestCount = count;
        }
      return best;
    };
    const clipped = mostFrequent((word) => word.length > base.length && word.startsWith(base));
    if (clipped || !contractions) return clipped ?? token;
    const contracted = mostFrequent((word) => contracts(base, word));
    if (!contracted) return token;
    const reads =
      !contractions.isWord(lower) ||
      (contractions.similarity?.(lower, contracted) ?? -1) >= MIN_CONTRACTION_SIMILARITY;
    return reads ? contracted : token;
  });
}

/** Same first and last letters, the rest in order inside the longer word ("mgmt" in "management"). */
function contracts(short: string, word: string): boolean {
  if (word.length < short.length + MIN_CONTRACTION_SAVING) return false;
  if (word[0] !== short[0] || word.at(-1) !== short.at(-1)) return false;
  let at = 1;
  for (let i = 1; i < word.length - 1 && at < short.length - 1; i++) if (word[i] === short[at]) at++;
  return at === short.length - 1;
}

/** Puts a question in the guide's words before retrieval. */
export interface QuestionRewriter {
  rewrite(text: string): string;
}

/** What tells a typo from a word: a word list (most frequent first) and a check. */
export interface EnglishWords {
  has(word: string): boolean;
  /** Whether the word is among the most frequent in English ("ai", "rn", "hr": an abbreviation of its own). */
  isFrequent(word: string): boolean;
  /** Whether the word is among English's very most frequent ("back"): never a clipping ("background"). */
  isCore(word: string): boolean;
  /** Common words, most frequent first (candidates for a typo's correction). */
  common(): Iterable<string>;
  /** GloVe cosine of two words, undefined when GloVe lacks either. */
  similarity?(a: string, b: string): number | undefined;
}

/**
 * A rewriter learned from the guide's texts (heading + chunk text each) and, for acronyms, the questions
 * its readers ask of it (`askedTexts`: the alternative questions): acronyms ("MAA") and clipped
 * words ("admin", "certs") are spelled out, and, when `english` is given, typos corrected
 * (src/core/question/spelling.ts). `isKnown` says whether a word is already the guide's.
 */
export function createQuestionRewriter(
  guideTexts: readonly string[],
  isKnown: (word: string) => boolean,
  english?: EnglishWords,
  askedTexts: readonly string[] = [],
): QuestionRewriter {
  const acronyms = buildAcronyms(
    [...guideTexts, ...askedTexts],
    new Set(guideTexts.flatMap((text) => words(text))),
  );
  const clippings = buildClippings(guideTexts);
  const spelling = english ? buildSpellingTable(clippings.frequencies, english.common()) : undefined;
  const isEnglish = (word: string) => english?.has(word) ?? false;
  return {
    rewrite: (text) => {
      // Clipped words first: "admin" is the guide's "administrative", not a typo of "admit".
      const expanded = expandAcronyms(
        text,
        acronyms,
        (word) => english?.isFrequent(word) ?? false,
        (word) => english !== undefined && !english.isFrequent(word) && !isKnown(word),
      );
      const spelled = expandClippings(
        expanded,
        clippings,
        (word) => isKnown(word) || (english?.isCore(word) ?? false),
        english
          ? {
              isWord: (word) => english.has(word),
              ...(english.similarity ? { similarity: english.similarity } : {}),
            }
          : undefined,
      );
      return spelling ? correctSpelling(spelled, spelling, isKnown, isEnglish) : spelled;
    },
  };
}
