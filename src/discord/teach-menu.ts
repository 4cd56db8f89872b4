import { MessageFlags, type StringSelectMenuInteraction } from 'discord.js';
import { NO_PINGS } from './answering.js';
import { escapeUserText } from './format/escape.js';
import { parseTeachAnswerMenuId, parseTeachMenuId } from './format/custom-ids.js';
import { REPLIES, shownInReply } from './format/refusals.js';
import { formatTeachAnswerMenu } from './format/teach-menu.js';
import { isModeratorOf } from './permissions.js';
import { apologize, sayPrivately } from './replies.js';
import type { BotContext } from './types.js';

/**
 * A moderator's "This answers it" choice under a refusal (the menu of src/discord/format/teach-menu.ts):
 * teaches the bot that the chosen section answers the logged question, through the same
 * `AskService.teach` as `/teach`, so it is stored and used from the next question on. Members who are
 * not moderators (the same check as `/teach` and pins) are refused; every reply is ephemeral.
 */
export async function handleTeachMenu(
  interaction: StringSelectMenuInteraction,
  ctx: BotContext,
): Promise<void> {
  const taughtId = parseTeachAnswerMenuId(interaction.customId);
  if (taughtId !== undefined) return handleTeachAnswerMenu(interaction, ctx, taughtId);
  const answerId = parseTeachMenuId(interaction.customId);
  if (answerId === undefined) return; // another app's menu: not ours to answer
  try {
    if (!isModeratorOf(interaction, ctx.config.MODERATOR_ROLE_IDS)) {
      ctx.logger.info({ userId: interaction.user.id, answerId }, 'teach choice refused: not a moderator');
      return await sayPrivately(interaction, REPLIES.onlyModeratorsTeachChoice);
    }
    const [id] = interaction.values;
    const asked = await ctx.store.getAnswer(answerId);
    if (!asked || !id) return await sayPrivately(interaction, REPLIES.answerGone);
    const result = await ctx.asker.teach({
      question: asked.question,
      section: { id },
      guildId: interaction.guildId ?? undefined,
      userId: interaction.user.id,
    });
    if (!result.ok) return await sayPrivately(interaction, REPLIES.teachSectionGone);
    // The confirmation offers the second, optional step: which sentence of the section answers.
    const menu = formatTeachAnswerMenu(ctx.asker.sentenceChoices(asked.question, result.section), result.id);
    await interaction.reply({
      content: REPLIES.taught(result.id, escapeUserText(result.section.heading)),
      components: menu ? [menu] : [],
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_PINGS,
    });
  } catch (error) {
    await apologize(ctx, interaction, error, 'this answers it');
  }
}

/**
 * The second step: the sentence the moderator chose under the confirmation becomes the lesson's answer
 * sentence (`AskService.teachAnswer`, as `/teach … answer:` would have stored it).
 */
async function handleTeachAnswerMenu(
  interaction: StringSelectMenuInteraction,
  ctx: BotContext,
  taughtId: number,
): Promise<void> {
  try {
    if (!isModeratorOf(interaction, ctx.config.MODERATOR_ROLE_IDS)) {
      ctx.logger.info({ userId: interaction.user.id, taughtId }, 'answer choice refused: not a moderator');
      return await sayPrivately(interaction, REPLIES.onlyModeratorsTeachChoice);
    }
    const index = Number(interaction.values[0]);
    if (!Number.isSafeInteger(index) || index < 0)
      return await sayPrivately(interaction, REPLIES.teachAnswerGone);
    const result = await ctx.asker.teachAnswer({
      taughtId,
      index,
      guildId: interaction.guildId ?? undefined,
      userId: interaction.user.id,
    });
    if (!result.ok) return await sayPrivately(interaction, REPLIES.teachAnswerGone);
    await sayPrivately(
      interaction,
      REPLIES.taughtWithAnswer(
        result.id,
        escapeUserText(result.section.heading),
        shownInReply(result.answer),
      ),
    );
  } catch (error) {
    await apologize(ctx, interaction, error, 'which sentence answers it');
  }
}
