import { describe, expect, it } from 'vitest';
import { englishWords } from '../../../src/core/words/english-words.js';
import type { WordVectors } from '../../../src/core/words/word-vectors.js';
import type { SynonymSource } from '../../../src/core/words/wordnet.js';

/** Word vectors that know `list` (most frequent first) and nothing of their vectors. */
function wordList(list: string[]): WordVectors {
  return {
    dimensions: 100,
    size: list.length,
    has: (word) => list.includes(word),
    words: () => list[Symbol.iterator](),
    rank: (word) => (list.includes(word) ? list.indexOf(word) : undefined),
    vector: () => undefined,
    similarity: () => undefined,
  };
}

const wordnet: SynonymSource = {
  synonyms: () => [],
  senseCount: (word) => (word === 'apiary' ? 1 : 0),
  nounShare: () => 1,
};

describe('englishWords', () => {
  it('knows a word from the word-vector list or from WordNet, and nothing else', () => {
    const english = englishWords(wordList(['the', 'salary']), wordnet);
    expect(english.has('salary')).toBe(true);
    expect(english.has('apiary')).toBe(true);
    expect(english.has('medcial')).toBe(false);
  });

  it('knows an inflection of a known word and a contraction typed without its apostrophe', () => {
    const english = englishWords(wordList(['text', 'has', 'does', 'salary']), wordnet);
    expect(english.has('texted')).toBe(true);
    expect(english.has('salaries')).toBe(true);
    expect(english.has('hasnt')).toBe(true);
    expect(english.has('doesnt')).toBe(true);
    expect(english.has('tesxted')).toBe(false);
    expect(english.has('xyznt')).toBe(false);
  });

  it('calls the first 2,000 words core and the first 20,000 frequent', () => {
    const core = englishWords(wordList(Array.from({ length: 2_001 }, (_, i) => `w${i}`)), wordnet);
    expect(core.isCore('w1999')).toBe(true);
    expect(core.isCore('w2000')).toBe(false);
  });

  it('calls only the first 20,000 words of the list frequent', () => {
    const list = Array.from({ length: 20_001 }, (_, i) => `w${i}`);
    const english = englishWords(wordList(list), wordnet);
    expect(english.isFrequent('w0')).toBe(true);
    expect(english.isFrequent('w19999')).toBe(true);
    expect(english.isFrequent('w20000')).toBe(false);
    expect([...english.common()].slice(0, 2)).toEqual(['w0', 'w1']);
  });
});
