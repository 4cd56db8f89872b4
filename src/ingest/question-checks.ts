/**
 * The checks a model-written question must pass before it is stored with the index
 * (`npm run ingest -- --generate-questions`). Pure: text in, questions out.
 */

/** Length bounds of a generated question, in characters. */
export const GENERATED_QUESTION_LENGTH = Object.freeze({ min: 12, max: 200 });

/** Share of a question's words that may be the heading's before it counts as a copy of the heading. */
const HEADING_COPY_OVERLAP = 0.85;

/**
 * The candidate lines of a model's reply: one question a line, list markers (`1.`, `-`, `*`, `Q:`) and
 * wrapping quotes removed; a reply given as a JSON array of strings is read as such.
 */
export function parseQuestionLines(reply: string): string[] {
  const trimmed = reply.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed.filter((q): q is string => typeof q === 'string').map(clean);
    } catch {
      // not JSON after all: read it line by line
    }
  }
  return trimmed.split(/\r?\n/).map(clean).filter(Boolean);
}

function clean(line: string): string {
  return line
    .replace(/^\s*(?:(?:[-*•]|\d+[.)]|q\d*[:.)]|question\s*\d*[:.)])\s*)+/i, '')
    .replace(/^["'“”‘’`]+|["'“”‘’`]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Lower case, letters and digits only: what two questions are compared by. */
export function normalizeForComparison(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/** Why a candidate was dropped (for the debug log and the tests). */
export type QuestionRejection = 'not_a_question' | 'too_short' | 'too_long' | 'copies_heading' | 'duplicate';

/** The first reason `candidate` is not a usable question for a section headed `heading`, if any. */
export function checkGeneratedQuestion(
  candidate: string,
  heading: string,
  seen: ReadonlySet<string>,
): QuestionRejection | undefined {
  if (candidate.length < GENERATED_QUESTION_LENGTH.min) return 'too_short';
  if (candidate.length > GENERATED_QUESTION_LENGTH.max) return 'too_long';
  const words = normalizeForComparison(candidate).split(' ').filter(Boolean);
  if (!candidate.endsWith('?') || words.length < 3) return 'not_a_question';
  const normalized = words.join(' ');
  if (seen.has(normalized)) return 'duplicate';
  const headingWords = new Set(normalizeForComparison(heading).split(' ').filter(Boolean));
  const shared = words.filter((word) => headingWords.has(word)).length;
  if (shared / words.length >= HEADING_COPY_OVERLAP) return 'copies_heading';
  return undefined;
}

/** What separates a question from the sentence that answers it on one line of the model's reply. */
export const ANSWER_SEPARATOR = ' || ';

/** A line of the reply as a question and, after `ANSWER_SEPARATOR`, the answer sentence the model gave. */
export function splitAnswer(line: string): { question: string; answer?: string } {
  const at = line.indexOf(ANSWER_SEPARATOR.trim());
  if (at < 0) return { question: line };
  const question = line.slice(0, at).trim();
  const answer = line
    .slice(at + ANSWER_SEPARATOR.trim().length)
    .trim()
    .replace(/^["“]|["”]$/g, '');
  return answer ? { question, answer } : { question };
}

/**
 * The usable questions of a model's reply for one section, at most `count`, in the model's order:
 * each a question (ends with "?", three words or more), within `GENERATED_QUESTION_LENGTH`, not the
 * heading again (nor almost only its words), and none twice, nor one of `known` (e.g. the maintainers').
 * `answers` holds the sentence the model wrote after a kept question (see `splitAnswer`), unchecked.
 */
export function selectGeneratedQuestions(input: {
  reply: string;
  heading: string;
  count: number;
  known?: readonly string[];
}): {
  questions: string[];
  answers: Map<string, string>;
  rejected: { question: string; reason: QuestionRejection }[];
} {
  const seen = new Set((input.known ?? []).map(normalizeForComparison));
  const questions: string[] = [];
  const answers = new Map<string, string>();
  const rejected: { question: string; reason: QuestionRejection }[] = [];
  for (const line of parseQuestionLines(input.reply)) {
    if (questions.length >= input.count) break;
    const { question: candidate, answer } = splitAnswer(line);
    const reason = checkGeneratedQuestion(candidate, input.heading, seen);
    if (reason) {
      rejected.push({ question: candidate, reason });
      continue;
    }
    seen.add(normalizeForComparison(candidate));
    questions.push(candidate);
    if (answer) answers.set(candidate, answer);
  }
  return { questions, answers, rejected };
}
