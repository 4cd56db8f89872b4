import type { StringSelectMenuInteraction } from 'discord.js';
import { escapeUserText } from './format/escape.js';
import { parseTeachMenuId } from './format/custom-ids.js';
import { REPLIES } from './format/refusals.js';
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
    await sayPrivately(interaction, REPLIES.taught(result.id, escapeUserText(result.section.heading)));
  } catch (error) {
    await apologize(ctx, interaction, error, 'this answers it');
  }
}
