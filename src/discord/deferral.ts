import {
  Routes,
  type APIMessage,
  type ChatInputCommandInteraction,
  type RESTPatchAPIWebhookWithTokenMessageJSONBody,
} from 'discord.js';
import type { MessageBody } from './format/answer-message.js';
import type { BotContext } from './types.js';

type Body = MessageBody & { allowedMentions: unknown };

/**
 * Edits the answer into a deferred interaction's original response through the interaction REST
 * (`ctx.interactionRest`: not held back by the global rate limiter, see interaction-rest.ts). Throws
 * what the request throws. Returns the message id.
 */
export async function editOriginalResponse(
  interaction: ChatInputCommandInteraction,
  ctx: Pick<BotContext, 'interactionRest'>,
  body: Body,
): Promise<string> {
  const message = (await ctx.interactionRest.patch(
    Routes.webhookMessage(interaction.applicationId, interaction.token, '@original'),
    { body: toWebhookBody(body), auth: false },
  )) as APIMessage;
  return message.id;
}

/**
 * Edits the answer into the original response although the deferral request failed. Discord may have
 * accepted the deferral and only its response was lost (a timeout, a dropped connection): the member
 * then sees "thinking…" until the response is edited. discord.js refuses `editReply` on an interaction
 * it does not know as deferred, so the edit goes straight to the webhook route. Returns the message id,
 * or undefined when there is no deferral to edit either (the error is logged, not thrown).
 */
export async function deliverAfterDeferral(
  interaction: ChatInputCommandInteraction,
  ctx: BotContext,
  body: Body,
): Promise<string | undefined> {
  try {
    const id = await editOriginalResponse(interaction, ctx, body);
    ctx.logger.info({ interactionId: interaction.id }, 'delivered the answer after a lost deferral response');
    return id;
  } catch (error) {
    ctx.logger.error(
      { err: error, interactionId: interaction.id },
      'could not deliver the answer after a failed deferral',
    );
    return undefined;
  }
}

function toWebhookBody(body: Body): RESTPatchAPIWebhookWithTokenMessageJSONBody {
  return {
    ...(body.content !== undefined ? { content: body.content } : {}),
    embeds: body.embeds,
    components: body.components,
    allowed_mentions: { parse: [], replied_user: false },
  } as RESTPatchAPIWebhookWithTokenMessageJSONBody;
}
