import type { GuideVocabulary } from '../scope/judge-scope.js';
import { stem } from '../words/text.js';
import type { SynonymSource } from '../words/wordnet.js';
import type { LexicalIndex } from './lexical-index.js';

/** The guide's words as the scope judgement reads them: the lexical index's terms and their WordNet synonyms. */
export function guideVocabulary(lexical: LexicalIndex, synonyms: SynonymSource): GuideVocabulary {
  return {
    isKnown: (word: string) =>
      lexical.vocabulary.has(stem(word)) ||
      synonyms.synonyms(word).some((synonym) => lexical.vocabulary.has(stem(synonym))),
    senseCount: (word: string) => synonyms.senseCount(word),
    nounShare: (word: string) => synonyms.nounShare(word),
    isPerson: (word: string) => synonyms.isPerson?.(word) ?? false,
    frequencyOf: (term: string) => lexical.frequencyOf(term),
    chunkCount: lexical.chunkCount,
  };
}
