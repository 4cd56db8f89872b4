import type { AnswerResult } from '../core/types.js';
import { describeNotice, wordAnswer } from '../app/wording.js';

/** The answer and its sources, for people at a terminal. */
export function formatAnswerForTerminal(result: AnswerResult): string {
  const lines = [wordAnswer(result)];
  const note = describeNotice(result);
  if (note) lines.push('', `(${note})`);
  if (result.citations.length > 0) {
    lines.push('', 'Sources:');
    for (const c of result.citations) lines.push(`  [${c.n}] ${c.headingPath}  (${c.source}#${c.anchor})`);
  }
  return lines.join('\n');
}

/** The stable JSON contract of `ask --json`. */
export function toJsonAnswer(result: AnswerResult): Record<string, unknown> {
  const note = describeNotice(result);
  return {
    question: result.question,
    answer: wordAnswer(result),
    grounded: result.grounded,
    outcome: result.outcome,
    ...(result.invalid ? { invalidCode: result.invalid.code } : {}),
    mode: result.mode,
    ...(note ? { note } : {}),
    citations: result.citations.map((c) => ({
      n: c.n,
      heading: c.heading,
      headingPath: c.headingPath,
      anchor: c.anchor,
      source: c.source,
      chunkId: c.chunkId,
      score: c.score,
      quote: c.quote,
    })),
    suggestions: result.suggestions,
    timings: result.timings,
  };
}
