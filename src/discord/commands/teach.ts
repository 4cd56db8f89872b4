import { SlashCommandBuilder } from 'discord.js';
import { REPLIES, shownInReply } from '../format/refusals.js';
import { escapeUserText } from '../format/escape.js';
import { isModeratorOf } from '../permissions.js';
import { apologize, sayPrivately } from '../replies.js';
import type { Command } from '../types.js';
import type { AskService } from '../../app/ask-service.js';

/**
 * `/teach question:<text> section:<heading> [answer:<sentence>]` (moderators): the community teaches the
 * bot which section of the guide answers a question it missed, and optionally which of its sentences
 * (word for word, or a unique part of one), or, with `section:none`, that the guide does not cover it
 * (a question the bot answered from the wrong section). Stored in the database and matched, like the
 * guide's own alternative and not-covered questions and their answer sentences, from the next question on.
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
    )
    .addStringOption((option) =>
      option
        .setName('answer')
        .setDescription('The sentence of that section that answers it (or a unique part of it)')
        .setRequired(false)
        .setMaxLength(500),
    ),

  async execute(interaction, ctx) {
    try {
      if (!isModeratorOf(interaction, ctx.config.MODERATOR_ROLE_IDS)) {
        return await sayPrivately(interaction, REPLIES.onlyModeratorsTeach);
      }
      const answer = interaction.options.getString('answer')?.trim();
      const result = await ctx.asker.teach({
        question: interaction.options.getString('question', true).trim(),
        section: interaction.options.getString('section', true),
        ...(answer ? { answer } : {}),
        guildId: interaction.guildId ?? undefined,
        userId: interaction.user.id,
      });
      if (!result.ok) return await sayPrivately(interaction, teachFailure(result));
      const heading = escapeUserText(result.section.heading);
      await sayPrivately(
        interaction,
        result.notCovered
          ? REPLIES.taughtNotCovered(result.id)
          : result.answer
            ? REPLIES.taughtWithAnswer(result.id, heading, shownInReply(result.answer))
            : REPLIES.taught(result.id, heading),
      );
    } catch (error) {
      await apologize(ctx, interaction, error, '/teach');
    }
  },
} satisfies Command;

type TeachFailure = Extract<Awaited<ReturnType<AskService['teach']>>, { ok: false }>;

/** What the moderator is told when a lesson could not be taken, with the candidates to choose from. */
function teachFailure(result: TeachFailure): string {
  const list = (names: readonly string[]) => names.map((name) => `• ${shownInReply(name)}`).join('\n');
  switch (result.reason) {
    case 'no_section':
      return REPLIES.teachNoSection;
    case 'ambiguous_section':
      return `${REPLIES.teachAmbiguous}\n${list(result.candidates.map((s) => s.heading))}`;
    case 'no_sentence':
      return REPLIES.teachNoSentence;
    case 'ambiguous_sentence':
      return `${REPLIES.teachAmbiguousSentence}\n${list(result.sentences)}`;
    case 'sentence_without_section':
      return REPLIES.teachSentenceWithoutSection;
  }
}
