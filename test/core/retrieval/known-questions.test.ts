import { describe, expect, it } from 'vitest';
import { meanOfClosest, NEAR_QUESTIONS } from '../../../src/core/retrieval/known-questions.js';

describe('meanOfClosest', () => {
  it('averages the k largest similarities across all the lists', () => {
    expect(meanOfClosest([[0.1, 0.9, 0.3], new Float64Array([0.7, 0.2])], 3)).toBeCloseTo(
      (0.9 + 0.7 + 0.3) / 3,
      12,
    );
  });

  it('averages all of them when there are fewer than k, and gives 0 for none', () => {
    expect(meanOfClosest([[0.4, 0.6]], 10)).toBeCloseTo(0.5, 12);
    expect(meanOfClosest([[], []])).toBe(0);
  });

  it('keeps ten by default, whatever order they come in', () => {
    const values = Array.from({ length: 40 }, (_, i) => (i * 37) % 40);
    // The ten largest of 0..39 are 30..39.
    expect(NEAR_QUESTIONS).toBe(10);
    expect(meanOfClosest([values])).toBeCloseTo(34.5, 12);
  });
});
