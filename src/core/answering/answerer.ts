import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Logger } from 'pino';
import type { AnswerResult, AnswerWriter, AskOptions, Citation, SectionRef } from '../types.js';
import { toSectionRef, type HybridRetriever, type Retrieval } from '../retrieval/hybrid-retriever.js';
import { checkQuestion } from '../question/check.js';
import {
  composeExtractiveAnswer,
  SentenceVectorCache,
  toCitation,
  warmSentenceVectors,
  type ComposedAnswer,
} from './extractive.js';
import { checkCitations, refusesToAnswer } from './check-citations.js';

export interface AnswererSettings {
  maxQuestionLength: number;
  maxAnswerChars: number;
  topK: number;
}

export interface AnswererDeps {
  /** The retriever of the index serving now (it changes when a new index is swapped in). */
  retriever: () => HybridRetriever;
  embeddings: EmbeddingsInterface;
  settings: AnswererSettings;
  logger: Logger;
  /** Model-written answers; without it (the default) answers are extractive. */
  writer?: AnswerWriter;
}

/** Shown when a model was asked to write the answer and could not; the extractive answer follows. */
export const MODEL_FALLBACK_NOTE =
  'The language model was unavailable, so this answer quotes the guide directly.';

/**
 * The answering core: validate, retrieve, decide whether the guide covers the question, then answer
 * from the retrieved passages only. Returns data; the command line and Discord format it.
 */
export function createAnswerer(deps: AnswererDeps) {
  const sentenceVectors = new SentenceVectorCache();

  async function answerQuestion(rawQuestion: string, options: AskOptions = {}): Promise<AnswerResult> {
    const started = performance.now();
    const checked = checkQuestion(rawQuestion, deps.settings.maxQuestionLength);
    if (!checked.ok) {
      return {
        question: rawQuestion.trim().slice(0, deps.settings.maxQuestionLength),
        answer: checked.message,
        grounded: false,
        outcome: 'invalid',
        invalidCode: checked.code,
        citations: [],
        suggestions: [],
        mode: 'extractive',
        timings: { retrieveMs: 0, answerMs: 0, totalMs: elapsed(started) },
      };
    }
    const question = checked.question;
    const context = options.context
      ? checkQuestion(options.context, deps.settings.maxQuestionLength)
      : undefined;
    const retriever = deps.retriever();
    const retrieval = await retriever.retrieve(question, {
      k: deps.settings.topK,
      context: context?.ok ? context.question : undefined,
    });
    const retrieved = performance.now();
    const suggestions = retrieval.sections.slice(0, 3).map(toSectionRef);

    if (!retrieval.scope.inScope) {
      deps.logger.debug({ question, scope: retrieval.scope }, 'question out of scope');
      return refusal(question, suggestions, started, retrieved, 'extractive');
    }

    const extractive = await composeExtractiveAnswer({
      retrieval,
      embeddings: deps.embeddings,
      sentenceVectors,
      idf: (term) => retriever.idf(term),
      maxChars: deps.settings.maxAnswerChars,
    });

    let composed: ComposedAnswer = extractive;
    let mode: AnswerResult['mode'] = 'extractive';
    let note: string | undefined;
    if (deps.writer) {
      const written = await writeWithModel(deps.writer, question, retrieval, options);
      if (written.kind === 'answer') {
        composed = written.answer;
        mode = 'llm';
      } else if (written.kind === 'refused') {
        return refusal(question, suggestions, started, retrieved, 'llm');
      } else {
        deps.logger.warn(
          { writer: deps.writer.name, reason: written.reason, err: written.error },
          'model answer unusable; using the extractive answer',
        );
        note = MODEL_FALLBACK_NOTE;
      }
    }

    return {
      question,
      answer: composed.text,
      grounded: composed.citations.length > 0,
      outcome: 'answered',
      citations: composed.citations,
      suggestions,
      mode,
      ...(note ? { note } : {}),
      timings: {
        retrieveMs: round(retrieved - started),
        answerMs: elapsed(retrieved),
        totalMs: elapsed(started),
      },
    };
  }

  async function writeWithModel(
    writer: AnswerWriter,
    question: string,
    retrieval: Retrieval,
    options: AskOptions,
  ): Promise<
    | { kind: 'answer'; answer: ComposedAnswer }
    | { kind: 'refused' }
    | { kind: 'failed'; reason: string; error?: unknown }
  > {
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
    const renumbered = checked.text.replace(/\[([\d,;\s–—&and-]+)\]/g, (group, inner: string) => {
      const numbers = inner.match(/\d+/g)?.map(Number) ?? [];
      const mapped = numbers.map((n) => renumber.get(n)).filter((n): n is number => n !== undefined);
      return mapped.length ? `[${[...new Set(mapped)].join(', ')}]` : group;
    });
    return { kind: 'answer', answer: { text: renumbered, citations } };
  }

  return {
    answer: answerQuestion,
    /** Embeds the quotable sentences of every chunk of the serving index (see `Guide.warmUp`). */
    warmUp: () => warmSentenceVectors(deps.retriever().allPassages(), deps.embeddings, sentenceVectors),
  };
}

/** The reply when the guide does not cover a question: say so, and offer the closest sections. */
export function formatRefusal(suggestions: SectionRef[]): string {
  const names = suggestions.map((s) => `“${s.heading}”`);
  return names.length > 0
    ? `The guide doesn't cover that. The closest sections are: ${names.join('; ')}.`
    : "The guide doesn't cover that.";
}

function refusal(
  question: string,
  suggestions: SectionRef[],
  started: number,
  retrieved: number,
  mode: AnswerResult['mode'],
): AnswerResult {
  return {
    question,
    answer: formatRefusal(suggestions),
    grounded: false,
    outcome: 'out_of_scope',
    citations: [],
    suggestions,
    mode,
    timings: {
      retrieveMs: round(retrieved - started),
      answerMs: elapsed(retrieved),
      totalMs: elapsed(started),
    },
  };
}

function elapsed(since: number): number {
  return round(performance.now() - since);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
