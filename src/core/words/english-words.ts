import type { EnglishWords } from '../question/rewrite.js';
import type { WordVectors } from './word-vectors.js';
import type { SynonymSource } from './wordnet.js';

/**
 * The first third of the word-vector list (20,000 words, most frequent first): words and abbreviations
 * common enough in English to mean themselves ("ai", "rn", "hr"), never read as the guide's acronyms.
 */
const FREQUENT_WORDS = 20_000;

/**
 * English as the question rewriter needs it: a word GloVe's list (60,000 frequent words) or WordNet knows
 * is a word, not a typo; the list, most frequent first, offers corrections.
 */
export function englishWords(vectors: WordVectors, wordnet: SynonymSource): EnglishWords {
  return {
    has: (word) => vectors.has(word) || wordnet.senseCount(word) > 0,
    isFrequent: (word) => (vectors.rank(word) ?? Infinity) < FREQUENT_WORDS,
    common: () => vectors.words(),
  };
}
