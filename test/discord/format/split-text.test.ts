import { describe, expect, it } from 'vitest';
import { splitText, truncateText } from '../../../src/discord/format/split-text.js';

const sentence = (i: number) => `Sentence number ${i} talks about medical billing and coding.`;

describe('splitText', () => {
  it('returns short text unchanged', () => {
    expect(splitText('  Hello there.  ', 2000)).toEqual(['Hello there.']);
  });

  it('keeps every piece within the limit and loses no words', () => {
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join(' ');
    const pieces = splitText(text, 2000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(2000);
    expect(pieces.join(' ').split(/\s+/)).toEqual(text.split(/\s+/));
  });

  it('cuts at sentence ends when there are no line breaks', () => {
    const text = Array.from({ length: 100 }, (_, i) => sentence(i)).join(' ');
    for (const piece of splitText(text, 500)) expect(piece).toMatch(/\.$/);
  });

  it('prefers line breaks over sentence ends', () => {
    const text = `${'a'.repeat(50)}. ${'b'.repeat(30)}\n${'c'.repeat(50)}`;
    expect(splitText(text, 100)).toEqual([`${'a'.repeat(50)}. ${'b'.repeat(30)}`, 'c'.repeat(50)]);
  });

  it('never cuts mid-word when there is any space', () => {
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
    for (const piece of splitText(words, 97)) {
      expect(piece.length).toBeLessThanOrEqual(97);
      expect(piece).toMatch(/^word\d+( word\d+)*$/);
    }
  });

  it('cuts a single word longer than the limit, as the only way to fit it', () => {
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });
});

describe('truncateText', () => {
  it('adds an ellipsis and stays within the limit', () => {
    const text = Array.from({ length: 50 }, (_, i) => sentence(i)).join(' ');
    const short = truncateText(text, 256);
    expect(short.length).toBeLessThanOrEqual(256);
    expect(short.endsWith('…')).toBe(true);
    expect(text.startsWith(short.slice(0, -1))).toBe(true);
  });

  it('leaves text that fits alone', () => {
    expect(truncateText('fits', 10)).toBe('fits');
  });
});
