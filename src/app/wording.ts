import type { AnswerResult, FigureKind, InvalidQuestionCode, SectionRef } from '../core/types.js';

/**
 * The sentences people read about an answer, shared by every front end (Discord, the command line,
 * the eval report). The core returns outcomes and codes; only the front ends put them into words.
 */

/** Shown when a model was asked to write the answer and could not; the extractive answer follows. */
export const MODEL_FALLBACK_NOTE =
  'The language model was unavailable, so this answer quotes the guide directly.';

/**
 * How a missing figure is named: in a sentence before an answer that quotes what the guide does say, and
 * in brackets in a refusal.
 */
const MISSING_FIGURE: Record<FigureKind, { sentence: string; refusal: string }> = {
  duration: { sentence: "The guide doesn't say how long that takes.", refusal: 'it gives no duration' },
  money: { sentence: "The guide doesn't give that amount.", refusal: 'it gives no amount' },
  percentage: { sentence: "The guide doesn't give that percentage.", refusal: 'it gives no percentage' },
  count: { sentence: "The guide doesn't give that number.", refusal: 'it gives no number' },
};

/**
 * The reply when the guide does not cover a question: say so (and which kind of figure it lacks, when
 * the question asks for one: "how long does training take?"), and offer the closest sections.
 */
export function describeRefusal(suggestions: readonly SectionRef[], missingFigure?: FigureKind): string {
  const names = suggestions.map((s) => `“${s.heading}”`);
  const lead = `The guide doesn't cover that${missingFigure ? ` (${MISSING_FIGURE[missingFigure].refusal})` : ''}.`;
  return names.length > 0 ? `${lead} The closest sections are: ${names.join('; ')}.` : lead;
}

/** The reply to a question in another language than English. */
export const ENGLISH_ONLY = 'I answer in English, from the English guide.';

/** The reply to a question not in English: say what the bot answers in, and offer the closest sections. */
export function describeLanguageRefusal(suggestions: readonly SectionRef[]): string {
  const names = suggestions.map((s) => `“${s.heading}”`);
  return names.length > 0 ? `${ENGLISH_ONLY} The closest sections are: ${names.join('; ')}.` : ENGLISH_ONLY;
}

/** Why a question could not be asked, in one sentence. */
export function describeInvalidQuestion(
  code: InvalidQuestionCode,
  sizes: { length: number; maxLength: number },
): string {
  switch (code) {
    case 'empty':
      return 'Please ask a question: the message was empty.';
    case 'too_long':
      return `That question is ${sizes.length} characters long; please keep it under ${sizes.maxLength}.`;
    case 'no_text':
      return 'Please ask your question in words; I could not find any.';
  }
}

/** The note shown under an answer, if any. */
export function describeNotice(result: Pick<AnswerResult, 'notice'>): string | undefined {
  return result.notice === 'model_unavailable' ? MODEL_FALLBACK_NOTE : undefined;
}

/** Introduces an answer whose evidence was thin: the closest the guide comes, not a sure answer. */
export const HEDGE_INTRO = "The guide doesn't answer that exactly. Its closest answer:";

/** Said before an answer when the question asks for a figure the guide does not give. */
export function describeMissingFigure(kind: FigureKind): string {
  return `${MISSING_FIGURE[kind].sentence} Here is what it does say:`;
}

/**
 * The text a reader sees for an answer: the quoted answer (after a line saying the guide lacks the
 * figure asked for, if it does), the refusal, or why the question was rejected.
 */
export function wordAnswer(result: AnswerResult): string {
  // Saying which figure is missing is more precise than the hedge, so it comes first.
  if (result.outcome === 'answered' && result.missingFigure && result.answer) {
    return `${describeMissingFigure(result.missingFigure)}\n${result.answer}`;
  }
  if (result.outcome === 'answered' && result.hedged) {
    // A list answer starts with an item line: it goes under the intro, not after it.
    return `${HEDGE_INTRO}${result.answer.startsWith('- ') ? '\n' : ' '}${result.answer}`;
  }
  if (result.outcome === 'out_of_scope' && result.language === 'other') {
    return describeLanguageRefusal(result.suggestions);
  }
  if (result.outcome === 'out_of_scope') return describeRefusal(result.suggestions, result.missingFigure);
  if (result.outcome === 'invalid' && result.invalid) {
    return describeInvalidQuestion(result.invalid.code, result.invalid);
  }
  return result.answer;
}
