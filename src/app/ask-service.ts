import type { AnswerResult, Citation } from '../core/types.js';
import type { Logger } from '../logger.js';
import type { PinMatcher } from '../store/pin-matcher.js';
import type { PinRecord, Store } from '../store/types.js';
import type { Guide } from '../core/guide.js';
import { LRUCache } from 'lru-cache';
import { normalizeQuestion } from '../store/normalize.js';
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

/** The application's one way of answering: pins first, then the guide, then the log. */
export interface AskService {
  /**
   * Answers a question: a matching moderator pin first, the guide otherwise; logs it either way. A
   * failure of the guide is logged with outcome `error` and rethrown for the front end to apologize.
   */
  ask(request: AskRequest): Promise<AskOutput>;
  /** The guide's citations for a question (retrieval and the extractive answer only, no model). */
  citationsFor(question: string): Promise<Citation[]>;
}

export interface AskServiceDeps {
  guide: Pick<Guide, 'answer' | 'cite'>;
  store: Store;
  pins: PinMatcher;
  logger: Logger;
  /**
   * The version of what answers depend on (the serving index's build id, and anything taught since):
   * with it, answers are cached per normalised question and version, so a repeated question costs
   * nothing and a reload or a lesson makes every cached answer stale at once. Without it nothing is cached.
   */
  version?: () => string;
  /** How many answers the cache keeps (default 2,000). */
  cacheSize?: number;
}

export function createAskService(deps: AskServiceDeps): AskService {
  const { guide, store, pins, logger } = deps;
  const cache = new LRUCache<string, AnswerResult>({ max: deps.cacheSize ?? 2000 });
  let cachedVersion: string | undefined;
  /** The cache key, or undefined when answers are not cached (no version, a follow-up, a stream). */
  const keyOf = (question: string, context: string | undefined): string | undefined => {
    if (!deps.version || context) return undefined;
    const version = deps.version();
    if (version !== cachedVersion) {
      cache.clear(); // a new index or a lesson: nothing cached before is right any more
      cachedVersion = version;
    }
    const normalized = normalizeQuestion(question);
    return normalized ? normalized : undefined;
  };
  return {
    async ask(request) {
      const where = {
        userId: request.userId,
        guildId: request.guildId,
        channelId: request.channelId,
        interactionId: request.interactionId,
        messageId: request.messageId,
      };
      const match = await pins.match(request.question, request.guildId);
      if (match) {
        logger.info(
          { pinId: match.pin.id, method: match.method, score: match.score },
          'answering from a pin',
        );
        const answerId = await store.logQuestion({
          ...where,
          question: request.question,
          outcome: 'pinned',
          answer: match.pin.answer,
          citations: match.pin.citations,
          pinId: match.pin.id,
        });
        return { kind: 'pinned', answerId, question: request.question, pin: match.pin };
      }
      const context = request.inThread ? await store.previousQuestion(request.channelId) : undefined;
      let result: AnswerResult;
      const key = keyOf(request.question, context);
      const cached = key ? cache.get(key) : undefined;
      try {
        result =
          cached ??
          (await guide.answer(request.question, {
            ...(context ? { context } : {}),
            ...(request.onPartial ? { onPartial: request.onPartial } : {}),
          }));
      } catch (error) {
        await store.logQuestion({ ...where, question: request.question, outcome: 'error' });
        throw error;
      }
      if (key && !cached) cache.set(key, result);
      const answerId = await store.logQuestion({
        ...where,
        question: request.question,
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
