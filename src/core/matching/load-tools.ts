import { DEFAULT_WORD_VECTORS_DIR, loadWordVectors } from '../words/word-vectors.js';
import { loadWordNet } from '../words/wordnet.js';
import type { SameQuestionTools } from './same-question.js';
import { loadWordRelations } from './wordnet-relations.js';

/**
 * The real word tools for `createSameQuestionMatcher`: GloVe similarity from the committed cache,
 * WordNet synonyms and sense counts (the retriever's shared copy), opposites and noun kinds. Loads once
 * per process; call it from the composition root and pass the result in.
 *
 * @throws {WordVectorsError} when the word-vector cache is missing or corrupt.
 */
export async function loadSameQuestionTools(
  options: { wordVectorsDir?: string } = {},
): Promise<Omit<SameQuestionTools, 'rewrite' | 'params'>> {
  const vectors = loadWordVectors(options.wordVectorsDir ?? DEFAULT_WORD_VECTORS_DIR);
  const [wordNet, relations] = await Promise.all([loadWordNet(), loadWordRelations()]);
  return {
    wordSimilarity: (a, b) => vectors.similarity(a, b),
    synonyms: (word) => wordNet.synonyms(word),
    senseCount: (word) => wordNet.senseCount(word),
    areOpposites: (a, b) => relations.areOpposites(a, b),
    kindRelation: (a, b) => relations.kindRelation(a, b),
  };
}
