import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { NO_PINGS } from './answering.js';
import { REPLIES } from './format/refusals.js';
import type { BotContext } from './types.js';

/** A short ephemeral message: replies if the interaction is not answered yet, edits the deferral otherwise. */
export async function sayPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_PINGS });
  } else if (interaction.replied) {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  } else {
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  }
}

/**
 * After a failure: log the detail, tell the member briefly. Tries the deferred reply first, then an
 * ephemeral follow-up; if Discord is failing those too, the log is all that is left.
 */
export async function apologize(
  ctx: BotContext,
  interaction: RepliableInteraction,
  error: unknown,
  what: string,
): Promise<void> {
  ctx.logger.error({ err: error, interactionId: interaction.id, what }, 'handler failed; apologizing');
  const attempts: (() => Promise<unknown>)[] = [];
  if (interaction.deferred || interaction.replied) {
    attempts.push(() =>
      interaction.editReply({
        content: REPLIES.apology,
        embeds: [],
        components: [],
        allowedMentions: NO_PINGS,
      }),
    );
    attempts.push(() =>
      interaction.followUp({
        content: REPLIES.apology,
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_PINGS,
      }),
    );
  } else {
    attempts.push(() =>
      interaction.reply({
        content: REPLIES.apology,
        flags: MessageFlags.Ephemeral,
        allowedMentions: NO_PINGS,
      }),
    );
  }
  for (const attempt of attempts) {
    try {
      await attempt();
      return;
    } catch (apologyError) {
      ctx.logger.warn({ err: apologyError, interactionId: interaction.id }, 'could not deliver the apology');
    }
  }
}
