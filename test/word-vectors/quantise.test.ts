import { describe, expect, it } from 'vitest';
import { isWordLike } from '../../scripts/word-vectors/corpus-words.js';
import { DIMENSIONS, SCALE } from '../../scripts/word-vectors/layout.js';
import { quantise } from '../../scripts/word-vectors/quantise.js';
import { UsageError } from '../../scripts/word-vectors/usage-error.js';

describe('quantise', () => {
  it('writes the unit vector scaled to the whole signed byte', () => {
    const raw = Array.from({ length: DIMENSIONS }, (_, d) => (d === 0 ? 3 : d === 1 ? -4 : 0));
    const rows = new Int8Array(2 * DIMENSIONS);
    quantise(raw, rows, DIMENSIONS, 'pay');
    expect(rows[DIMENSIONS]).toBe(Math.round(0.6 * SCALE));
    expect(rows[DIMENSIONS + 1]).toBe(Math.round(-0.8 * SCALE));
    expect(rows.slice(0, DIMENSIONS).every((x) => x === 0)).toBe(true);
  });

  it('refuses an all-zero vector, naming the word', () => {
    const zeros = new Array<number>(DIMENSIONS).fill(0);
    expect(() => quantise(zeros, new Int8Array(DIMENSIONS), 0, 'salary')).toThrow(UsageError);
    expect(() => quantise(zeros, new Int8Array(DIMENSIONS), 0, 'salary')).toThrow(/'salary'/);
  });
});

describe('isWordLike', () => {
  it('spends no row on pure punctuation or on phrases', () => {
    expect(isWordLike('salary')).toBe(true);
    expect(isWordLike('2025')).toBe(true);
    expect(isWordLike(',')).toBe(false);
    expect(isWordLike('x y')).toBe(false);
  });
});
