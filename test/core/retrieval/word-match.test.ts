import { describe, expect, it } from 'vitest';
import { WordMatchIndex } from '../../../src/core/retrieval/word-match.js';
import { DEFAULT_WORD_VECTORS_DIR, loadWordVectors } from '../../../src/core/words/word-vectors.js';

const vectors = loadWordVectors(DEFAULT_WORD_VECTORS_DIR);
const sections = new Map([
  ['pay', 'How much is the salary? The average salary is high and wages grow with experience.'],
  ['places', 'Where can they work? Hospitals, dental offices and clinics employ them.'],
  ['remote', 'Are there opportunities for remote work? Some roles allow working from home.'],
]);
const index = WordMatchIndex.build(sections, vectors);
const flat = () => 1;

describe('WordMatchIndex', () => {
  it('finds the section whose words mean what the question says in other words', () => {
    const best = (question: string) =>
      [...index.scores(question, flat).entries()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(best('how big is the paycheck')).toBe('pay');
    expect(best('can a dentist hire me')).toBe('places');
  });

  it('scores 0 everywhere for a question without words it knows', () => {
    expect([...index.scores('zzqx wfh', flat).values()].every((v) => v === 0)).toBe(true);
  });

  it("measures how well a section's own words cover each word of the question", () => {
    const [salary, canada] = index.coverIn('salary canada', ['pay']);
    expect(salary).toBeCloseTo(1, 2);
    expect(canada!).toBeLessThan(0.6);
    expect(index.coverage('salary zzqx', 0.5)).toBe(0.5);
  });

  it('answers the same when the words come again (kept from the last questions)', () => {
    const fresh = WordMatchIndex.build(sections, vectors);
    const first = [...fresh.scores('is the paycheck good in a clinic', flat)];
    const cover = fresh.coverIn('paycheck clinic', ['pay', 'places']);
    expect([...fresh.scores('is the paycheck good in a clinic', flat)]).toEqual(first);
    expect(fresh.coverIn('paycheck clinic', ['pay', 'places'])).toEqual(cover);
    expect(first).toEqual([...index.scores('is the paycheck good in a clinic', flat)]);
  });

  it('covers a word over several sections with the closest word of any of them', () => {
    const [pay] = index.coverIn('paycheck', ['pay']);
    const [places] = index.coverIn('paycheck', ['places']);
    expect(index.coverIn('paycheck', ['places', 'pay', 'unknown-key'])).toEqual([Math.max(pay!, places!)]);
    expect(index.coverIn('paycheck', [])).toEqual([0]);
  });
});
