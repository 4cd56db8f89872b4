import { describe, expect, it } from 'vitest';
import { buildClippings, expandClippings } from '../../../src/core/question/rewrite.js';
import { stem, words } from '../../../src/core/words/text.js';

const TEXTS = [
  'A medical administrative assistant schedules appointments. Medical administrative assistants keep records.',
  'Most medical administrative assistants work in offices. The Bureau of Labor Statistics counts them.',
  'The CMA is a credential. Data from the Bureau of Labor Statistics shows growth.',
];

describe('clipped words', () => {
  const table = buildClippings([
    ...TEXTS,
    'Certification helps. Certification and certified staff. Administration.',
  ]);
  const known = new Set(TEXTS.flatMap((t) => words(t)).map(stem));
  const isKnown = (word: string) => known.has(stem(word));

  it('reads a clipped word as the most frequent guide word it begins ("admin", plural "certs")', () => {
    expect(expandClippings('do admin folks need certs?', table, isKnown)).toBe(
      'do administrative folks need certification?',
    );
  });

  it('leaves known words, short words and words that begin nothing in the guide alone', () => {
    expect(expandClippings('How do I fix a bike tire in an office?', table, isKnown)).toBe(
      'How do I fix a bike tire in an office?',
    );
  });
});

describe('contracted words', () => {
  const table = buildClippings([
    'Government agencies hire staff. Time management matters. The government and the department.',
    'The biggest employers. The biggest ones.',
  ]);
  const isKnown = (word: string) => table.frequencies.has(word);
  const english = new Set(['best', 'jobs', 'matter', 'govt']);
  const check = {
    isWord: (word: string) => english.has(word),
    similarity: (a: string, b: string) => (a === 'govt' && b === 'government' ? 0.47 : 0.1),
  };

  it('reads a contraction as the guide word it contracts (first and last letters, the rest in order)', () => {
    expect(expandClippings('is time mgmt hard in a dept?', table, isKnown, check)).toBe(
      'is time management hard in a department?',
    );
  });

  it('reads an English word as a contraction only when GloVe puts them close', () => {
    expect(expandClippings('govt jobs?', table, isKnown, check)).toBe('government jobs?');
    expect(expandClippings('best pay?', table, isKnown, check)).toBe('best pay?');
  });

  it('reads no contraction without the check, nor one whose last letter differs', () => {
    expect(expandClippings('mgmt?', table, isKnown)).toBe('mgmt?');
    expect(expandClippings('mgms?', table, isKnown, check)).toBe('mgms?');
  });
});
