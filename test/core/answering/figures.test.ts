import { describe, expect, it } from 'vitest';
import { askedFigure } from '../../../src/core/answering/figures.js';

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
