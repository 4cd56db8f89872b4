import { describe, expect, it } from 'vitest';
import type { RetrievedPassage } from '../../../src/core/types.js';
import { expectGroundedAnswer } from './grounding.js';

/** The grounding check every answer test relies on: what it accepts and what it rejects. */

describe('the grounding check', () => {
  const passage: RetrievedPassage = {
    heading: 'Salary',
    headingPath: 'Salary',
    anchor: 'salary',
    source: 'guide.md',
    chunkId: 'guide.md#salary:0',
    text: 'The average salary is $44,460 per year. Entry-level pay is lower.\n- Location. Cities pay more.',
    score: 1,
  };
  const citation = {
    n: 1,
    heading: 'Salary',
    headingPath: 'Salary',
    anchor: 'salary',
    source: 'guide.md',
    chunkId: passage.chunkId,
    score: 1,
    quote: passage.text,
  };

  it('accepts a faithful answer, list items included', () => {
    expect(() =>
      expectGroundedAnswer('The average salary is $44,460 per year. [1]\n- Location.', [citation], [passage]),
    ).not.toThrow();
  });

  it('accepts words left out and marked "…" when the pieces are word for word and in order', () => {
    expect(() =>
      expectGroundedAnswer('The average salary … is lower. [1]', [citation], [passage]),
    ).not.toThrow();
  });

  it.each([
    ['a reworded sentence', 'The mean salary is $44,460 per year. [1]', [citation], [passage]],
    ['a marker naming no citation', 'The average salary is $44,460 per year. [2]', [citation], [passage]],
    [
      'a sentence without a marker',
      'The average salary is $44,460 per year. [1] Entry-level pay is lower.',
      [citation],
      [passage],
    ],
    [
      'a citation of a passage that was not retrieved',
      'The average salary is $44,460 per year. [1]',
      [citation],
      [],
    ],
    ['pieces around "…" out of order', 'Entry-level pay … The average salary [1]', [citation], [passage]],
    [
      'a section cited twice',
      'The average salary is $44,460 per year. [1] Entry-level pay is lower. [2]',
      [citation, { ...citation, n: 2 }],
      [passage],
    ],
    [
      'a citation never named in the text',
      'The average salary is $44,460 per year. [1]',
      [citation, { ...citation, n: 2 }],
      [passage],
    ],
  ] as const)('rejects %s', (_name, answer, citations, passages) => {
    expect(() => expectGroundedAnswer(answer, citations, passages)).toThrow();
  });
});
