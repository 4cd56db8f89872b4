import { describe, expect, it } from 'vitest';
import { buildAcronyms, expandAcronyms } from '../../../src/core/question/acronyms.js';
import { words } from '../../../src/core/words/text.js';

const TEXTS = [
  'A medical administrative assistant schedules appointments. Medical administrative assistants keep records.',
  'Most medical administrative assistants work in offices. The Bureau of Labor Statistics counts them.',
  'The CMA is a credential. Data from the Bureau of Labor Statistics shows growth.',
];
const vocabulary = new Set(TEXTS.flatMap((t) => words(t)));

describe('acronyms learned from the guide', () => {
  const table = buildAcronyms(TEXTS, vocabulary);

  it('learns the initials of phrases that occur at least twice, skipping stop words inside them', () => {
    expect(table.get('maa')).toBe('medical administrative assistants');
    expect(table.get('bls')).toBe('bureau labor statistics');
  });

  it('does not learn phrases that occur once, nor re-read a word the guide uses itself', () => {
    expect(table.has('sa')).toBe(false); // "schedules appointments" occurs once
    expect(table.has('cma')).toBe(false); // "CMA" is a word of the guide
  });

  it('spells out capitalised acronyms and their plurals in a question, and leaves other words alone', () => {
    expect(expandAcronyms('what do MAAs earn per BLS?', table)).toBe(
      'what do medical administrative assistants earn per bureau labor statistics?',
    );
    expect(expandAcronyms('is a maa paid well?', table)).toBe('is a maa paid well?');
    expect(expandAcronyms('Is the CMA hard?', table)).toBe('Is the CMA hard?');
  });

  it('leaves an acronym alone when it is a common English abbreviation of its own', () => {
    const common = (word: string) => word === 'maa';
    expect(expandAcronyms('do MAAs earn more?', table, common)).toBe('do MAAs earn more?');
    expect(expandAcronyms('per the BLS', table, common)).toBe('per the bureau labor statistics');
  });
});

describe('acronyms of the phrases readers use in their questions', () => {
  const asked = ['Can I work from home?', 'Is work from home allowed for new hires?'];
  const table = buildAcronyms([...TEXTS, ...asked], vocabulary);

  it('learns the initials of a run with the stop word inside it, as typed ("wfh")', () => {
    expect(table.get('wfh')).toBe('work from home');
    expect(table.get('wh')).toBe('work home');
    expect(table.get('bls')).toBe('bureau labor statistics');
  });

  it('spells out a lower-case acronym only when it is no word at all', () => {
    const coined = (word: string) => word === 'wfh' || word === 'maas';
    expect(expandAcronyms('can i wfh?', table, () => false, coined)).toBe('can i work from home?');
    expect(expandAcronyms('Wfh ok?', table, () => false, coined)).toBe('work from home ok?');
    expect(expandAcronyms('what do maas earn?', table, () => false, coined)).toBe(
      'what do medical administrative assistants earn?',
    );
    // Without the check, or for a real word, nothing in lower case is rewritten.
    expect(expandAcronyms('can i wfh?', table)).toBe('can i wfh?');
    expect(expandAcronyms('is a maa paid well?', table, () => false, coined)).toBe('is a maa paid well?');
  });

  it('does not read a three-letter chat word as the plural of a two-letter acronym ("pls" is not "pay less")', () => {
    const pay = buildAcronyms(['why do offices pay less', 'do clinics pay less?'], new Set());
    expect(pay.get('pl')).toBe('pay less');
    const coined = (word: string) => word === 'pls';
    expect(expandAcronyms('the main takeaways pls', pay, () => false, coined)).toBe('the main takeaways pls');
  });
});

describe('initials with several meanings', () => {
  // "hs" is "high school" in three texts and "healthcare support" in three: the question's other words choose.
  const texts = [
    'A high school diploma is the minimum.',
    'Most employers want a high school diploma or GED.',
    'High school classes in biology help.',
    'The healthcare support group grew 15%.',
    'Healthcare support jobs are growing fast.',
    'Is healthcare support a growing field?',
    'Medical administrative assistants schedule. Medical administrative assistants bill.',
    'Medical administrative assistants code. Medical assistants association.',
    'Medical assistants association.',
    'Medical administrative assistants answer phones.',
  ];
  const table = buildAcronyms(texts, new Set());
  const coined = (word: string) => word === 'hs' || word === 'maa';

  it('keeps where each meaning occurs', () => {
    expect(
      table.meanings
        .get('hs')
        ?.map((m) => m.phrase)
        .sort(),
    ).toEqual(['healthcare support', 'high school']);
  });

  it("reads them as the meaning whose texts share the question's other words", () => {
    expect(expandAcronyms('is a hs diploma enough?', table, () => false, coined)).toBe(
      'is a high school diploma enough?',
    );
    expect(expandAcronyms('is HS a growing field?', table)).toBe('is healthcare support a growing field?');
  });

  it('leaves them as typed when the question does not choose', () => {
    expect(expandAcronyms('hs?', table, () => false, coined)).toBe('hs?');
  });

  it('reads a meaning far more frequent than the others whatever the question says', () => {
    expect(expandAcronyms('do MAAs travel?', table)).toBe('do medical administrative assistants travel?');
  });
});
