import { DiscordAPIError, Routes } from 'discord.js';
import { describePinRefusal } from './format/refusals.js';
import type { BotContext } from './types.js';

/** The outcome of asking Discord to pin or unpin: ok, or refused with a sentence for the moderator. */
export type PinRequestResult =
  { ok: true } | { ok: false; reason: string; code: number | string | undefined };

/**
 * Pins or unpins a message through REST (`PUT`/`DELETE /channels/{c}/messages/pins/{m}`), without
 * needing the channel in the cache. Discord's refusals (50 pins, missing permission, unknown message)
 * come back as a reason; anything else (network, 5xx) is thrown for the caller's apology.
 */
export async function requestPin(
  ctx: BotContext,
  action: 'pin' | 'unpin',
  channelId: string,
  messageId: string,
): Promise<PinRequestResult> {
  try {
    const route = Routes.channelMessagesPin(channelId, messageId);
    if (action === 'pin') await ctx.client.rest.put(route);
    else await ctx.client.rest.delete(route);
    return { ok: true };
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status < 500) {
      ctx.logger.warn(
        { code: error.code, status: error.status, channelId, messageId, action },
        'Discord refused a pin request',
      );
      return { ok: false, reason: describePinRefusal(error.code), code: error.code };
    }
    throw error;
  }
}
