import { describe, expect, it } from 'vitest';
import { guideVocabulary } from '../../../src/core/retrieval/guide-vocabulary.js';
import { LexicalIndex } from '../../../src/core/retrieval/lexical-index.js';
import { loadWordNet } from '../../../src/core/words/wordnet.js';

const chunks = [
  'Registered nurses supervise the clinic. A nurse and a practitioner share the front desk.',
  'Dental offices hire assistants.',
];

describe('guideVocabulary: names the guide lacks', () => {
  it('reads a multi-word person as another job only when the guide never writes the two words together', async () => {
    const vocabulary = guideVocabulary(LexicalIndex.build(chunks), await loadWordNet());
    // The guide has "nurse" and "practitioner", but never "nurse practitioner".
    expect(vocabulary.isOtherCompound?.('nurse', 'practitioners')).toBe(true);
    // "Registered nurses" is the guide's own phrase.
    expect(vocabulary.isOtherCompound?.('registered', 'nurse')).toBe(false);
    // "dental offices" are written together, and are no person.
    expect(vocabulary.isOtherCompound?.('dental', 'offices')).toBe(false);
  });

  it("passes on WordNet's proper nouns", async () => {
    const vocabulary = guideVocabulary(LexicalIndex.build(chunks), await loadWordNet());
    expect(vocabulary.isProperNoun?.('canada')).toBe(true);
    expect(vocabulary.isProperNoun?.('clinic')).toBe(false);
  });

  it('reads two words as written side by side when the guide writes them, or a WordNet synonym of the first', async () => {
    const vocabulary = guideVocabulary(LexicalIndex.build(chunks), await loadWordNet());
    expect(vocabulary.writesPair?.('registered', 'nurses')).toBe(true);
    // "tooth" is no synonym of "dental", and the guide never writes "dental assistants".
    expect(vocabulary.writesPair?.('dental', 'assistants')).toBe(false);
    // The words are in the guide but never adjacent: "a nurse and a practitioner".
    expect(vocabulary.writesPair?.('nurse', 'practitioner')).toBe(false);
  });
});
