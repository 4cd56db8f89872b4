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
