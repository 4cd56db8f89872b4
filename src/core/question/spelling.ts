import { distance } from 'fastest-levenshtein';
import { isStopWord } from '../words/text.js';

/**
 * Typos members make ("medcial", "asistant", "salry", "stresful"): a question word of four letters or
 * more that is neither the guide's nor an English word is read as the closest word that starts with the
 * same letter. Two swapped neighbouring letters count as one edit. The guide's own words come first: one edit away, two for words of seven letters or more
 * (ties go to the word the guide uses most). Otherwise, for a word of five letters or more, a common
 * English word (GloVe's list, most frequent first) of five letters or more, one edit away (two from eight
 * letters on). Real words are never
 * changed ("shed" stays "shed"), nor short ones ("wfh", "lol").
 */
export interface SpellingTable {
  /** Guide words (lower case) with how often each occurs. */
  readonly frequencies: ReadonlyMap<string, number>;
  /** Common English words by first letter and length ("s8"), most frequent first. */
  readonly english: ReadonlyMap<string, readonly string[]>;
}

/** A question of more unknown words than this is no typo-ridden question (gibberish, another language). */
const MAX_CORRECTIONS = 8;

const MIN_LENGTH = 4;

/** Buckets common English words (letters only, five or more) by first letter, keeping their order. */
export function buildSpellingTable(
  frequencies: ReadonlyMap<string, number>,
  englishWords: Iterable<string>,
): SpellingTable {
  const english = new Map<string, string[]>();
  for (const word of englishWords) {
    if (word.length < 5 || !/^[a-z]+$/.test(word)) continue;
    const key = `${word[0]!}${word.length}`;
    const bucket = english.get(key) ?? [];
    bucket.push(word);
    english.set(key, bucket);
  }
  return { frequencies, english };
}

/** The word a misspelt word stands for, or undefined when none is close enough. */
export function correctWord(word: string, table: SpellingTable): string | undefined {
  const guideEdits = word.length >= 7 ? 2 : 1;
  let best: string | undefined;
  let bestEdits = guideEdits + 1;
  let bestCount = 0;
  for (const [candidate, count] of table.frequencies) {
    if (candidate[0] !== word[0] || candidate.length < MIN_LENGTH) continue;
    if (Math.abs(candidate.length - word.length) > guideEdits) continue;
    const edits = editsBetween(word, candidate);
    if (edits === 0 || edits > guideEdits) continue;
    if (edits < bestEdits || (edits === bestEdits && count > bestCount)) {
      best = candidate;
      bestEdits = edits;
      bestCount = count;
    }
  }
  if (best || word.length < 5) return best;
  const englishEdits = word.length >= 8 ? 2 : 1;
  // Each bucket is most frequent first, so within a bucket the first word at a distance wins; across
  // buckets (lengths) the smaller distance, then the more frequent word.
  let bestRank = Infinity;
  for (let length = word.length - englishEdits; length <= word.length + englishEdits; length++) {
    const bucket = table.english.get(`${word[0]!}${length}`) ?? [];
    for (let rank = 0; rank < bucket.length && rank < bestRank; rank++) {
      const edits = editsBetween(word, bucket[rank]!);
      if (edits > 0 && edits <= englishEdits && edits <= bestEdits) {
        if (edits < bestEdits || rank < bestRank) {
          best = bucket[rank];
          bestEdits = edits;
          bestRank = rank;
        }
        break;
      }
    }
  }
  return best;
}

/** Levenshtein's distance, with two swapped neighbouring letters ("medcial") counted as one edit. */
function editsBetween(a: string, b: string): number {
  const edits = distance(a, b);
  if (edits !== 2 || a.length !== b.length) return edits;
  const differ: number[] = [];
  for (let i = 0; i < a.length && differ.length <= 2; i++) if (a[i] !== b[i]) differ.push(i);
  const [i, j] = differ;
  return differ.length === 2 && j === i! + 1 && a[i!] === b[j] && a[j] === b[i!] ? 1 : edits;
}

/**
 * Rewrites the misspelt words of a question (see `correctWord`). `isKnown` says whether a word is the
 * guide's already (after stemming or through a synonym); `isEnglish` whether it is a word at all.
 */
export function correctSpelling(
  question: string,
  table: SpellingTable,
  isKnown: (word: string) => boolean,
  isEnglish: (word: string) => boolean,
): string {
  let corrections = 0;
  return question.replace(/\b[A-Za-z]+\b/g, (token) => {
    const lower = token.toLowerCase();
    if (lower.length < MIN_LENGTH || isStopWord(lower) || isKnown(lower) || isEnglish(lower)) return token;
    if (++corrections > MAX_CORRECTIONS) return token;
    return correctWord(lower, table) ?? token;
  });
}
