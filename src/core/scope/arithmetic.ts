import { isStopWord } from '../words/text.js';

/** Signs and words that make numbers a sum ("2+2", "17 x 23", "15% of 240", "783,900 divided by 12"). */
const OPERATOR_SIGNS = /^[-+*/×÷=^]$/;
const OPERATOR_WORDS = new Set(
  'plus minus times x divided multiplied over of percent squared sqrt root calculate calc compute solve equals'.split(
    ' ',
  ),
);

/**
 * Whether the question is a sum to work out: two numbers or more, an operator, and no other word that is
 * not a stop word. The guide is no calculator, and its own figures ("15%") must not pull such a question
 * to a section. A question that also names something ("is 15% growth a lot?", "$44,460 a year or a
 * month?") is not one, nor a figure checked against another ("15% or 16%?").
 */
export function asksArithmetic(question: string): boolean {
  const tokens = question.toLowerCase().match(/\d[\d,.]*%?|\p{L}+|[-+*/×÷=^]/gu) ?? [];
  let numbers = 0;
  let operators = 0;
  for (const token of tokens) {
    if (/^\d/.test(token)) numbers++;
    else if (OPERATOR_SIGNS.test(token) || OPERATOR_WORDS.has(token)) operators++;
    else if (!isStopWord(token)) return false;
  }
  return numbers >= 2 && operators >= 1;
}
