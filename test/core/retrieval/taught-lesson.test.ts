import { describe, expect, it } from 'vitest';
import type { ScopeEvidence } from '../../../src/core/scope/judge-scope.js';
import type { SectionHit } from '../../../src/core/retrieval/retrieval-types.js';
import {
  applyTaughtScope,
  findTaughtLesson,
  promoteTaughtSection,
} from '../../../src/core/retrieval/taught-lesson.js';

const refused: ScopeEvidence = {
  contentWords: ['sneakers'],
  knownWords: [],
  coverage: 0,
  semantic: 0.3,
  inScope: false,
  decision: 'refuse',
  reason: 'scope model p=0.1',
};

const hit = (key: string) => ({ key, score: 1 }) as unknown as SectionHit;

describe('a question a moderator taught', () => {
  it('matches the same question only, not a mere neighbour', () => {
    const taught = [
      { sectionKey: 'g.md#dress', vector: [1, 0, 0] },
      { sectionKey: 'g.md#pay', vector: [0.9, 0.44, 0] },
    ];
    expect(findTaughtLesson([2, 0, 0], taught)).toEqual({ sectionKey: 'g.md#dress', similarity: 1 });
    expect(findTaughtLesson([0.6, 0.8, 0], taught)).toBeUndefined();
    expect(findTaughtLesson([1, 0, 0], [])).toBeUndefined();
  });

  it('puts the taught section first and answers instead of refusing', () => {
    const lesson = { sectionKey: 'g.md#dress', similarity: 0.99 };
    const sections = [hit('g.md#pay'), hit('g.md#dress'), hit('g.md#skills')];
    expect(promoteTaughtSection(sections, lesson).map((s) => s.key)).toEqual([
      'g.md#dress',
      'g.md#pay',
      'g.md#skills',
    ]);
    expect(applyTaughtScope(refused, lesson)).toMatchObject({ inScope: true, decision: 'answer' });
    expect(applyTaughtScope(refused, undefined)).toBe(refused);
    expect(promoteTaughtSection(sections, undefined).map((s) => s.key)).toEqual([
      'g.md#pay',
      'g.md#dress',
      'g.md#skills',
    ]);
  });
});
