import { describe, expect, it } from 'vitest';
import {
  editDistance,
  isAbbreviation,
  isSynonym,
  isTypo,
  isVariant,
  type WordLookup,
} from '../../../src/core/matching/word-links.js';

/** GloVe and WordNet know only the words listed; "org" has one sense, "car" several. */
const KNOWN = new Set(['certification', 'accredited', 'organization', 'cost', 'most', 'career']);
const lookup: WordLookup = {
  wordSimilarity: (a, b) => (KNOWN.has(a) && KNOWN.has(b) ? 0.5 : undefined),
  synonyms: (word) => (word === 'pay' ? ['salary', 'wage'] : []),
  senseCount: (word) => (KNOWN.has(word) ? 3 : word === 'car' ? 5 : word === 'org' ? 1 : 0),
};

describe('word links', () => {
  it('reads inflections and derivations the stemmer leaves apart as variants', () => {
    expect(isVariant('certified', 'certification')).toBe(true);
    expect(isVariant('cost', 'costly')).toBe(false);
  });

  it('finds synonyms either way round', () => {
    expect(isSynonym('pay', 'salary', lookup)).toBe(true);
    expect(isSynonym('salary', 'pay', lookup)).toBe(true);
    expect(isSynonym('pay', 'degree', lookup)).toBe(false);
  });

  it('reads an unknown word one edit from a known one as a typo, never two known words', () => {
    expect(isTypo('certifcation', 'certification', lookup)).toBe(true);
    expect(isTypo('acredited', 'accredited', lookup)).toBe(true);
    expect(isTypo('cost', 'most', lookup)).toBe(false);
  });

  it('reads a short form WordNet barely knows as an abbreviation, not a word in its own right', () => {
    expect(isAbbreviation('org', 'organization', lookup)).toBe(true);
    expect(isAbbreviation('car', 'career', lookup)).toBe(false);
  });

  it('counts an adjacent swap as one edit and stops early on lengths', () => {
    expect(editDistance('recieve', 'receive', 2)).toBe(1);
    expect(editDistance('a', 'abcd', 1)).toBe(2);
  });
});
