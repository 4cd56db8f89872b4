import { describe, expect, it } from 'vitest';
import type { EvalQuestion } from '../../src/cli/evaluate.js';
import { kindOf, problemsOf, sameText, splitHalves } from '../../scripts/split/split-set.js';

const guide = 'The average salary is $44,460 per year. Skills: communication, organization.';
const headings = new Set(['How much is the salary?', 'What skills?']);

describe('problemsOf: a writer line checked against the guide', () => {
  it('accepts exact quotes under real headings, and an off-topic line as it is', () => {
    expect(
      problemsOf(
        { q: 'pay?', sections: ['How much is the salary?'], facts: ['$44,460 per year'] },
        guide,
        headings,
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        { q: 'skills?', sections: ['What skills?'], items: ['communication', 'organization'] },
        guide,
        headings,
      ),
    ).toEqual([]);
    expect(problemsOf({ q: 'weather?', outOfScope: true }, guide, headings)).toEqual([]);
  });

  it('names a paraphrased fact, an unknown heading and a missing fact', () => {
    expect(
      problemsOf(
        { q: 'pay?', sections: ['How much is the salary?'], facts: ['$44460 a year'] },
        guide,
        headings,
      ),
    ).toEqual(['not a quote of the guide: $44460 a year']);
    expect(
      problemsOf({ q: 'pay?', sections: ['Salary'], facts: ['$44,460 per year'] }, guide, headings),
    ).toEqual(['no such heading: Salary']);
    expect(problemsOf({ q: 'pay?', sections: ['How much is the salary?'] }, guide, headings)).toEqual([
      'no facts',
    ]);
  });
});

describe('splitHalves', () => {
  const questions: EvalQuestion[] = [
    ...Array.from({ length: 5 }, (_, i) => ({ q: `in ${i}`, sections: ['s'], facts: ['f'], writer: 'a' })),
    ...Array.from({ length: 4 }, (_, i) => ({ q: `off ${i}`, outOfScope: true, writer: 'a' })),
    ...Array.from({ length: 3 }, (_, i) => ({ q: `list ${i}`, sections: ['s'], items: ['x'], writer: 'a' })),
    ...Array.from({ length: 2 }, (_, i) => ({ q: `b off ${i}`, outOfScope: true, writer: 'b' })),
  ];

  it('halves each writer and kind, the odd one to tune, losing and repeating nothing', () => {
    const { tune, test } = splitHalves(questions, '14');
    const count = (half: EvalQuestion[], writer: string, kind: string) =>
      half.filter((q) => q.writer === writer && kindOf(q) === kind).length;
    expect([count(tune, 'a', 'in'), count(test, 'a', 'in')]).toEqual([3, 2]);
    expect([count(tune, 'a', 'off'), count(test, 'a', 'off')]).toEqual([2, 2]);
    expect([count(tune, 'a', 'list'), count(test, 'a', 'list')]).toEqual([2, 1]);
    expect([count(tune, 'b', 'off'), count(test, 'b', 'off')]).toEqual([1, 1]);
    expect(new Set([...tune, ...test].map((q) => q.q)).size).toBe(questions.length);
  });

  it('gives the same halves for the same seed, whatever the input order, and others for another seed', () => {
    const once = splitHalves(questions, '14').test.map((q) => q.q);
    expect(
      splitHalves([...questions].reverse(), '14')
        .test.map((q) => q.q)
        .sort(),
    ).toEqual([...once].sort());
    const seeds = ['1', '2', '3', '4', '5'].map((seed) =>
      splitHalves(questions, seed)
        .test.map((q) => q.q)
        .sort()
        .join(),
    );
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});

describe('sameText', () => {
  it('reads case and spacing alike', () => {
    expect(sameText('Whats  15% of 240 ')).toBe(sameText('whats 15% of 240'));
  });
});
