import { describe, expect, it } from 'vitest';
import { NotCoveredWords } from '../../../src/core/scope/not-covered-words.js';
import { stem } from '../../../src/core/words/text.js';
import { loadWordNet } from '../../../src/core/words/wordnet.js';
import { DEFAULT_WORD_VECTORS_DIR, loadWordVectors } from '../../../src/core/words/word-vectors.js';

const vectors = loadWordVectors(DEFAULT_WORD_VECTORS_DIR);
const wordnet = await loadWordNet();
const guide = new Set(['job', 'salary', 'train', 'certif', 'take', 'long', 'medic', 'assist'].map(stem));
const vocabulary = {
  isGuideWord: (word: string) => guide.has(stem(word)),
  isNoun: (word: string) => wordnet.senseCount(word) === 0 || wordnet.nounShare(word) > 0,
};
const LISTED = ['is being a cop stressful', 'how long does certification training take', 'do you get pto'];
const words = NotCoveredWords.build(LISTED, vocabulary, vectors);

describe('NotCoveredWords', () => {
  it('does not count a listed question whose topic the question does not name, only its frame', () => {
    // "cop" is the listed question's topic; "stressful" (no noun sense) is only how it is asked.
    expect(words.applicable('is it stressful')).toEqual([false, true, false]);
  });

  it('counts it when the question names the same topic, in the same word or one GloVe puts close', () => {
    expect(words.applicable('are cops paid well')[0]).toBe(true);
    expect(words.applicable('is being a policeman hard')[0]).toBe(true);
    expect(words.applicable('how many days of PTO')[2]).toBe(true);
  });

  it("always counts a listed question made of the guide's own words (out of scope for what it asks)", () => {
    expect(words.applicable('zzqx')[1]).toBe(true);
  });
});
