import type { AnswerWriter, AskOptions, Citation } from '../types.js';
import type { Retrieval } from '../retrieval/hybrid-retriever.js';
import { checkCitations, refusesToAnswer, renumberCitations } from './check-citations.js';
import { toCitation } from './citations.js';
import type { ComposedAnswer } from './extractive.js';

/** What became of asking the model: a grounded answer, a refusal, or a failure to fall back from. */
export type ModelAnswer =
  | { kind: 'answer'; answer: ComposedAnswer }
  | { kind: 'refused' }
  | { kind: 'failed'; reason: string; error?: unknown };

/**
 * Asks the model to write the answer from the retrieved passages, then keeps only what is grounded:
 * citation markers must name passages, and the citations are built from the passages, never the model.
 */
export async function writeWithModel(
  writer: AnswerWriter,
  input: { question: string; retrieval: Retrieval; options: AskOptions },
): Promise<ModelAnswer> {
  const { question, retrieval, options } = input;
  let text: string;
  try {
    text = await writer.write({
      question,
      passages: retrieval.passages,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onPartial ? { onPartial: options.onPartial } : {}),
    });
  } catch (error) {
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error), error };
  }
  const checked = checkCitations(text, retrieval.passages.length);
  if (checked.cited.length === 0) {
    return refusesToAnswer(text)
      ? { kind: 'refused' }
      : { kind: 'failed', reason: 'no valid citation in the model answer' };
  }
  // Renumber so the reader sees [1], [2], ... in order; citations come from the passages, never from the model.
  const renumber = new Map(checked.cited.map((n, i) => [n, i + 1]));
  const citations: Citation[] = checked.cited.map((n, i) => toCitation(retrieval.passages[n - 1]!, i + 1));
  const renumbered = renumberCitations(checked.text, renumber);
  return { kind: 'answer', answer: { text: renumbered, citations } };
}
