import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Logger } from 'pino';
import type { AnswerResult, AnswerWriter, AskOptions, Citation, SectionRef } from '../types.js';
import type { HybridRetriever } from '../retrieval/hybrid-retriever.js';
import { toSectionRef } from '../retrieval/sections.js';
import { checkQuestion } from '../question/check.js';
import { composeExtractiveAnswer, warmSentenceVectors, type ComposedAnswer } from './extractive.js';
import { SentenceVectorCache } from './sentence-vectors.js';
import { writeWithModel } from './model-answer.js';

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

/**
 * The answering core: validate, retrieve, decide whether the guide covers the question, then answer
 * from the retrieved passages only. Returns data; the command line and Discord format it.
 */
export function createAnswerer(deps: AnswererDeps) {
  const sentenceVectors = new SentenceVectorCache();

  async function answerQuestion(
    rawQuestion: string,
    options: AskOptions = {},
    writer: AnswerWriter | null = deps.writer ?? null,
  ): Promise<AnswerResult> {
    const started = performance.now();
    const checked = checkQuestion(rawQuestion, deps.settings.maxQuestionLength);
    if (!checked.ok) {
      return {
        question: rawQuestion.trim().slice(0, deps.settings.maxQuestionLength),
        answer: '',
        grounded: false,
        outcome: 'invalid',
        invalid: { code: checked.code, length: checked.length, maxLength: checked.maxLength },
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
    let notice: AnswerResult['notice'];
    if (writer) {
      const written = await writeWithModel(writer, { question, retrieval, options });
      if (written.kind === 'answer') {
        composed = written.answer;
        mode = 'llm';
      } else if (written.kind === 'refused') {
        return refusal(question, suggestions, started, retrieved, 'llm');
      } else {
        deps.logger.warn(
          { writer: writer.name, reason: written.reason, err: written.error },
          'model answer unusable; using the extractive answer',
        );
        notice = 'model_unavailable';
      }
    }

    return {
      question,
      answer: composed.text,
      grounded: composed.citations.length > 0,
      outcome: 'answered',
      ...(retrieval.scope.decision === 'hedge' ? { hedged: true } : {}),
      citations: composed.citations,
      suggestions,
      mode,
      ...(notice ? { notice } : {}),
      timings: {
        retrieveMs: round(retrieved - started),
        answerMs: elapsed(retrieved),
        totalMs: elapsed(started),
      },
    };
  }

  return {
    answer: (question: string, options?: AskOptions) => answerQuestion(question, options),
    /** The citations of the extractive answer (no model): what a pinned answer points to in the guide. */
    async cite(question: string): Promise<Citation[]> {
      const result = await answerQuestion(question, {}, null);
      return result.outcome === 'answered' ? result.citations : [];
    },
    /** Takes the sentence vectors stored with an index, so answers never wait for them. */
    seedSentences: (vectors: ReadonlyMap<string, readonly number[]>) => sentenceVectors.seed(vectors),
    /** Embeds the quotable sentences of every chunk of the serving index (see `Guide.warmUp`). */
    warmUp: () => warmSentenceVectors(deps.retriever().allPassages(), deps.embeddings, sentenceVectors),
  };
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
    answer: '',
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
