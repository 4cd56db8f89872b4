import { describe, expect, it } from 'vitest';
import {
  checkGeneratedQuestion,
  parseQuestionLines,
  selectGeneratedQuestions,
  splitAnswer,
} from '../../src/ingest/question-checks.js';

const HEADING = 'How much honey does a hive produce?';

describe('reading a model reply', () => {
  it('takes one question a line, without list markers or wrapping quotes', () => {
    expect(
      parseQuestionLines('1. How big is a hive?\n- "Do bees sleep?"\n\n* Q: Is it loud?\n2) Why?'),
    ).toEqual(['How big is a hive?', 'Do bees sleep?', 'Is it loud?', 'Why?']);
  });

  it('reads a JSON array of strings, and falls back to lines when it is not JSON', () => {
    expect(parseQuestionLines('["How big is a hive?", 3, "Do bees sleep?"]')).toEqual([
      'How big is a hive?',
      'Do bees sleep?',
    ]);
    expect(parseQuestionLines('[not json\nDo bees sleep?')).toEqual(['[not json', 'Do bees sleep?']);
  });
});

describe('checking a generated question', () => {
  const none = new Set<string>();
  it('accepts a real question in other words than the heading', () => {
    expect(checkGeneratedQuestion('How many jars will one colony fill?', HEADING, none)).toBeUndefined();
  });

  it('refuses what is not a question, too short, too long, the heading again, or a duplicate', () => {
    expect(checkGeneratedQuestion('Honey yields vary a lot by season.', HEADING, none)).toBe(
      'not_a_question',
    );
    expect(checkGeneratedQuestion('Why bees?', HEADING, none)).toBe('too_short');
    expect(checkGeneratedQuestion(`${'Why is that so '.repeat(20)}?`, HEADING, none)).toBe('too_long');
    expect(checkGeneratedQuestion('how much honey does a hive produce?', HEADING, none)).toBe(
      'copies_heading',
    );
    expect(checkGeneratedQuestion('How much honey does a hive produce??', HEADING, none)).toBe(
      'copies_heading',
    );
    expect(
      checkGeneratedQuestion(
        'How many jars will one colony fill?',
        HEADING,
        new Set(['how many jars will one colony fill']),
      ),
    ).toBe('duplicate');
  });
});

describe('selecting the questions of a reply', () => {
  it('keeps at most `count` usable ones in order, none twice, none of the known questions', () => {
    const reply = [
      'How many jars will one colony fill?',
      'HOW MANY JARS WILL ONE COLONY FILL?',
      'Honey.',
      'Is a first-year harvest worth it?',
      'What do maintainers already ask here?',
      'When can I take my first harvest?',
      'A fourth good question, would it be kept?',
    ].join('\n');
    const { questions, rejected } = selectGeneratedQuestions({
      reply,
      heading: HEADING,
      count: 3,
      known: ['What do maintainers already ask here?'],
    });
    expect(questions).toEqual([
      'How many jars will one colony fill?',
      'Is a first-year harvest worth it?',
      'When can I take my first harvest?',
    ]);
    expect(rejected.map((r) => r.reason)).toEqual(['duplicate', 'too_short', 'duplicate']);
  });
});

describe('answer sentences in a model reply', () => {
  it('reads the sentence after " || " as the answer, without wrapping quotes; a line without one is a question', () => {
    expect(splitAnswer('How much honey? || "A hive gives 25 kg a year."')).toEqual({
      question: 'How much honey?',
      answer: 'A hive gives 25 kg a year.',
    });
    expect(splitAnswer('How much honey?')).toEqual({ question: 'How much honey?' });
    expect(splitAnswer('How much honey? ||   ')).toEqual({ question: 'How much honey?' });
  });

  it('checks the question alone and keeps its answer beside it', () => {
    const { questions, answers } = selectGeneratedQuestions({
      reply: 'How much honey will one hive give me? || A hive gives 25 kg a year.\nDo bees sleep at night?',
      heading: HEADING,
      count: 3,
    });
    expect(questions).toEqual(['How much honey will one hive give me?', 'Do bees sleep at night?']);
    expect([...answers]).toEqual([['How much honey will one hive give me?', 'A hive gives 25 kg a year.']]);
  });
});
