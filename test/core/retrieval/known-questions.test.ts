import { describe, expect, it } from 'vitest';
import {
  ANSWER_NEIGHBOURS,
  closestAnswers,
  meanOfClosest,
  NEAR_QUESTIONS,
} from '../../../src/core/retrieval/known-questions.js';

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

  it('agrees with sorting everything, on many random lists', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    for (let trial = 0; trial < 50; trial++) {
      const lists = [Array.from({ length: trial * 3 }, random), Array.from({ length: trial % 7 }, random)];
      const k = 1 + (trial % 12);
      const top = lists
        .flat()
        .sort((a, b) => b - a)
        .slice(0, k);
      const expected = top.length === 0 ? 0 : top.reduce((a, b) => a + b, 0) / top.length;
      expect(meanOfClosest(lists, k)).toBeCloseTo(expected, 12);
    }
  });
});

describe('closestAnswers', () => {
  const known = (sectionKey: string, answer?: string) => ({
    sectionKey,
    vector: [],
    ...(answer ? { answer } : {}),
  });

  it('gives the answer sentences of the k closest known questions, closest first', () => {
    const questions = [
      known('a', 'A one.'),
      known('b', 'B one.'),
      known('a', 'A two.'),
      known('c', 'C one.'),
    ];
    expect(closestAnswers(questions, [0.2, 0.9, 0.5, 0.7], 3)).toEqual([
      { sectionKey: 'b', answer: 'B one.', similarity: 0.9 },
      { sectionKey: 'c', answer: 'C one.', similarity: 0.7 },
      { sectionKey: 'a', answer: 'A two.', similarity: 0.5 },
    ]);
  });

  it('lets a close question without an answer sentence take its place among the k', () => {
    const questions = [known('a', 'A one.'), known('b'), known('c', 'C one.')];
    expect(closestAnswers(questions, [0.3, 0.9, 0.6], 2)).toEqual([
      { sectionKey: 'c', answer: 'C one.', similarity: 0.6 },
    ]);
    expect(closestAnswers([], [])).toEqual([]);
  });

  it('agrees with sorting everything, keeping five by default', () => {
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const questions = Array.from({ length: 60 }, (_, i) => known(`s${i % 4}`, `Sentence ${i}.`));
    const similarities = questions.map(random);
    const expected = similarities
      .map((similarity, i) => ({ i, similarity }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, ANSWER_NEIGHBOURS)
      .map(({ i }) => `Sentence ${i}.`);
    expect(closestAnswers(questions, similarities).map((a) => a.answer)).toEqual(expected);
  });
});
