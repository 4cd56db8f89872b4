import { describe, expect, it } from 'vitest';
import {
  describeInvalidQuestion,
  describeLanguageRefusal,
  describeMissingFigure,
  describeNotice,
  describeRefusal,
  HEDGE_INTRO,
  MODEL_FALLBACK_NOTE,
  wordAnswer,
} from '../../src/app/wording.js';
import type { AnswerResult, SectionRef } from '../../src/core/types.js';

const salary: SectionRef = {
  heading: 'How much is the salary?',
  headingPath: 'Guide › How much is the salary?',
  anchor: 'how-much-is-the-salary',
  source: 'guide.md',
};

function result(overrides: Partial<AnswerResult>): AnswerResult {
  return {
    question: 'q',
    answer: '',
    grounded: false,
    outcome: 'answered',
    citations: [],
    suggestions: [],
    mode: 'extractive',
    timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
    ...overrides,
  };
}

describe('wording', () => {
  it('says the guide does not cover a question and names the closest sections', () => {
    expect(describeRefusal([salary])).toBe(
      "The guide doesn't cover that. The closest sections are: “How much is the salary?”.",
    );
    expect(describeRefusal([])).toBe("The guide doesn't cover that.");
    expect(describeRefusal([salary], 'duration')).toBe(
      "The guide doesn't cover that (it gives no duration). The closest sections are: “How much is the salary?”.",
    );
    expect(describeRefusal([], 'money')).toBe("The guide doesn't cover that (it gives no amount).");
  });

  it('words every rejection code, naming both lengths for a long question', () => {
    expect(describeInvalidQuestion('empty', { length: 0, maxLength: 500 })).toMatch(/empty/);
    expect(describeInvalidQuestion('no_text', { length: 3, maxLength: 500 })).toMatch(/in words/);
    const long = describeInvalidQuestion('too_long', { length: 812, maxLength: 500 });
    expect(long).toContain('812');
    expect(long).toContain('500');
  });

  it('gives readers the quoted answer, the refusal or the rejection, from the outcome', () => {
    expect(wordAnswer(result({ answer: 'It pays $1 [1].' }))).toBe('It pays $1 [1].');
    expect(wordAnswer(result({ outcome: 'out_of_scope', suggestions: [salary] }))).toMatch(/doesn't cover/);
    expect(
      wordAnswer(result({ outcome: 'invalid', invalid: { code: 'empty', length: 0, maxLength: 500 } })),
    ).toMatch(/empty/);
  });

  it('says it answers in English, with the closest sections, when the question is in another language', () => {
    expect(wordAnswer(result({ outcome: 'out_of_scope', language: 'other', suggestions: [salary] }))).toBe(
      'I answer in English, from the English guide. The closest sections are: “How much is the salary?”.',
    );
    expect(describeLanguageRefusal([])).toBe('I answer in English, from the English guide.');
  });

  it('says first that the guide lacks the figure asked for, then gives the quoted answer', () => {
    const words = wordAnswer(result({ answer: 'Training covers billing [1].', missingFigure: 'duration' }));
    expect(words).toBe(`${describeMissingFigure('duration')}\nTraining covers billing [1].`);
    expect(describeMissingFigure('duration')).toMatch(/doesn't say how long/);
    for (const kind of ['money', 'percentage', 'count'] as const) {
      expect(describeMissingFigure(kind)).toMatch(
        /^The guide doesn't give that \w+\. Here is what it does say:$/,
      );
    }
  });

  it('says which figure is missing rather than the hedge when both apply', () => {
    const words = wordAnswer(result({ answer: 'Training [1].', hedged: true, missingFigure: 'duration' }));
    expect(words).toBe(`${describeMissingFigure('duration')}\nTraining [1].`);
  });

  it('puts a hedged list answer under the hedge, and a hedged sentence after it', () => {
    expect(wordAnswer(result({ answer: '- Hospitals. [1]', hedged: true }))).toBe(
      `${HEDGE_INTRO}\n- Hospitals. [1]`,
    );
    expect(wordAnswer(result({ answer: 'It pays $1 [1].', hedged: true }))).toBe(
      `${HEDGE_INTRO} It pays $1 [1].`,
    );
  });

  it('notes when the model was unavailable, and nothing otherwise', () => {
    expect(describeNotice({ notice: 'model_unavailable' })).toBe(MODEL_FALLBACK_NOTE);
    expect(describeNotice({})).toBeUndefined();
  });
});
