import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { AskOutput } from '../../app/ask-service.js';
import { formatOutput, NO_PINGS } from '../answering.js';
import { formatPartialAnswer } from '../format/answer-message.js';
import { REPLIES } from '../format/refusals.js';
import { checkQuestion } from '../guards.js';
import { apologize, sayPrivately } from '../replies.js';
import { createThrottledEditor } from '../throttle.js';
import type { BotContext, Command } from '../types.js';
import { deliverAfterDeferral, editOriginalResponse } from '../deferral.js';

/**
 * `/ask question:<text> [private:<bool>]`. Cheap checks answer at once (ephemerally). An accepted
 * question is answered in ONE response when the answer is ready within `REPLY_BUDGET_MS` of the
 * interaction's arrival (the usual case: a warm extractive answer takes milliseconds), because a
 * deferral plus an edit costs two requests and the edit waits behind discord.js's global rate limiter
 * (measured: about a second per answer under load). Only when the answer is not ready in time (a model
 * writing it, a slow machine), or a model starts streaming, is the interaction deferred, keeping
 * Discord's 3-second deadline, and the answer edited in.
 */
export const askCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question; the answer comes from the guide, with its sources.')
    .addStringOption((option) => option.setName('question').setDescription('Your question').setRequired(true))
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer')),

  async execute(interaction, ctx) {
    const arrived = Date.now();
    if (!ctx.accepting()) {
      ctx.metrics?.observeRefusal('shutting_down');
      return sayPrivately(interaction, REPLIES.shuttingDown);
    }
    const question = interaction.options.getString('question', true).trim();
    const ephemeral = interaction.options.getBoolean('private') ?? ctx.config.PRIVATE_BY_DEFAULT;
    const channel = interaction.channel;
    const refusal = checkQuestion(
      {
        question,
        userId: interaction.user.id,
        guildId: interaction.guildId ?? undefined,
        channelId: interaction.channelId,
        parentChannelId: channel?.isThread() ? channel.parentId : null,
      },
      ctx.config,
      ctx.cooldowns,
    );
    if (refusal) {
      ctx.metrics?.observeRefusal(refusal.reason);
      await ctx.store.logQuestion({
        question,
        outcome: refusal.logAs,
        userId: interaction.user.id,
        guildId: interaction.guildId,
        channelId: interaction.channelId,
        interactionId: interaction.id,
      });
      return sayPrivately(interaction, refusal.message);
    }
    ctx.cooldowns.record(interaction.user.id);
    await answerInTime(interaction, ctx, { question, ephemeral, arrived });
  },
} satisfies Command;

async function answerInTime(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  ask: { question: string; ephemeral: boolean; arrived: number },
): Promise<void> {
  const flags = ask.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
  let deferral: Promise<boolean> | undefined;
  // Resolves true when Discord accepted the deferral, false when that request failed (the answer is
  // then still edited in: Discord may have accepted it and only the response was lost).
  const defer = () =>
    (deferral ??= interaction.deferReply(flags).then(
      () => true,
      (error: unknown) => {
        ctx.logger.warn({ err: error, interactionId: interaction.id }, 'deferring the reply failed');
        return false;
      },
    ));
  const partials = createThrottledEditor(
    (text) =>
      editOriginalResponse(interaction, ctx, {
        ...formatPartialAnswer(ask.question, text),
        allowedMentions: NO_PINGS,
      }),
    { onError: (error) => ctx.logger.warn({ err: error }, 'could not edit in a partial answer') },
  );
  const plan = ctx.replies.begin();
  if (plan.deferNow) void defer();
  const budget = Math.max(0, ctx.config.REPLY_BUDGET_MS - (Date.now() - ask.arrived));
  const timer = setTimeout(() => void defer(), budget);
  let output: AskOutput | undefined;
  try {
    output = await ctx.asker.ask({
      question: ask.question,
      userId: interaction.user.id,
      guildId: interaction.guildId ?? undefined,
      channelId: interaction.channelId,
      inThread: interaction.channel?.isThread() ?? false,
      interactionId: interaction.id,
      onPartial: (text) => {
        void defer().then((accepted) => accepted && partials.push(text));
      },
    });
    clearTimeout(timer);
    const body = {
      ...formatOutput(ctx, output, ask.ephemeral, !interaction.inGuild()),
      allowedMentions: NO_PINGS,
    };
    let messageId: string | undefined;
    if (deferral) {
      const accepted = await deferral;
      await partials.close();
      messageId = accepted
        ? await editOriginalResponse(interaction, ctx, body)
        : await deliverAfterDeferral(interaction, ctx, body);
    } else {
      const response = await interaction.reply({ ...body, ...flags, withResponse: true });
      messageId = response.resource?.message?.id;
    }
    if (messageId) await ctx.store.setAnswerMessage(output.answerId, messageId);
  } catch (error) {
    clearTimeout(timer);
    await partials.close();
    if (output) await ctx.store.setOutcome(output.answerId, 'error');
    await apologize(ctx, interaction, error, '/ask');
  } finally {
    plan.end();
  }
}
