import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import type { Logger } from 'pino';
import type { AnswerResult, AnswerWriter, AskOptions, Citation, FigureKind, SectionRef } from '../types.js';
import { askedFigure } from './figures.js';
import type { HybridRetriever, Retrieval, RetrieveOptions } from '../retrieval/hybrid-retriever.js';
import { toSectionRef } from '../retrieval/sections.js';
import type { UnitFeatures } from '../retrieval/fusion.js';
import { checkQuestion } from '../question/check.js';
import { cleanQuestion } from '../question/clean.js';
import { loadLanguageDetector, type LanguageDetector } from '../question/language.js';
import {
  composeExtractiveAnswer,
  warmSentenceVectors,
  type ComposedAnswer,
  type SectionPassages,
} from './extractive.js';
import { askedOnItsOwn, leansOnEarlier, splitQuestion } from './question-form.js';
import { isBackMatter, passagesBySection, withoutBackMatter } from './section-text.js';
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
  /**
   * Tells English questions from others; by default eld's, loaded on the first question (`openGuide`
   * loads it up front, since parsing its database blocks for a second or two).
   */
  languageDetector?: LanguageDetector;
  /** Fitted weights of a quotable unit's score (`npm run fit`); hand-set without them. */
  unitWeights?: Readonly<UnitFeatures>;
}

/**
 * The answering core: validate, retrieve, decide whether the guide covers the question, then answer
 * from the retrieved passages only. Returns data; the command line and Discord format it.
 */
