import { isStopWord, words } from '../words/text.js';
import { buildAcronyms, expandAcronyms } from './acronyms.js';
import { buildSpellingTable, correctSpelling } from './spelling.js';

/**
 * Clipped words readers type for the guide's longer ones ("admin" for administrative, "certs" for
 * certifications, "diff" for difference): a question word the guide does not use, at least four letters
 * long, that begins one of the guide's words is read as the guide's most frequent such word.
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

export function expandClippings(
  question: string,
  table: ClippingTable,
  isKnown: (word: string) => boolean,
): string {
  return question.replace(/\b[A-Za-z]+\b/g, (token) => {
    const lower = token.toLowerCase();
    if (isStopWord(lower) || isKnown(lower)) return token;
    const base = lower.endsWith('s') && lower.length > MIN_CLIPPING ? lower.slice(0, -1) : lower;
    if (base.length < MIN_CLIPPING) return token;
    let best: string | undefined;
    let bestCount = 0;
    for (const [word, count] of table.frequencies) {
      if (word.length > base.length && word.startsWith(base) && count > bestCount) {
        best = word;
        bestCount = count;
      }
    }
    return best ?? token;
  });
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
      );
      return spelling ? correctSpelling(spelled, spelling, isKnown, isEnglish) : spelled;
    },
  };
}
