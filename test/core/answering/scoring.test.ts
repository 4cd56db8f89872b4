import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/core/answering/candidates.js';
import { HAND_SET_UNIT_WEIGHTS, scorePart } from '../../../src/core/answering/scoring.js';

/** scorePart on two units that tie on every feature but the soft word match. */
describe('scorePart: the soft word match', () => {
  const section = { key: 'guide.md#skills', rank: 0 } as unknown as Candidate['section'];
  const candidate = (line: number, text: string) =>
    ({ section, line, index: 0, text, isLead: false, isItem: false, introducesList: false }) as Candidate;
  const candidates = [
    candidate(0, 'Employers value scribing and coaching.'),
    candidate(1, 'They must exhibit empathy and kindness.'),
  ];
  const score = (softWords: number[] | undefined, weight: number) =>
    scorePart({
      part: { text: 'soft skills', form: 'soft skills', terms: [] },
      queryTerms: [],
      vector: [1, 0],
      candidates,
      vectors: [
        [0.5, 0.5],
        [0.5, 0.5],
      ],
      idf: () => 1,
      sectionPrior: () => 0,
      weights: { ...HAND_SET_UNIT_WEIGHTS, softWords: weight },
      ...(softWords ? { softWords } : {}),
    }).ranked.map((s) => s.candidate.text);

  it('ranks the unit whose words come closer to the question first, by its fitted weight', () => {
    expect(score([0.1, 0.6], 0.2)[0]).toBe('They must exhibit empathy and kindness.');
    expect(score([0.6, 0.1], 0.2)[0]).toBe('Employers value scribing and coaching.');
  });

  it('changes nothing with a weight of 0 (the hand-set weights) or without the match', () => {
    expect(score([0.1, 0.6], 0)).toEqual(score(undefined, 0.2));
  });
});
