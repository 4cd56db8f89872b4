import { isStopWord, words } from '../words/text.js';
import { buildSpellingTable, correctSpelling } from './spelling.js';

/**
 * Acronyms readers coin for the guide's own phrases ("MAA" for medical administrative assistant,
 * "BLS" for Bureau of Labor Statistics, "wfh" for work from home), learned from the guide and the
 * questions its readers ask of it: the initials of every run of two to four content words (a single stop
 * word may sit between two of them, with its initial or without) that occurs at least twice.
 * Hand-written: no library does this.
 */
export type AcronymTable = ReadonlyMap<string, string>;

const MIN_OCCURRENCES = 2;

export function buildAcronyms(texts: readonly string[], vocabulary: ReadonlySet<string>): AcronymTable {
  const counts = new Map<string, Map<string, number>>();
  for (const text of texts) {
    const tokens = words(text);
    // Content words with their positions; a run may step over one stop word ("Bureau of Labor Statistics").
    const content = tokens
      .map((word, at) => ({ word, at }))
      .filter(({ word }) => !isStopWord(word) && !/^\d/.test(word));
    for (let start = 0; start < content.length; start++) {
      for (let length = 2; length <= 4 && start + length <= content.length; length++) {
        const run = content.slice(start, start + length);
        const last = run[run.length - 1]!;
        const previous = run[run.length - 2]!;
        if (last.at - previous.at > 2 || /^\d/.test(tokens[previous.at + 1] ?? '')) break;
        count(counts, run.map(({ word }) => word[0]).join(''), run.map(({ word }) => word).join(' '));
        // "work from home" is "wfh": the stop word inside a run may give its initial too.
        const span = tokens.slice(run[0]!.at, last.at + 1);
        if (span.length > run.length) count(counts, span.map((word) => word[0]).join(''), span.join(' '));
      }
    }
  }
  const table = new Map<string, string>();
  for (const [initials, phrases] of counts) {
    // A word the guide uses as itself ("cma", "aama") is not re-read as someone else's acronym.
    if (vocabulary.has(initials)) continue;
    const [phrase, count] = [...phrases.entries()].sort((a, b) => b[1] - a[1])[0]!;
    if (count >= MIN_OCCURRENCES) table.set(initials, phrase);
  }
  return table;
}

function count(counts: Map<string, Map<string, number>>, initials: string, phrase: string): void {
  const phrases = counts.get(initials) ?? new Map<string, number>();
  phrases.set(phrase, (phrases.get(phrase) ?? 0) + 1);
  counts.set(initials, phrases);
}

/**
 * Spells out acronyms of the guide's phrases in a question: "what do MAAs make?" becomes
 * "what do medical administrative assistants make?". All-capital tokens (or the same with a plural "s")
 * are read as acronyms, but not those `hasOwnMeaning` says are common in English already: "AI" and "RN"
 * are not the guide's "assistants including" and "resources networking", whose initials they share.
 * A token typed in lower case ("can i wfh", "what hs classes") is read as one only when `isCoined` says
 * it is no common word (not among English's most frequent, not the guide's), so ordinary words are
 * never rewritten.
 */
export function expandAcronyms(
  question: string,
  table: AcronymTable,
  hasOwnMeaning: (word: string) => boolean = () => false,
  isCoined: (word: string) => boolean = () => false,
): string {
  if (table.size === 0) return question;
  const capitals = question.replace(/\b([A-Z]{2,5})(s?)\b/g, (token, letters: string, plural: string) => {
    const phrase = table.get(letters.toLowerCase());
    if (!phrase || hasOwnMeaning(letters.toLowerCase())) return token;
    return plural && !phrase.endsWith('s') ? `${phrase}s` : phrase;
  });
  return capitals.replace(/\b[A-Za-z][a-z]{1,5}\b/g, (token) => {
    const lower = token.toLowerCase();
    if (!isCoined(lower)) return token;
    // "maas" is the plural of "maa" before it is the initials of four words, as "MAAs" is. Not a token
    // of three letters: "pls" is chat for please, not the plural of "pl" ("pay less").
    const singular = lower.length >= 4 && lower.endsWith('s') ? table.get(lower.slice(0, -1)) : undefined;
    if (singular) return singular.endsWith('s') ? singular : `${singular}s`;
    return table.get(lower) ?? token;
  });
}

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
