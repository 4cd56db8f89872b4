import { describe, expect, it } from 'vitest';
import { checkQuestion } from '../../../src/core/question/check.js';

const MAX = 100;

describe('checkQuestion', () => {
  it('rejects an empty question with code "empty"', () => {
    const result = checkQuestion('', MAX);
    expect(result).toMatchObject({ ok: false, code: 'empty' });
  });

  it('rejects a whitespace-only question (spaces, tabs, newlines, zero-width spaces) with code "empty"', () => {
    expect(checkQuestion('   \t\n  \r\n ', MAX)).toMatchObject({ ok: false, code: 'empty' });
    expect(checkQuestion('\u200B\u200B\uFEFF', MAX)).toMatchObject({ ok: false, code: 'empty' });
  });

  it('rejects a question longer than maxLength with code "too_long" and both lengths', () => {
    const question = `What ${'x'.repeat(MAX)}?`;
    const result = checkQuestion(question, MAX);
    expect(result).toMatchObject({ ok: false, code: 'too_long' });
    if (result.ok) throw new Error('unreachable');
    expect(result.length).toBe(question.length);
    expect(result.maxLength).toBe(MAX);
  });

  it('accepts a question of exactly maxLength characters', () => {
    const question = `${'a'.repeat(MAX - 1)}?`;
    expect(checkQuestion(question, MAX)).toEqual({ ok: true, question });
  });

  it('measures the length after cleaning, so surrounding whitespace does not make a question too long', () => {
    const question = `${'a'.repeat(MAX - 1)}?`;
    expect(checkQuestion(`   ${question}\n\n   `, MAX)).toEqual({ ok: true, question });
  });

  it('removes control characters and collapses whitespace, keeping the words', () => {
    const result = checkQuestion('\u0007How much\u0000 do\u001B they\r\n\tearn?\u007F', MAX);
    expect(result).toEqual({ ok: true, question: 'How much do they earn?' });
  });

  it('removes invisible format characters (zero-width joiners, bidi overrides)', () => {
    expect(checkQuestion('How\u200B much\u202E do they earn?\uFEFF', MAX)).toEqual({
      ok: true,
      question: 'How much do they earn?',
    });
  });

  it('rejects a question of only emoji with code "no_text"', () => {
    expect(checkQuestion('🐝🍯 👩‍⚕️🙂', MAX)).toMatchObject({ ok: false, code: 'no_text' });
  });

  it('rejects a question of only punctuation with code "no_text"', () => {
    expect(checkQuestion('?!?... --- ¿¡', MAX)).toMatchObject({ ok: false, code: 'no_text' });
  });

  it('rejects with a code for every kind of bad question, and leaves the wording to the front ends', () => {
    const codes = ['', `${'a'.repeat(MAX + 1)}`, '???'].map((raw) => {
      const result = checkQuestion(raw, MAX);
      return result.ok ? 'accepted' : result.code;
    });
    expect(codes).toEqual(['empty', 'too_long', 'no_text']);
  });

  it('passes a normal question through, trimmed, with its emoji and accents kept', () => {
    expect(checkQuestion('  What does a café receptionist earn? 🙂 ', MAX)).toEqual({
      ok: true,
      question: 'What does a café receptionist earn? 🙂',
    });
  });

  it('accepts a question in another script (letters are any Unicode letters)', () => {
    expect(checkQuestion('Сколько они зарабатывают?', MAX)).toEqual({
      ok: true,
      question: 'Сколько они зарабатывают?',
    });
  });
});
