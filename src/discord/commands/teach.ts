import { SlashCommandBuilder } from 'discord.js';
import { REPLIES } from '../format/refusals.js';
import { escapeUserText } from '../format/escape.js';
import { isModeratorOf } from '../permissions.js';
import { apologize, sayPrivately } from '../replies.js';
import type { Command } from '../types.js';

/**
 * `/teach question:<text> section:<heading>` (moderators): the community teaches the bot which section
 * of the guide answers a question it missed, or, with `section:none`, that the guide does not cover it
 * (a question the bot answered from the wrong section). Stored in the database and matched, like the
 * guide's own alternative and not-covered questions, from the next question on.
 */
export const teachCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('teach')
    .setDescription('Moderators: tell the bot which section of the guide answers a question.')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('The question, as members ask it')
        .setRequired(true)
        .setMaxLength(500),
    )
    .addStringOption((option) =>
      option
        .setName('section')
        .setDescription("The section's heading (or a unique part of it), or none: the guide doesn't cover it")
        .setRequired(true)
        .setMaxLength(300),
    ),

  async execute(interaction, ctx) {
    try {
      if (!isModeratorOf(interaction, ctx.config.MODERATOR_ROLE_IDS)) {
        return await sayPrivately(interaction, REPLIES.onlyModeratorsTeach);
      }
      const result = await ctx.asker.teach({
        question: interaction.options.getString('question', true).trim(),
        section: interaction.options.getString('section', true),
        guildId: interaction.guildId ?? undefined,
        userId: interaction.user.id,
      });
      if (!result.ok) {
        const names = result.candidates.map((s) => `• ${escapeUserText(s.heading)}`).join('\n');
        return await sayPrivately(
          interaction,
          result.reason === 'no_section' ? REPLIES.teachNoSection : `${REPLIES.teachAmbiguous}\n${names}`,
        );
      }
      await sayPrivately(
        interaction,
        result.notCovered
          ? REPLIES.taughtNotCovered(result.id)
          : REPLIES.taught(result.id, escapeUserText(result.section.heading)),
      );
    } catch (error) {
      await apologize(ctx, interaction, error, '/teach');
    }
  },
} satisfies Command;
