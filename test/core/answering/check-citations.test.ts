import { describe, expect, it } from 'vitest';
import { checkCitations, refusesToAnswer } from '../../../src/core/answering/check-citations.js';

describe('checkCitations', () => {
  it('removes an invented [7] when only three passages were given and keeps the real ones', () => {
    const result = checkCitations(
      'Greet patients at the desk [1]. Bill insurers monthly [7]. Keep records [3].',
      3,
    );
    expect(result.text).toBe('Greet patients at the desk [1]. Bill insurers monthly. Keep records [3].');
    expect(result.cited).toEqual([1, 3]);
  });

  it('flags an answer with no valid citation by returning an empty cited list', () => {
    const result = checkCitations('Medical assistants earn a lot [4][9].', 3);
    expect(result.cited).toEqual([]);
    expect(result.text).toBe('Medical assistants earn a lot.');
  });

  it('flags an answer that cites nothing at all', () => {
    expect(checkCitations('Medical assistants schedule visits.', 3).cited).toEqual([]);
  });

  it('keeps only the valid numbers of a mixed group', () => {
    expect(checkCitations('Scheduling matters [2, 9].', 3)).toEqual({
      text: 'Scheduling matters [2].',
      cited: [2],
    });
  });

  it('keeps adjacent valid markers and drops the invalid one among them', () => {
    expect(checkCitations('Coding and billing [1][5][2].', 2)).toEqual({
      text: 'Coding and billing [1][2].',
      cited: [1, 2],
    });
  });

  it('reads ranges and lists as every number in them and writes them out as explicit lists', () => {
    expect(checkCitations('See [1-3] and [2, 4].', 4).cited).toEqual([1, 2, 3, 4]);
    expect(checkCitations('See [1–3] and [2,4].', 4).text).toBe('See [1, 2, 3] and [2, 4].');
  });

  it('trims a range that runs past the last passage', () => {
    expect(checkCitations('Duties [2-6].', 3)).toEqual({ text: 'Duties [2, 3].', cited: [2, 3] });
  });

  it('treats [0] as invalid', () => {
    expect(checkCitations('Zero [0].', 3)).toEqual({ text: 'Zero.', cited: [] });
  });

  it('tidies the space a removed marker leaves, at line starts and inside parentheses', () => {
    const text = '[8] First line.\nSecond line ([9]) ends here [1].\n- item [12] more';
    expect(checkCitations(text, 2).text).toBe('First line.\nSecond line ends here [1].\n- item more');
  });

  it('leaves brackets that are not citations alone', () => {
    const text = 'Use the [front desk] form [^1] and [link](https://example.org) [2].';
    expect(checkCitations(text, 2)).toEqual({ text, cited: [2] });
  });

  it('returns sorted unique numbers', () => {
    expect(checkCitations('a [3] b [1] c [3] d [2, 1]', 3).cited).toEqual([1, 2, 3]);
  });
});

describe('refusesToAnswer', () => {
  it('recognises the prescribed refusal and common paraphrases', () => {
    expect(refusesToAnswer('The guide does not cover this.')).toBe(true);
    expect(refusesToAnswer("Sorry, the guide doesn't cover salaries in Canada.")).toBe(true);
    expect(refusesToAnswer('The passages do not mention parking.')).toBe(true);
    expect(refusesToAnswer('That is not covered in the guide.')).toBe(true);
  });

  it('does not mistake an answer for a refusal', () => {
    expect(refusesToAnswer('Medical administrative assistants schedule appointments [1].')).toBe(false);
    const partial =
      'Medical administrative assistants schedule appointments, answer phones, and update records [1]. They also verify insurance and handle billing questions [2]. ' +
      'They work in clinics, hospitals and private practices, usually full time [3]. The guide does not cover salaries outside the United States.';
    expect(refusesToAnswer(partial)).toBe(false);
  });
});
