import type { GuideVocabulary } from '../scope/judge-scope.js';
import { isStopWord, stem, terms, words } from '../words/text.js';
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
    isProperNoun: (word: string) => synonyms.isProperNoun?.(word) ?? false,
    isOtherCompound: (first: string, second: string) =>
      (synonyms.isPersonCompound?.(first, second) ?? false) && !lexical.hasPair(stem(first), stem(second)),
    isOccupation: (word: string) => synonyms.isOccupation?.(word) ?? false,
    isPlace: (word: string) => synonyms.isPlace?.(word) ?? false,
    isClassifier: (word: string) => synonyms.isClassifier?.(word) ?? false,
    writesPair: (first: string, second: string) => {
      const head = stem(second);
      return (
        lexical.hasPair(stem(first), head) ||
        synonyms.synonyms(first).some((synonym) => lexical.hasPair(stem(synonym), head))
      );
    },
    frequencyOf: (term: string) => lexical.frequencyOf(term),
    chunkCount: lexical.chunkCount,
  };
}

/** Guide terms that are WordNet synonyms of the question's words ("pay" -> salary, wage). */
export function synonymTerms(question: string, lexical: LexicalIndex, synonyms: SynonymSource): string[] {
  const own = new Set(terms(question));
  const expanded = new Set<string>();
  for (const word of words(question)) {
    if (isStopWord(word)) continue;
    for (const synonym of synonyms.synonyms(word)) {
      const term = stem(synonym);
      if (lexical.vocabulary.has(term) && !own.has(term) && !isStopWord(synonym)) expanded.add(term);
    }
  }
  return [...expanded];
}
