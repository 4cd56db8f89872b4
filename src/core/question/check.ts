import type { InvalidQuestionCode } from '../types.js';

/** A question ready for retrieval, or why it cannot be answered (a code; the front ends word it). */
export type QuestionCheck =
  | { ok: true; question: string }
  | { ok: false; code: InvalidQuestionCode; length: number; maxLength: number };

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
  const rejected = (code: InvalidQuestionCode): QuestionCheck => ({
    ok: false,
    code,
    length: question.length,
    maxLength,
  });
  if (question.length === 0) return rejected('empty');
  if (question.length > maxLength) return rejected('too_long');
  if (!/[\p{L}\p{N}]/u.test(question)) return rejected('no_text');
  return { ok: true, question };
}
