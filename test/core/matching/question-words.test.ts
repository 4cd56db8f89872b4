import { describe, expect, it } from 'vitest';
import {
  distinctStems,
  extractQuestionWords,
  findAcronymRun,
} from '../../../src/core/matching/question-words.js';

describe('extractQuestionWords', () => {
  it('drops stop words and comparison words but keeps the ones that turn a question around', () => {
    const { sequence } = extractQuestionWords('Which city pays the most, MAA vs MA?');
    expect(sequence.map((w) => w.word)).toEqual(['city', 'pays', 'most', 'maa', 'ma']);
  });

  it('numbers content words among themselves (at) and among all words (token)', () => {
    const { sequence } = extractQuestionWords('do they need a college degree');
    const degree = sequence.find((w) => w.word === 'degree');
    const college = sequence.find((w) => w.word === 'college');
    expect(degree!.at).toBe(college!.at + 1);
    expect(degree!.token).toBe(college!.token + 1);
  });
});

describe('distinctStems', () => {
  it('keeps the first word of each stem', () => {
    const { sequence } = extractQuestionWords('assistant assistants salary');
    expect(distinctStems(sequence).map((w) => w.word)).toEqual(['assistant', 'salary']);
  });
});

describe('findAcronymRun', () => {
  const { sequence } = extractQuestionWords('do medical administrative assistants earn well');

  it('finds the words whose initials an acronym spells, plural s allowed', () => {
    expect(findAcronymRun('maas', sequence)?.map((w) => w.word)).toEqual([
      'medical',
      'administrative',
      'assistants',
    ]);
  });

  it('finds nothing for a word that spells no run', () => {
    expect(findAcronymRun('cma', sequence)).toBeUndefined();
  });
});
