import type { InvalidQuestionCode } from '../types.js';

export type QuestionCheck =
  { ok: true; question: string } | { ok: false; code: InvalidQuestionCode; message: string };

/**
 * Cleans a question (control characters out, whitespace collapsed) and rejects what cannot be answered:
 * nothing at all, more than `maxLength` characters, or no letters or digits (only emoji or punctuation).
 */
export function checkQuestion(raw: string, maxLength: number): QuestionCheck {
  const question = raw
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (question.length === 0) {
    return { ok: false, code: 'empty', message: 'Please ask a question: the message was empty.' };
  }
  if (question.length > maxLength) {
    return {
      ok: false,
      code: 'too_long',
      message: `That question is ${question.length} characters long; please keep it under ${maxLength}.`,
    };
  }
  if (!/[\p{L}\p{N}]/u.test(question)) {
    return {
      ok: false,
      code: 'no_text',
      message: 'Please ask your question in words; I could not find any.',
    };
  }
  return { ok: true, question };
}
