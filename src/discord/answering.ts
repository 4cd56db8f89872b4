import type { AskOutput } from '../app/ask-service.js';
import {
  formatAnswerMessage,
  formatPinnedAnswerMessage,
  messageUrl,
  type MessageBody,
} from './format/answer-message.js';
import type { BotContext } from './types.js';

/** The message body for an answer; `inDm` hides the Pin button (pins belong to a server). */
export function formatOutput(
  ctx: BotContext,
  output: AskOutput,
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
