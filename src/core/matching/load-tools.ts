import { DEFAULT_WORD_VECTORS_DIR, loadWordVectors } from '../words/word-vectors.js';
import { loadWordNet } from '../words/wordnet.js';
import type { SameQuestionTools } from './same-question.js';
import { loadWordNetAntonyms } from './wordnet-antonyms.js';

/**
 * The real word tools for `createSameQuestionMatcher`: GloVe similarity from the committed cache,
 * WordNet synonyms, sense counts and opposites. Loads once per process (WordNet is shared with the
 * retriever's copy); call it from the composition root and pass the result in.
 *
 * @throws {WordVectorsError} when the word-vector cache is missing or corrupt.
 */
export async function loadSameQuestionTools(
  options: { wordVectorsDir?: string } = {},
): Promise<Omit<SameQuestionTools, 'rewrite' | 'params'>> {
  const vectors = loadWordVectors(options.wordVectorsDir ?? DEFAULT_WORD_VECTORS_DIR);
  const [wordNet, antonyms] = await Promise.all([loadWordNet(), loadWordNetAntonyms()]);
  return {
    wordSimilarity: (a, b) => vectors.similarity(a, b),
    synonyms: (word) => wordNet.synonyms(word),
    senseCount: (word) => wordNet.senseCount(word),
    areOpposites: (a, b) => antonyms.areOpposites(a, b),
  };
}