export function createAnswerer(deps: AnswererDeps) {
  const sentenceVectors = new SentenceVectorCache();
  // Per loaded index: every chunk of each section, so a list answer can name items past the retrieved chunks.
  const sectionChunks = new WeakMap<HybridRetriever, SectionPassages>();
  const sectionPassagesOf = (retriever: HybridRetriever): SectionPassages => {
    let lookup = sectionChunks.get(retriever);
    if (!lookup) {
      lookup = passagesBySection(retriever.allPassages());
      sectionChunks.set(retriever, lookup);
    }
    return lookup;
  };

  async function answerQuestion(
    rawQuestion: string,
    options: AskOptions = {},
    writer: AnswerWriter | null = deps.writer ?? null,
  ): Promise<AnswerResult> {
    const started = performance.now();
    const checked = checkQuestion(rawQuestion, deps.settings.maxQuestionLength);
    if (!checked.ok) {
      const { code, length, maxLength } = checked;
      return rejection(rawQuestion.trim().slice(0, maxLength), { code, length, maxLength }, started);
    }
    // Mentions, links, emoji and Markdown are no words of the question: what is left is what is
    // retrieved, answered and logged; a message of nothing else has no text.
    const question = cleanQuestion(checked.question).text;
    if (!/[\p{L}\p{N}]/u.test(question)) {
      const maxLength = deps.settings.maxQuestionLength;
      return rejection(question, { code: 'no_text', length: question.length, maxLength }, started);
    }
    const language = (deps.languageDetector ?? (await loadLanguageDetector())).detect(question);
    const context = options.context
      ? checkQuestion(options.context, deps.settings.maxQuestionLength)
      : undefined;
    const retriever = deps.retriever();
    const retrieveOptions = {
      k: deps.settings.topK,
      ...(options.taught ? { taught: options.taught } : {}),
      context: (context?.ok && cleanQuestion(context.question).text) || undefined,
    };
    const retrieval = await retriever.retrieve(question, retrieveOptions);
    // The questions of a message are retrieved one by one (an English message of several only), and the
    // message is answered when the guide covers any of them: "how much do they make, and how fast is
    // the job growing?" as a whole is like neither section.
    const partRetrievals =
      language.language !== 'other' ? await retrieveParts(retriever, question, retrieveOptions) : undefined;
    const decision = messageDecision(retrieval, partRetrievals);
    const retrieved = performance.now();
    // The References or a table of contents is no section to read for an answer.
    const suggestions = retrieval.sections
      .filter((section) => !isBackMatter(section.heading, []))
      .slice(0, 3)
      .map(toSectionRef);

    if (language.language === 'other') {
      // The guide and the answers are English: say so, with the sections retrieval found closest.
      deps.logger.debug({ question, language }, 'question not in English');
      return { ...refusal(question, suggestions, { started, retrieved }, 'extractive'), language: 'other' };
    }

    if (decision === 'refuse') {
      deps.logger.debug({ question, scope: retrieval.scope }, 'question out of scope');
      // "How long does training take?": the refusal says which figure the closest sections lack.
      const figure = partRetrievals ? undefined : missingFigureOf(question, retrieval);
      return {
        ...refusal(question, suggestions, { started, retrieved }, 'extractive'),
        ...(figure ? { missingFigure: figure } : {}),
      };
    }

    const extractive = await composeExtractiveAnswer({
      retrieval,
      embeddings: deps.embeddings,
      sentenceVectors,
      idf: (term) => retriever.idf(term),
      maxChars: deps.settings.maxAnswerChars,
      sectionPassages: sectionPassagesOf(retriever),
      asked: question,
      ...(partRetrievals ? { partRetrievals: partRetrievals.retrievals } : {}),
      ...(deps.unitWeights ? { unitWeights: deps.unitWeights } : {}),
      softWords: (asked, texts) => retriever.softWords(asked, texts),
    });

    let composed: ComposedAnswer = extractive;
    let mode: AnswerResult['mode'] = 'extractive';
    let notice: AnswerResult['notice'];
    if (writer) {
      const written = await writeWithModel(writer, {
        question,
        retrieval: { ...retrieval, passages: withoutBackMatter(retrieval.passages) },
        options,
      });
      if (written.kind === 'answer') {
        composed = written.answer;
        mode = 'llm';
      } else if (written.kind === 'refused') {
        return refusal(question, suggestions, { started, retrieved }, 'llm');
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
      ...(decision === 'hedge' ? { hedged: true } : {}),
      citations: composed.citations,
      suggestions,
      mode,
      ...(notice ? { notice } : {}),
      ...(mode === 'extractive' && extractive.missingFigure
        ? { missingFigure: extractive.missingFigure }
        : {}),
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

function rejection(
  question: string,
  invalid: NonNullable<AnswerResult['invalid']>,
  started: number,
): AnswerResult {
  return {
    question,
    answer: '',
    grounded: false,
    outcome: 'invalid',
    invalid,
    citations: [],
    suggestions: [],
    mode: 'extractive',
    timings: { retrieveMs: 0, answerMs: 0, totalMs: elapsed(started) },
  };
}

/**
 * A message of several questions ("pay + job outlook?") is retrieved as a whole, which ranks the
 * sections for the mix and judges the scope; each question is retrieved on its own too, so a part
 * whose section the whole ranked low is still answered from it. One question: nothing more.
 */
interface MessageParts {
  retrievals: Retrieval[];
  /** Per part, the scope decision it can lend the message (see `retrieveParts`). */
  decisions: Retrieval['scope']['decision'][];
}

const DECISION_ORDER = ['refuse', 'hedge', 'answer'] as const;

/** The message's scope decision: its own, or the most confident its questions lend it when it has several. */
function messageDecision(
  retrieval: Retrieval,
  parts: MessageParts | undefined,
): Retrieval['scope']['decision'] {
  const decisions = [retrieval.scope.decision, ...(parts?.decisions ?? [])];
  return DECISION_ORDER[Math.max(...decisions.map((d) => DECISION_ORDER.indexOf(d)))]!;
}

async function retrieveParts(
  retriever: HybridRetriever,
  question: string,
  options: RetrieveOptions,
): Promise<MessageParts | undefined> {
  const parts = splitQuestion(question);
  if (parts.length < 2) return undefined;
  // A later question that leans on the one before ("…? And does the admin one do billing too?") is
  // retrieved as its follow-up (on the 35 multi-part tuning questions, fact hit 0.56 -> 0.63).
  const leans = parts.map((part, i) => i > 0 && leansOnEarlier(part.text));
  const retrievals = await Promise.all(
    parts.map((part, i) =>
      retriever.retrieve(part.text, leans[i] ? { ...options, context: parts[i - 1]!.text } : options),
    ),
  );
  // What a part lends the message: a part that is no question of its own ("im new here and confused")
  // lends nothing; one that leans on the part before ("Does Kaiser hire MAAs and how much do they
  // pay?") is covered no more than what it leans on: the guide's average pay is not Kaiser's.
  const covered: number[] = [];
  retrievals.forEach((part, i) => {
    const own = DECISION_ORDER.indexOf(part.scope.decision);
    covered.push(leans[i] ? Math.min(own, covered[i - 1]!) : own);
  });
  const decisions = covered.map((rank, i) => DECISION_ORDER[askedOnItsOwn(parts[i]!.text) ? rank : 0]!);
  return { retrievals, decisions };
}

/** The kind of figure the question asks for when the scope judgement found the best sections lack it. */
function missingFigureOf(question: string, retrieval: Retrieval): FigureKind | undefined {
  return retrieval.scope.features?.figureMissing === 1 ? askedFigure(question) : undefined;
}

function refusal(
  question: string,
  suggestions: SectionRef[],
  timing: { started: number; retrieved: number },
  mode: AnswerResult['mode'],
): AnswerResult {
  const { started, retrieved } = timing;
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
