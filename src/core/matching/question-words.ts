import { isStopWord, stem, words } from '../words/text.js';

/**
 * The content words of a question as the same-question matcher compares them: stop words and chat
 * filler dropped, except the few function words that turn a question around. Pure.
 */

/**
 * Stop words that still decide what a question asks: "which city pays the *most*" and "...the least"
 * differ, as do "*before* certification" and "after". General English, not words of the guide.
 */
const MEANINGFUL_STOP_WORDS = new Set(['most', 'more', 'only', 'never', 'before', 'after', 'over', 'under']);

/** Comparison words that name no topic: "MAA vs MA" asks what "the difference between" does. */
const COMPARISON_WORDS = new Set(['vs', 'versus']);

/** A content word of a question, with where it stands. */
export interface ContentWord {
  word: string;
  stem: string;
  /** Position among its question's content words. */
  at: number;
  /** Position among all its question's words (stop words included). */
  token: number;
}

/** A question's content words, as the matcher compares them. */
export interface QuestionWords {
  /** Content words in order, repeats kept (acronyms read initials of runs of them). */
  sequence: ContentWord[];
  stems: Set<string>;
}

/** Splits a question (already rewritten, if it is) into its content words and their stems. */
export function extractQuestionWords(text: string): QuestionWords {
  const sequence = words(text)
    .map((word, token) => ({ word, stem: stem(word), token }))
    .filter(({ word }) => isContentWord(word))
    .map((w, at) => ({ ...w, at }));
  return { sequence, stems: new Set(sequence.map((w) => w.stem)) };
}

function isContentWord(word: string): boolean {
  if (COMPARISON_WORDS.has(word)) return false;
  if (isStopWord(word) && !MEANINGFUL_STOP_WORDS.has(word)) return false;
  return word.length > 1 || /\d/.test(word);
}

/** One entry per stem, first occurrence kept. */
export function distinctStems(list: ContentWord[]): ContentWord[] {
  const seen = new Set<string>();
  return list.filter((w) => !seen.has(w.stem) && seen.add(w.stem));
}

/**
 * The run of two or more consecutive content words of the other question whose initials the word
 * spells ("maa", or "maas" with a plural s: "medical administrative assistants"), if any.
 */
export function findAcronymRun(word: string, sequence: ContentWord[]): ContentWord[] | undefined {
  const candidates = word.length > 2 && word.endsWith('s') ? [word, word.slice(0, -1)] : [word];
  for (const acronym of candidates) {
    if (acronym.length < 2 || /\d/.test(acronym)) continue;
    for (let start = 0; start + acronym.length <= sequence.length; start++) {
      const run = sequence.slice(start, start + acronym.length);
      if (run.every((w, i) => w.word[0] === acronym[i])) return run;
    }
  }
  return undefined;
}
