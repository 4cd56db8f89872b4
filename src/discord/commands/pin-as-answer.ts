import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  MessageFlags,
  Routes,
  type APIMessage,
} from 'discord.js';
import { stripBotMention } from '../format/escape.js';
import { REPLIES } from '../format/refusals.js';
import { isModeratorOf } from '../permissions.js';
import { requestPin } from '../pinning.js';
import { apologize, sayPrivately } from '../replies.js';
import type { Command } from '../types.js';
import type { Citation } from '../../core/types.js';

/**
 * Message menu > Apps > **Pin as answer** (moderators): pins any message, a human expert's reply say,
 * as the answer to the question that message replies to. The guide's citations for the question are
 * stored with it, so the pinned answer still points into the guide.
 */
export const pinAsAnswerCommand = {
  kind: 'message',
  data: new ContextMenuCommandBuilder().setName('Pin as answer').setType(ApplicationCommandType.Message),

  async execute(interaction, ctx) {
    try {
      if (!isModeratorOf(interaction, ctx.config.MODERATOR_ROLE_IDS)) {
        return await sayPrivately(interaction, REPLIES.onlyModerators);
      }
      const target = interaction.targetMessage;
      const questionId = target.reference?.messageId;
      if (!questionId) return await sayPrivately(interaction, REPLIES.pinNeedsQuestion);
      const answer = (target.content || target.embeds[0]?.description || '').trim();
      if (!answer) return await sayPrivately(interaction, REPLIES.pinNoText);
      const existing = await ctx.store.activePinForMessage(target.id);
      if (existing) return await sayPrivately(interaction, REPLIES.alreadyPinned(existing.id));

      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      // Read through REST so an uncached (old) question message works too.
      const questionMessage = (await ctx.client.rest.get(
        Routes.channelMessage(target.channelId, questionId),
      )) as APIMessage;
      const question = stripBotMention(questionMessage.content, ctx.client.user?.id ?? '');
      if (!question) return await sayPrivately(interaction, REPLIES.pinNeedsQuestion);

      const pinned = await requestPin(ctx, 'pin', target.channelId, target.id);
      if (!pinned.ok) return await sayPrivately(interaction, `I couldn't pin it: ${pinned.reason}`);

      let citations: Citation[] = [];
      try {
        citations = await ctx.asker.citationsFor(question);
      } catch (error) {
        ctx.logger.warn({ err: error }, 'no guide citations for a pinned answer');
      }
      const pin = await ctx.store.addPin({
        question,
        questionEmbedding: await ctx.pins.embed(question),
        answer,
        citations,
        guildId: interaction.guildId,
        channelId: target.channelId,
        messageId: target.id,
        pinnedBy: interaction.user.id,
      });
      ctx.logger.info(
        { pinId: pin.id, by: interaction.user.id, messageId: target.id },
        'message pinned as an answer',
      );
      await sayPrivately(interaction, REPLIES.pinned(pin.id));
    } catch (error) {
      await apologize(ctx, interaction, error, 'Pin as answer');
    }
  },
} satisfies Command;
