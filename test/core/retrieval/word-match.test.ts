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

describe('WordMatchIndex.unitScores', () => {
  it("scores a sentence by how close its words come to the question's, in other words too", () => {
    const [pay, places] = index.unitScores(
      'how big is the paycheck',
      ['The average salary is high and wages grow.', 'Hospitals, dental offices and clinics employ them.'],
      flat,
    );
    expect(pay!).toBeGreaterThan(places!);
    // The question's own word in the sentence counts in full.
    expect(index.unitScores('salary', ['The average salary is high.'], flat)[0]).toBeCloseTo(1, 2);
  });

  it('scores 0 for every sentence when the question has no word GloVe knows, or a sentence none', () => {
    expect(index.unitScores('zzqx', ['The average salary is high.'], flat)).toEqual([0]);
    expect(index.unitScores('salary', ['zzqx qqzx.'], flat)).toEqual([0]);
  });

  it("weighs the question's words by the weight given (rare words count more)", () => {
    const texts = ['Dental offices employ them.'];
    const dentalHeavy = index.unitScores('dentist paycheck', texts, (t) =>
      t.startsWith('dentist') ? 10 : 1,
    );
    const payHeavy = index.unitScores('dentist paycheck', texts, (t) => (t.startsWith('paycheck') ? 10 : 1));
    expect(dentalHeavy[0]!).toBeGreaterThan(payHeavy[0]!);
  });
});
