import { RESTJSONErrorCodes, MessageFlags, SlashCommandBuilder, type APIEmbedField } from 'discord.js';
import { NO_PINGS } from '../answering.js';
import { messageUrl } from '../format/answer-message.js';
import { escapeUserText } from '../format/escape.js';
import { REPLIES } from '../format/refusals.js';
import { DISCORD_LIMITS, truncateText } from '../format/split-text.js';
import { isModeratorOf } from '../permissions.js';
import { requestPin } from '../pinning.js';
import { apologize, sayPrivately } from '../replies.js';
import type { Command } from '../types.js';

/** `/pins list` (anyone, ephemeral) and `/pins remove id:<n>` (moderators: forgets the pin and unpins the message). */
export const pinsCommand = {
  kind: 'slash',
  data: new SlashCommandBuilder()
    .setName('pins')
    .setDescription('Answers pinned by the moderators')
    .addSubcommand((sub) => sub.setName('list').setDescription('Show the pinned answers'))
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Remove a pinned answer (moderators)')
        .addIntegerOption((option) =>
          option
            .setName('id')
            .setDescription('The pin number from /pins list')
            .setRequired(true)
            .setMinValue(1),
        ),
    ),

  async execute(interaction, ctx) {
    const sub = interaction.options.getSubcommand(true);
    try {
      if (sub === 'list') {
        const pins = await ctx.store.activePins(interaction.guildId);
        if (pins.length === 0) return await sayPrivately(interaction, REPLIES.noPins);
        const shown = pins.slice(0, DISCORD_LIMITS.embedFields);
        const fields: APIEmbedField[] = shown.map((pin) => ({
          name: truncateText(
            `#${pin.id} · ${pin.question.replace(/\s+/g, ' ')}`,
            DISCORD_LIMITS.embedFieldName,
          ),
          value: truncateText(
            `${escapeUserText(pin.answer.replace(/\s+/g, ' ')).slice(0, 200)}\n[message](${messageUrl(pin.guildId, pin.channelId, pin.messageId)}) · by <@${pin.pinnedBy}>`,
            DISCORD_LIMITS.embedFieldValue,
          ),
        }));
        const more = pins.length - shown.length;
        await interaction.reply({
          embeds: [
            {
              title: '📌 Pinned answers',
              fields,
              ...(more > 0 ? { footer: { text: `${more} more not shown` } } : {}),
            },
          ],
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_PINGS,
        });
        return;
      }
      const id = interaction.options.getInteger('id', true);
      if (!isModeratorOf(interaction, ctx.config.MODERATOR_ROLE_IDS)) {
        return await sayPrivately(interaction, REPLIES.onlyModeratorsRemove);
      }
      const pin = await ctx.store.getPin(id);
      if (
        !pin ||
        pin.removedAt ||
        (interaction.guildId && pin.guildId && pin.guildId !== interaction.guildId)
      ) {
        return await sayPrivately(interaction, REPLIES.noSuchPin(id));
      }
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await ctx.store.removePin(id, interaction.user.id);
      ctx.logger.info({ pinId: id, by: interaction.user.id }, 'pin removed');
      const unpinned = await requestPin(ctx, 'unpin', pin.channelId, pin.messageId);
      // An already-deleted message is as good as unpinned.
      await sayPrivately(
        interaction,
        unpinned.ok || unpinned.code === RESTJSONErrorCodes.UnknownMessage
          ? REPLIES.pinRemoved(id)
          : REPLIES.pinRemovedNotUnpinned(id, unpinned.reason),
      );
    } catch (error) {
      await apologize(ctx, interaction, error, `/pins ${sub}`);
    }
  },
} satisfies Command;
