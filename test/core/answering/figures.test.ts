import { describe, expect, it } from 'vitest';
import { askedFigure, asksToCompare, givesAskedFigure } from '../../../src/core/answering/figures.js';

describe('askedFigure', () => {
  it.each([
    ['how much do MAAs make?', 'money'],
    ['How much is the salary?', 'money'],
    ['how much for the CMAA exam', 'money'],
    ['what does the exam cost', 'money'],
    ['how long does training take', 'duration'],
    ['what percent of employers want certification', 'percentage'],
    ['how many jobs open each year', 'count'],
  ])('reads "%s" as asking for %s', (question, kind) => {
    expect(askedFigure(question)).toBe(kind);
  });

  it.each([
    'How much honey does a hive produce?',
    'how much experience do I need?',
    'what affects how much you earn',
  ])('asks no amount of money in "%s"', (question) => {
    expect(askedFigure(question)).not.toBe('money');
  });
});

describe('asksToCompare', () => {
  it.each([
    ['would that pay more?', true],
    ["Do hospitals pay better than doctors' offices?", true],
    ['is the pay higher in cities', true],
    ['how much more do certified MAAs make?', false],
    ['what is the pay?', false],
    ['does it pay well', false],
  ])('"%s" compares: %s', (question, compares) => {
    expect(asksToCompare(question)).toBe(compares);
  });
});

describe('givesAskedFigure', () => {
  const yearly = 'The average salary is approximately $44,460 per year.';

  it.each([
    ['how much do they make a year', true],
    ['what is the annual salary', true],
    ['how much do they make', true],
    ['hourly wage?', false],
    ['how much do they make per hour', false],
    ['how much a month do they earn', false],
    ['how much do they earn in pounds', false],
    ['how much in dollars', true],
  ])('for "%s" a yearly dollar salary answers: %s', (question, gives) => {
    expect(givesAskedFigure(yearly, 'money', question)).toBe(gives);
  });

  it('takes an hourly amount in pounds for an hourly question in pounds', () => {
    expect(givesAskedFigure('Trainees earn £12 an hour.', 'money', 'hourly pay in pounds?')).toBe(true);
  });

  it('needs a figure of the kind asked', () => {
    expect(givesAskedFigure('Pay rises with experience.', 'money', 'how much do they make')).toBe(false);
    expect(givesAskedFigure('Most finish in 9 months.', 'duration', 'how long is training')).toBe(true);
  });
});
