import { describe, expect, it } from 'vitest';
import {
  asksForEvery,
  listCue,
  askedOnItsOwn,
  separateStatements,
  splitQuestion,
} from '../../../src/core/answering/question-form.js';

describe('separateStatements', () => {
  it('keeps what the member tells apart from what they ask', () => {
    expect(
      separateStatements("I'm 35 and spent a decade in retail. Is this job stressful? Just curious."),
    ).toEqual({
      questions: ['Is this job stressful?'],
      statements: ["I'm 35 and spent a decade in retail.", 'Just curious.'],
    });
  });

  it('reads a message without a question mark as one question', () => {
    expect(separateStatements('how much do they make')).toEqual({
      questions: ['how much do they make'],
      statements: [],
    });
    // The last sentence is the question when the member leaves out its "?".
    expect(separateStatements('I work nights. can I do this part time')).toEqual({
      questions: ['can I do this part time'],
      statements: ['I work nights.'],
    });
  });

  it('does not end a sentence at an abbreviation', () => {
    expect(separateStatements('How many people do this job in the U.S. right now?').questions).toEqual([
      'How many people do this job in the U.S. right now?',
    ]);
    expect(separateStatements('Front desk vs. billing, e.g. which pays more? Thanks.')).toEqual({
      questions: ['Front desk vs. billing, e.g. which pays more?'],
      statements: ['Thanks.'],
    });
  });
});

describe('splitQuestion', () => {
  it('splits a message into its questions, and a single question stays whole', () => {
    expect(splitQuestion('How much do they make? And where do they work?').map((p) => p.text)).toEqual([
      'How much do they make?',
      'And where do they work?',
    ]);
    expect(splitQuestion('what certs are there and do I need one').map((p) => p.text)).toEqual([
      'what certs are there',
      'do I need one',
    ]);
    expect(splitQuestion('I work in retail. Is it stressful?').map((p) => p.text)).toEqual([
      'I work in retail. Is it stressful?',
    ]);
  });
});

describe('askedOnItsOwn', () => {
  it.each(['job outlook?', 'how fast is the job growing', 'Do I need a degree', 'whats the pay'])(
    'takes %j as a question of its own',
    (part) => expect(askedOnItsOwn(part)).toBe(true),
  );
  it.each(['like typical shift length', 'im new at my job and confused', 'quick pls'])(
    'takes %j as adding to what was asked',
    (part) => expect(askedOnItsOwn(part)).toBe(false),
  );
});

describe('asksForEvery and listCue', () => {
  it.each([
    'list the certifications',
    'what school do i need, all the options',
    'all of the places that hire?',
  ])('"%s" asks for every one of several things', (question) => {
    expect(asksForEvery(question)).toBe(true);
    expect(listCue(question)).toBe('strong');
  });

  it.each(['is that all', 'do they work all day', 'what is NAHAM'])('"%s" does not', (question) => {
    expect(asksForEvery(question)).toBe(false);
  });
});
