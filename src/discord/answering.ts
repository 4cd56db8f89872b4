import type { AnswerResult } from '../core/types.js';
import type { PinRecord } from '../store/store.js';
import {
  formatAnswerMessage,
  formatPinnedAnswerMessage,
  messageUrl,
  type MessageBody,
} from './format/answer-message.js';
import type { BotContext } from './types.js';

/** One accepted question, from a slash command, a mention or a DM. */
export interface QuestionRequest {
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
export type AnswerOutput =
  | { kind: 'pinned'; answerId: number; question: string; pin: PinRecord }
  | { kind: 'guide'; answerId: number; question: string; result: AnswerResult };

/**
 * Answers a question: a matching moderator pin first, the guide otherwise; logs it either way. A
 * failure of the guide is logged with outcome `error` and rethrown for the caller to apologize.
 */
export async function answerRequest(ctx: BotContext, request: QuestionRequest): Promise<AnswerOutput> {
  const started = performance.now();
  const where = {
    userId: request.userId,
    guildId: request.guildId,
    channelId: request.channelId,
    interactionId: request.interactionId,
    messageId: request.messageId,
  };
  const match = await ctx.pins.match(request.question, request.guildId);
  if (match) {
    ctx.logger.info(
      { pinId: match.pin.id, method: match.method, score: match.score },
      'answering from a pin',
    );
    const answerId = ctx.store.logQuestion({
      ...where,
      question: request.question,
      outcome: 'pinned',
      answer: match.pin.answer,
      citations: match.pin.citations,
      pinId: match.pin.id,
    });
    ctx.metrics?.observeAnswer('pinned', (performance.now() - started) / 1000);
    return { kind: 'pinned', answerId, question: request.question, pin: match.pin };
  }
  const context = request.inThread ? ctx.store.previousQuestion(request.channelId) : undefined;
  let result: AnswerResult;
  try {
    result = await ctx.guide.answer(request.question, {
      ...(context ? { context } : {}),
      ...(request.onPartial ? { onPartial: request.onPartial } : {}),
    });
  } catch (error) {
    ctx.store.logQuestion({ ...where, question: request.question, outcome: 'error' });
    ctx.metrics?.observeAnswer('error', (performance.now() - started) / 1000);
    throw error;
  }
  const answerId = ctx.store.logQuestion({
    ...where,
    question: request.question,
    outcome: result.outcome,
    answer: result.answer,
    citations: result.citations,
  });
  ctx.logger.info(
    {
      answerId,
      outcome: result.outcome,
      mode: result.mode,
      citations: result.citations.length,
      ms: result.timings.totalMs,
      followUp: Boolean(context),
    },
    'answered a question',
  );
  ctx.metrics?.observeAnswer(result.outcome, (performance.now() - started) / 1000);
  return { kind: 'guide', answerId, question: request.question, result };
}

/** The message body for an answer; `inDm` hides the Pin button (pins belong to a server). */
export function formatOutput(
  ctx: BotContext,
  output: AnswerOutput,
  ephemeral: boolean,
  inDm = false,
): MessageBody {
  const options = { guideUrl: ctx.config.GUIDE_URL, answerId: output.answerId, ephemeral, inDm };
  if (output.kind === 'guide') return formatAnswerMessage(output.result, options);
  const { pin } = output;
  return formatPinnedAnswerMessage(
    output.question,
    {
      pinId: pin.id,
      answer: pin.answer,
      citations: pin.citations,
      messageUrl: messageUrl(pin.guildId, pin.channelId, pin.messageId),
    },
    options,
  );
}

/** Replies never ping anyone, the asker included. */
export const NO_PINGS = Object.freeze({ parse: [] as [], repliedUser: false });
