import { describe, expect, it } from 'vitest';
import { asksArithmetic } from '../../../src/core/scope/arithmetic.js';

describe('asksArithmetic', () => {
  it.each([
    '2+2?',
    'whats 15% of 240',
    'what is 17 x 23',
    'whats 783,900 divided by 12 lol',
    'calculate 44460/12',
  ])('"%s" is a sum to work out', (question) => expect(asksArithmetic(question)).toBe(true));

  it.each([
    // A figure with something it is about, or checked against another, is a question about the guide.
    'is 15% growth a lot?',
    '$44,460 a year or a month?',
    '15% or 16%?',
    'what is 2023 vs 2024 pay',
    // One number is no sum.
    'what is 15%',
  ])('"%s" is not', (question) => expect(asksArithmetic(question)).toBe(false));
});
