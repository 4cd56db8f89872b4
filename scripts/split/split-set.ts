import { createHash } from 'node:crypto';
import type { EvalQuestion } from '../../src/cli/evaluate.js';

/** What a blind writer's line is: a question the guide answers, a list question, or an off-topic one. */
export type QuestionKind = 'in' | 'list' | 'off';

export function kindOf(question: EvalQuestion): QuestionKind {
  if (question.items) return 'list';
  return question.outOfScope ? 'off' : 'in';
}

/** A question's text as compared across sets: lower case, spaces collapsed. */
export function sameText(question: string): string {
  return question.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * What is wrong with a writer's line, if anything: a heading the guide does not have, a fact or item that
 * is no exact quote of the guide, an in-scope question with no section or no fact.
 */
export function problemsOf(
  question: EvalQuestion,
  guideText: string,
  headings: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const kind = kindOf(question);
  if (kind !== 'off' && (question.sections ?? []).length === 0) problems.push('no section');
  for (const section of question.sections ?? [])
    if (!headings.has(section)) problems.push(`no such heading: ${section}`);
  const quotes = kind === 'list' ? (question.items ?? []) : (question.facts ?? []);
  if (kind !== 'off' && quotes.length === 0) problems.push(kind === 'list' ? 'no items' : 'no facts');
  for (const quote of quotes)
    if (!guideText.includes(quote)) problems.push(`not a quote of the guide: ${quote}`);
  return problems;
}

/**
 * Splits the questions into tune and test halves per writer and kind (so that each half has each writer's
 * in-scope, off-topic and list questions in equal shares), in an order fixed by the seed: each question's
 * SHA-256 with the seed. The tune half takes the odd one of an odd group.
 */
export function splitHalves(
  questions: readonly EvalQuestion[],
  seed: string,
): { tune: EvalQuestion[]; test: EvalQuestion[] } {
  const groups = new Map<string, EvalQuestion[]>();
  for (const question of questions) {
    const key = `${question.writer ?? ''}\u0000${kindOf(question)}`;
    groups.set(key, [...(groups.get(key) ?? []), question]);
  }
  const order = (q: EvalQuestion) => createHash('sha256').update(`${seed}\u0000${q.q}`).digest('hex');
  const tune: EvalQuestion[] = [];
  const test: EvalQuestion[] = [];
  for (const key of [...groups.keys()].sort()) {
    const group = [...groups.get(key)!].sort((a, b) => order(a).localeCompare(order(b)));
    const half = Math.ceil(group.length / 2);
    tune.push(...group.slice(0, half));
    test.push(...group.slice(half));
  }
  return { tune, test };
}
