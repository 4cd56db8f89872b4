import type { Guide } from '../../src/core/guide.js';
import type { AnswerResult, AskOptions, Citation } from '../../src/core/types.js';

/**
 * Wraps the real Guide to record what the bot asked it, and to make it slow on demand (a model that
 * takes longer than Discord's 3-second deadline). Answers still come from the real index.
 */
export class SpyGuide implements Pick<Guide, 'answer' | 'cite'> {
  readonly calls: { question: string; context: string | undefined }[] = [];
  delayMs = 0;
  /** Partial texts to stream through `onPartial` before answering, as a model writer would. */
  partials: string[] = [];
  /** Wait after each partial, as a model producing tokens over time. */
  partialGapMs = 0;
  constructor(private readonly inner: Pick<Guide, 'answer' | 'cite'>) {}

  async answer(question: string, options: AskOptions = {}): Promise<AnswerResult> {
    this.calls.push({ question, context: options.context });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    for (const text of this.partials) {
      options.onPartial?.(text);
      if (this.partialGapMs > 0) await new Promise((resolve) => setTimeout(resolve, this.partialGapMs));
    }
    return this.inner.answer(question, options);
  }

  cite(question: string): Promise<Citation[]> {
    return this.inner.cite(question);
  }

  asked(question: string): boolean {
    return this.calls.some((call) => call.question.includes(question));
  }
}
