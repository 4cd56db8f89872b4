import type { EnglishWords } from '../question/rewrite.js';
import type { WordVectors } from './word-vectors.js';
import type { SynonymSource } from './wordnet.js';
import { DETACH, detachForms } from './wordnet-files.js';

const INFLECTIONS = [DETACH.noun, DETACH.verb, DETACH.adj];

/**
 * The first third of the word-vector list (20,000 words, most frequent first): words and abbreviations
 * common enough in English to mean themselves ("ai", "rn", "hr"), never read as the guide's acronyms.
 */
const FREQUENT_WORDS = 20_000;
/** The 2,000 most frequent words ("back", "home", "part"): words of their own, never clipped forms of the guide's. */
const CORE_WORDS = 2_000;

/**
 * English as the question rewriter needs it: a word GloVe's list (60,000 frequent words) or WordNet knows
 * is a word, not a typo; the list, most frequent first, offers corrections.
 */
export function englishWords(vectors: WordVectors, wordnet: SynonymSource): EnglishWords {
  const known = (word: string) => vectors.has(word) || wordnet.senseCount(word) > 0;
  return {
    // An inflection of a known word ("texted"), or a contraction typed without its apostrophe ("hasnt").
    has: (word) =>
      known(word) ||
      INFLECTIONS.some((rules) => detachForms(word, rules).slice(1).some(known)) ||
      (/^[a-z]{2,}nt$/.test(word) && vectors.has(word.slice(0, -2))),
    isFrequent: (word) => (vectors.rank(word) ?? Infinity) < FREQUENT_WORDS,
    isCore: (word) => (vectors.rank(word) ?? Infinity) < CORE_WORDS,
    common: () => vectors.words(),
    similarity: (a, b) => vectors.similarity(a, b),
  };
}
