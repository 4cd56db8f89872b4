import { cleanQuestion } from '../core/question/clean.js';
import type { AnswerResult, Citation } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { PinMatcher } from '../store/pin-matcher.js';
import type { PinRecord, Store } from '../store/types.js';
import type { Guide } from '../core/guide.js';
import { LRUCache } from 'lru-cache';
import { normalizeQuestion } from '../store/normalize.js';
import { wordAnswer } from './wording.js';
import { createTeaching, lessonScope, type Teaching } from './teaching.js';

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

/** The application's one way of answering: pins first, then the guide, then the log. */
export interface AskService extends Teaching {
  /**
   * Answers a question: a matching moderator pin first, the guide otherwise; logs it either way. A
   * failure of the guide is logged with outcome `error` and rethrown for the front end to apologize.
   */
  ask(request: AskRequest): Promise<AskOutput>;
  /** The guide's citations for a question (retrieval and the extractive answer only, no model). */
  citationsFor(question: string): Promise<Citation[]>;
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
  const teaching = createTeaching(deps);
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
    ...teaching,
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
      const scope = lessonScope(deps, request.guildId);
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
