import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { AskOutput } from '../../app/ask-service.js';
import { formatOutput, NO_PINGS } from '../answering.js';
import { formatPartialAnswer } from '../format/answer-message.js';
import { REPLIES } from '../format/refusals.js';
import { checkQuestion } from '../guards.js';
import { apologize, sayPrivately } from '../replies.js';
import { createThrottledEditor } from '../throttle.js';
import type { Command } from '../types.js';

/**
 * `/ask question:<text> [private:<bool>]`. Cheap checks answer at once (ephemerally); an accepted
 * question is deferred before any slow work, so Discord's 3-second deadline holds however slow the
 * guide is, then the answer is edited in.
 */
export const askCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question; the answer comes from the guide, with its sources.')
    .addStringOption((option) => option.setName('question').setDescription('Your question').setRequired(true))
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer')),

  async execute(interaction, ctx) {
    if (!ctx.accepting()) return sayPrivately(interaction, REPLIES.shuttingDown);
    const question = interaction.options.getString('question', true).trim();
    const ephemeral = interaction.options.getBoolean('private') ?? ctx.config.PRIVATE_BY_DEFAULT;
    const channel = interaction.channel;
    const inThread = channel?.isThread() ?? false;
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
      ctx.store.logQuestion({
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
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});

    const partials = createThrottledEditor(
      (text) => interaction.editReply({ ...formatPartialAnswer(question, text), allowedMentions: NO_PINGS }),
      { onError: (error) => ctx.logger.warn({ err: error }, 'could not edit in a partial answer') },
    );
    let output: AskOutput | undefined;
    try {
      output = await ctx.asker.ask({
        question,
        userId: interaction.user.id,
        guildId: interaction.guildId ?? undefined,
        channelId: interaction.channelId,
        inThread,
        interactionId: interaction.id,
        onPartial: (text) => partials.push(text),
      });
      await partials.close();
      const message = await interaction.editReply({
        ...formatOutput(ctx, output, ephemeral),
        allowedMentions: NO_PINGS,
      });
      ctx.store.setAnswerMessage(output.answerId, message.id);
    } catch (error) {
      await partials.close();
      if (output) ctx.store.setOutcome(output.answerId, 'error');
      await apologize(ctx, interaction, error, '/ask');
    }
  },
} satisfies Command;
