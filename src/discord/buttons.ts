import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { NO_PINGS } from './answering.js';
import { formatSourcesMessages } from './format/answer-message.js';
import { parseCustomId } from './format/custom-ids.js';
import { REPLIES } from './format/refusals.js';
import { isModeratorOf } from './permissions.js';
import { requestPin } from './pinning.js';
import { apologize, sayPrivately } from './replies.js';
import type { BotContext } from './types.js';

/**
 * The buttons under an answer. Each reads the answer back from the database by the id in its custom
 * id, so buttons keep working after a restart.
 */
export async function handleButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const parsed = parseCustomId(interaction.customId);
  if (!parsed) return; // another app's button, or an old format: not ours to answer
  try {
    const answer = await ctx.store.getAnswer(parsed.answerId);
    if (!answer) return await sayPrivately(interaction, REPLIES.answerGone);
    switch (parsed.action) {
      case 'sources': {
        const [first, ...rest] = formatSourcesMessages(answer.citations, ctx.config.GUIDE_URL);
        await interaction.reply({ content: first, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
        for (const content of rest)
          await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
        return;
      }
      case 'up':
      case 'down': {
        const up = parsed.action === 'up';
        const result = await ctx.store.recordFeedback(answer.id, interaction.user.id, up ? 1 : -1);
        ctx.logger.info({ answerId: answer.id, vote: parsed.action, result }, 'feedback');
        const text =
          result === 'recorded'
            ? REPLIES.voteRecorded(up)
            : result === 'changed'
              ? REPLIES.voteChanged(up)
              : REPLIES.voteUnchanged(up);
        return await sayPrivately(interaction, text);
      }
      case 'pin':
        return await pinAnswer(interaction, ctx, answer.id);
    }
  } catch (error) {
    await apologize(ctx, interaction, error, `button ${parsed.action}`);
  }
}

/** 📌 Pin: moderators only; pins the answer message in Discord, then stores it for reuse. */
async function pinAnswer(interaction: ButtonInteraction, ctx: BotContext, answerId: number): Promise<void> {
  if (!isModeratorOf(interaction, ctx.config.MODERATOR_ROLE_IDS)) {
    ctx.logger.info({ userId: interaction.user.id, answerId }, 'pin refused: not a moderator');
    return sayPrivately(interaction, REPLIES.onlyModerators);
  }
  const answer = await ctx.store.getAnswer(answerId);
  if (!answer || answer.outcome !== 'answered' || !answer.answer)
    return sayPrivately(interaction, REPLIES.nothingToPin);
  const message = interaction.message;
  const existing = await ctx.store.activePinForMessage(message.id);
  if (existing) return sayPrivately(interaction, REPLIES.alreadyPinned(existing.id));

  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const pinned = await requestPin(ctx, 'pin', message.channelId, message.id);
  if (!pinned.ok) return sayPrivately(interaction, `I couldn't pin it: ${pinned.reason}`);
  const pin = await ctx.store.addPin({
    question: answer.question,
    questionEmbedding: await ctx.pins.embed(answer.question),
    answer: answer.answer,
    citations: answer.citations,
    guildId: interaction.guildId,
    channelId: message.channelId,
    messageId: message.id,
    answerId: answer.id,
    pinnedBy: interaction.user.id,
  });
  ctx.logger.info({ pinId: pin.id, answerId, by: interaction.user.id }, 'answer pinned');
  await sayPrivately(interaction, REPLIES.pinned(pin.id));
}
