import { describe, expect, it } from 'vitest';
import type { GuideVocabulary } from '../../../src/core/scope/judge-scope.js';
import { asksAboutOtherOccupation } from '../../../src/core/scope/named-others.js';

/** The guide's words, and the pairs it writes side by side. */
const guideTerms = new Set(['assist', 'medic', 'offic', 'receptionist', 'hire', 'dental']);
const guidePairs = new Set(['medical assistant', 'medical assistants']);
const occupations = new Set([
  'phlebotomists',
  'phlebotomist',
  'assistant',
  'assistants',
  'receptionist',
  'dentist',
  'nurses',
  'hires',
]);
/** Words that are more often verbs than nouns. */
const verbs = new Set(['hires', 'nurses', 'travel', 'make', 'earn', 'work', 'pay']);

const vocabulary: GuideVocabulary = {
  isKnown: () => true,
  senseCount: () => 3,
  nounShare: (word) => (verbs.has(word) ? 0.3 : 1),
  isPerson: (word) => occupations.has(word),
  isOccupation: (word) => occupations.has(word),
  isPlace: (word) => ['office', 'clinic'].includes(word),
  isClassifier: (word) => ['dental', 'medical', 'travel', 'workplace', 'vet'].includes(word),
  writesPair: (first, second) => guidePairs.has(`${first} ${second}`),
  frequencyOf: (term) => (guideTerms.has(term) ? 3 : 0),
  chunkCount: 20,
};

const asks = (question: string) => asksAboutOtherOccupation(question, vocabulary);

describe('asksAboutOtherOccupation', () => {
  it('flags an occupation the guide never names', () => {
    expect(asks('how much do phlebotomists make')).toBe(true);
    expect(asks('phlebotomist pay?')).toBe(true);
  });

  it("flags an occupation of the guide's after a classifier the guide never writes beside it", () => {
    expect(asks('what do dental assistants earn')).toBe(true);
    expect(asks('dental assistant salary')).toBe(true);
    expect(asks('how much do medical assistants make')).toBe(false);
  });

  it('leaves out the asker\'s story: a possessive, or "I\'m a" / "as a" before the person', () => {
    expect(asks('my phlebotomist said this job pays well, does it')).toBe(false);
    expect(asks('im a phlebotomist, what do medical assistants earn')).toBe(false);
    expect(asks('as a former phlebotomist could i do this')).toBe(false);
  });

  it('leaves out a person word before a place ("dentist office"), not before pay ("phlebotomist salary")', () => {
    expect(asks('can i work in a dentist office')).toBe(false);
    expect(asks('can i work at a dentist')).toBe(true);
    expect(asks('phlebotomist salary')).toBe(true);
  });

  it('reads a word that is more often a verb as a person only after a classifying adjective', () => {
    expect(asks('which workplace hires the most')).toBe(false);
    expect(asks('how much do travel nurses make')).toBe(true);
  });
});
