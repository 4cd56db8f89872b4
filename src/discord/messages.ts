import type { Message } from 'discord.js';
import type { AskOutput } from '../app/ask-service.js';
import { formatOutput, NO_PINGS } from './answering.js';
import { stripBotMention } from './format/escape.js';
import { REPLIES } from './format/refusals.js';
import { checkQuestion } from './guards.js';
import type { BotContext } from './types.js';

/**
 * A message that mentions the bot in a channel, or any message in a DM: answered as a reply. Bots
 * (the bot itself included) and webhooks are ignored. In a channel not on the allow-list the bot stays
 * silent rather than answering a refusal in public.
 */
export async function handleMessage(message: Message, ctx: BotContext): Promise<void> {
  const me = ctx.client.user;
  if (!me || message.author.bot || message.author.id === me.id || message.webhookId || message.system) return;
  const inGuild = message.inGuild();
  if (inGuild && !message.mentions.users.has(me.id)) return;

  const question = stripBotMention(message.content, me.id);
  const channel = message.channel;
  const refusal = checkQuestion(
    {
      question,
      userId: message.author.id,
      guildId: message.guildId ?? undefined,
      channelId: message.channelId,
      parentChannelId: channel.isThread() ? channel.parentId : null,
    },
    ctx.config,
    ctx.cooldowns,
  );
  const log = {
    userId: message.author.id,
    guildId: message.guildId,
    channelId: message.channelId,
    messageId: message.id,
  };
  try {
    if (refusal) {
      ctx.metrics?.observeRefusal(refusal.reason);
      await ctx.store.logQuestion({ ...log, question, outcome: refusal.logAs });
      if (refusal.reason === 'channel') return;
      await message.reply({ content: refusal.message, allowedMentions: NO_PINGS });
      return;
    }
    if (!ctx.accepting()) {
      ctx.metrics?.observeRefusal('shutting_down');
      await message.reply({ content: REPLIES.shuttingDown, allowedMentions: NO_PINGS });
      return;
    }
    ctx.cooldowns.record(message.author.id);
    if (channel.isSendable())
      channel
        .sendTyping()
        .catch((error: unknown) => ctx.logger.debug({ err: error }, 'typing indicator failed'));
  } catch (error) {
    ctx.logger.error({ err: error, messageId: message.id }, 'could not answer a refusal');
    return;
  }

  let output: AskOutput | undefined;
  try {
    output = await ctx.asker.ask({
      question,
      userId: message.author.id,
      guildId: message.guildId ?? undefined,
      channelId: message.channelId,
      inThread: channel.isThread(),
      messageId: message.id,
    });
    const reply = await message.reply({
      ...formatOutput(ctx, output, false, !inGuild),
      allowedMentions: NO_PINGS,
    });
    await ctx.store.setAnswerMessage(output.answerId, reply.id);
  } catch (error) {
    if (output) await ctx.store.setOutcome(output.answerId, 'error');
    ctx.logger.error({ err: error, messageId: message.id }, 'answering a mention failed; apologizing');
    try {
      await message.reply({ content: REPLIES.apology, allowedMentions: NO_PINGS });
    } catch (apologyError) {
      ctx.logger.warn({ err: apologyError, messageId: message.id }, 'could not deliver the apology');
    }
  }
}
