import { cleanQuestion } from '../core/question/clean.js';
import type { AnswerResult, Citation, SectionRef } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { PinMatcher } from '../store/pin-matcher.js';
import type { PinRecord, Store, TaughtSection } from '../store/types.js';
import type { Guide } from '../core/guide.js';
import { LRUCache } from 'lru-cache';
import { normalizeQuestion } from '../store/normalize.js';
import { sectionId } from '../core/retrieval/sections.js';
import { comparableText, terms } from '../core/words/text.js';
import { wordAnswer } from './wording.js';

/** One accepted question, from any front end (a slash command, a mention, a DM, the command line). */
export interface AskRequest {
  question: string;
  userId: string;
  guildId: string | undefined;
  channelId: string;
  /** True when the channel is a thread: the thread's previous question becomes the context. */
  inThread: boolean;
  interactionId?: string;
  messageId?: string;
  onPartial?: (text: string) => void;
}

/** The answer to a question and the id it was logged under (the buttons' answer id). */
export type AskOutput =
  | { kind: 'pinned'; answerId: number; question: string; pin: PinRecord }
  | { kind: 'guide'; answerId: number; question: string; result: AnswerResult };

/** How many sentences the "This answers it" menu's second step offers (Discord's limit for a select). */
const MAX_SENTENCE_CHOICES = 25;

/** What `/teach` takes as its section to say the guide does not cover the question. */
const NOT_COVERED_WORDS = /^\s*(none|not covered)\s*$/i;

/** The application's one way of answering: pins first, then the guide, then the log. */
export interface AskService {
  /**
   * Answers a question: a matching moderator pin first, the guide otherwise; logs it either way. A
   * failure of the guide is logged with outcome `error` and rethrown for the front end to apologize.
   */
  ask(request: AskRequest): Promise<AskOutput>;
  /** The guide's citations for a question (retrieval and the extractive answer only, no model). */
  citationsFor(question: string): Promise<Citation[]>;
  /**
   * Teaches the bot that a section answers a question (a moderator's `/teach`): stored, and used for
   * the next question at once. `section` is matched against the guide's headings (case-insensitive,
   * whole heading or a unique part of one), as `/teach` types it; or it is `{ id }`, a section's
   * `sectionId`, as a refusal's "This answers it" choice carries it (that section exactly). `none` (or
   * "not covered") teaches that the guide does not cover the question: it is refused from then on, and
   * the scope model weighs how close other questions are to it (`notCovered` in the result).
   * `answer`, when given, is the sentence of that section that answers the question, or a unique part
   * of one (`/teach … answer:`): the whole sentence is stored, and answers to close questions lean on
   * it as on the guide's listed questions' answer sentences.
   */
  teach(lesson: {
    question: string;
    section: string | { id: string };
    answer?: string;
    guildId: string | undefined;
    userId: string;
  }): Promise<
    | { ok: true; id: number; section: SectionRef; answer?: string; notCovered?: true }
    | { ok: false; reason: 'no_section' | 'ambiguous_section'; candidates: SectionRef[] }
    | {
        ok: false;
        reason: 'no_sentence' | 'ambiguous_sentence' | 'sentence_without_section';
        sentences: string[];
      }
  >;
  /**
   * The sentences of a taught section a moderator may choose as the answer (the "This answers it"
   * menu's second step): at most `max`, those sharing the most words with the question first, each with
   * its place in the section (`Guide.sentencesOf`), which `teachAnswer` takes.
   */
  sentenceChoices(question: string, section: TaughtSection, max?: number): { index: number; text: string }[];
  /**
   * Adds the answer sentence to a lesson: the sentence at `index` of its section. The lesson is taught
   * anew with it (a new id, so answers cached under the old lessons are not reused) and the old one
   * removed. Fails when the lesson is no longer active here, or the section no longer has that sentence.
   */
  teachAnswer(choice: {
    taughtId: number;
    index: number;
    guildId: string | undefined;
    userId: string;
  }): Promise<
    | { ok: true; id: number; section: TaughtSection; answer: string }
    | { ok: false; reason: 'lesson_gone' | 'sentence_gone' }
  >;
}

export interface AskServiceDeps {
  guide: Pick<Guide, 'answer' | 'cite'> & Partial<Pick<Guide, 'listSections' | 'sentencesOf'>>;
  /** Embeds a taught question (the index's embedder); without it nothing can be taught. */
  embed?: (text: string) => Promise<number[]>;
  store: Store;
  pins: PinMatcher;
  logger: Logger;
  /**
   * The version of the index answers come from (its build id): with it, answers are cached per
   * normalised question and the lessons they were computed with, so a repeated question costs nothing,
   * and a reload empties the cache. Without it nothing is cached.
   */
  version?: () => string;
  /** How many answers the cache keeps (default 2,000). */
  cacheSize?: number;
  /**
   * Whose pins and taught questions answer a question (`TEACHING_SCOPE`): `server` (default) those of
   * the server it was asked in (a DM: every server's); `all` every server's, for one community spread
   * over several servers.
   */
  teachingScope?: 'server' | 'all';
}

export function createAskService(deps: AskServiceDeps): AskService {
  const { guide, store, pins, logger } = deps;
  const cache = new LRUCache<string, AnswerResult>({ max: deps.cacheSize ?? 2000 });
  let cachedVersion: string | undefined;
  /**
   * The cache key, or undefined when answers are not cached (no version, a follow-up, a stream). A new
   * index empties the cache. Lessons are part of the key: `lessons` names the taught questions the answer
   * was computed with (empty when none), so a server's lessons never reach another server's answers and a
   * lesson added or removed anywhere makes its old answers unreachable at once, in every shard.
   */
  const keyOf = (question: string, context: string | undefined, lessons: string): string | undefined => {
    if (!deps.version || context) return undefined;
    const version = deps.version();
    if (version !== cachedVersion) {
      cache.clear(); // a new index: nothing cached before is right any more
      cachedVersion = version;
    }
    const normalized = normalizeQuestion(question);
    return normalized ? `${lessons}|${normalized}` : undefined;
  };
  /** The scope's taught questions as the retriever matches them (those with an embedding), and their ids. */
  const taughtFor = async (guildId: string | undefined) => {
    const active = (await store.activeTaughtQuestions(guildId)).filter((t) => t.questionEmbedding);
    return {
      taught: active.map((t) => ({
        sectionKey: `${t.section.source}#${t.section.anchor}`,
        vector: t.questionEmbedding!,
        ...(t.answer ? { answer: t.answer } : {}),
      })),
      lessons: active
        .map((t) => t.id)
        .sort((a, b) => a - b)
        .join(','),
    };
  };
  return {
    async teach(lesson) {
      const wantsAnswer = Boolean(lesson.answer?.trim());
      if (typeof lesson.section === 'string' && NOT_COVERED_WORDS.test(lesson.section)) {
        if (wantsAnswer) return { ok: false, reason: 'sentence_without_section', sentences: [] };
        // No file, no anchor: the key no section has (NOT_COVERED_KEY), read as "the guide does not cover it".
        const nowhere = { source: '', anchor: '', heading: '' };
        const taught = await store.addTaughtQuestion({
          question: lesson.question,
          ...(deps.embed ? { questionEmbedding: await deps.embed(lesson.question) } : {}),
          section: nowhere,
          guildId: lesson.guildId ?? null,
          taughtBy: lesson.userId,
        });
        logger.info({ taughtId: taught.id, by: lesson.userId }, 'a question was taught as not covered');
        return { ok: true, id: taught.id, section: { ...nowhere, headingPath: '' }, notCovered: true };
      }
      const found = findSections(guide.listSections?.() ?? [], lesson.section);
      if (found.length !== 1) {
        return {
          ok: false,
          reason: found.length === 0 ? 'no_section' : 'ambiguous_section',
          candidates: found.slice(0, 10),
        };
      }
      const section = found[0]!;
      let answer: string | undefined;
      if (wantsAnswer) {
        const sentences = findSentences(guide.sentencesOf?.(section) ?? [], lesson.answer!);
        if (sentences.length !== 1) {
          return {
            ok: false,
            reason: sentences.length === 0 ? 'no_sentence' : 'ambiguous_sentence',
            sentences: sentences.slice(0, 10),
          };
        }
        answer = sentences[0];
      }
      const taught = await store.addTaughtQuestion({
        question: lesson.question,
        ...(deps.embed ? { questionEmbedding: await deps.embed(lesson.question) } : {}),
        section: { source: section.source, anchor: section.anchor, heading: section.heading },
        ...(answer ? { answer } : {}),
        guildId: lesson.guildId ?? null,
        taughtBy: lesson.userId,
      });
      logger.info(
        {
          taughtId: taught.id,
          section: section.heading,
          withAnswer: answer !== undefined,
          by: lesson.userId,
        },
        'a question was taught',
      );
      return { ok: true, id: taught.id, section, ...(answer ? { answer } : {}) };
    },
    sentenceChoices(question, section, max = MAX_SENTENCE_CHOICES) {
      const asked = new Set(terms(question));
      const shared = (text: string) => new Set(terms(text).filter((t) => asked.has(t))).size;
      return (guide.sentencesOf?.(section) ?? [])
        .map((text, index) => ({ index, text, shared: shared(text) }))
        .sort((a, b) => b.shared - a.shared || a.index - b.index)
        .slice(0, max)
        .map(({ index, text }) => ({ index, text }));
    },
    async teachAnswer(choice) {
      const scope = deps.teachingScope === 'all' ? undefined : choice.guildId;
      const lesson = (await store.activeTaughtQuestions(scope)).find((t) => t.id === choice.taughtId);
      if (!lesson) return { ok: false, reason: 'lesson_gone' };
      const answer = guide.sentencesOf?.(lesson.section)[choice.index];
      if (!answer) return { ok: false, reason: 'sentence_gone' };
      const taught = await store.addTaughtQuestion({
        question: lesson.question,
        ...(lesson.questionEmbedding ? { questionEmbedding: lesson.questionEmbedding } : {}),
        section: lesson.section,
        answer,
        guildId: lesson.guildId ?? null,
        taughtBy: choice.userId,
      });
      await store.removeTaughtQuestion(lesson.id, choice.userId);
      logger.info(
        { taughtId: taught.id, replaces: lesson.id, section: lesson.section.heading, by: choice.userId },
        'an answer sentence was taught',
      );
      return { ok: true, id: taught.id, section: lesson.section, answer };
    },
    async ask(request) {
      const where = {
        userId: request.userId,
        guildId: request.guildId,
        channelId: request.channelId,
        interactionId: request.interactionId,
        messageId: request.messageId,
      };
      // The log keeps the words the member asked, without the mentions, links and emoji the guide also
      // ignores: no member ids in the log or in `npm run report` (the raw text when nothing else is left).
      const logged = cleanQuestion(request.question).text || request.question;
      const scope = deps.teachingScope === 'all' ? undefined : request.guildId;
      const match = await pins.match(request.question, scope);
      if (match) {
        logger.info(
          { pinId: match.pin.id, method: match.method, score: match.score },
          'answering from a pin',
        );
        const answerId = await store.logQuestion({
          ...where,
          question: logged,
          outcome: 'pinned',
          answer: match.pin.answer,
          citations: match.pin.citations,
          pinId: match.pin.id,
        });
        return { kind: 'pinned', answerId, question: request.question, pin: match.pin };
      }
      const context = request.inThread ? await store.previousQuestion(request.channelId) : undefined;
      let result: AnswerResult;
      const { taught, lessons } = await taughtFor(scope);
      const key = keyOf(request.question, context, lessons);
      const cached = key ? cache.get(key) : undefined;
      try {
        result =
          cached ??
          (await guide.answer(request.question, {
            ...(context ? { context } : {}),
            ...(taught.length > 0 ? { taught } : {}),
            ...(request.onPartial ? { onPartial: request.onPartial } : {}),
          }));
      } catch (error) {
        await store.logQuestion({ ...where, question: logged, outcome: 'error' });
        throw error;
      }
      if (key && !cached) cache.set(key, result);
      const answerId = await store.logQuestion({
        ...where,
        question: logged,
        outcome: result.outcome,
        answer: wordAnswer(result),
        citations: result.citations,
      });
      logger.info(
        {
          answerId,
          outcome: result.outcome,
          mode: result.mode,
          citations: result.citations.length,
          ms: result.timings.totalMs,
          followUp: Boolean(context),
          cached: Boolean(cached),
        },
        'answered a question',
      );
      return { kind: 'guide', answerId, question: request.question, result };
    },
    citationsFor: (question) => guide.cite(question),
  };
}

/**
 * The section's sentences a moderator's text names: the one it equals, or those holding it, compared
 * as `comparableText` compares them, and in any case (list markers, emphasis, spacing and case aside).
 */
function findSentences(sentences: readonly string[], wanted: string): string[] {
  const comparable = (text: string) => comparableText(text).toLowerCase();
  const text = comparable(wanted);
  if (!text) return [];
  const exact = sentences.filter((s) => comparable(s) === text);
  return exact.length > 0 ? exact.slice(0, 1) : sentences.filter((s) => comparable(s).includes(text));
}

/**
 * The sections a lesson names: by id, that one; by heading, the one whose whole heading it is, else every
 * heading it is part of (none for an empty text).
 */
function findSections(sections: readonly SectionRef[], wanted: string | { id: string }): SectionRef[] {
  if (typeof wanted !== 'string') return sections.filter((s) => sectionId(s) === wanted.id);
  const text = wanted.trim().toLowerCase();
  if (!text) return [];
  const exact = sections.filter((s) => s.heading.trim().toLowerCase() === text);
  return exact.length === 1 ? exact : sections.filter((s) => s.heading.toLowerCase().includes(text));
}
