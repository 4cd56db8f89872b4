import { escapeMarkdown } from 'discord.js';

/** A zero-width space: placed after "@" so Discord shows the text but never parses a mention. */
const ZWSP = '\u200b';

/**
 * Makes user text safe to echo: markdown is escaped (so `**x**` shows as typed) and mentions are
 * defused (`@everyone`, `@here`, `<@id>`, `<@&id>`, `<#id>` show as text and never ping). Replies also
 * send `allowedMentions: { parse: [] }`; this keeps the echo readable and harmless even where that is
 * not honoured (embed titles, logs pasted elsewhere).
 */
export function escapeUserText(text: string): string {
  return escapeMarkdown(text)
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/<(@[!&]?|#)(\d+)>/g, `<$1${ZWSP}$2>`);
}

/** Removes mentions of the bot itself (`<@id>` or `<@!id>`) from a message, leaving the question. */
export function stripBotMention(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
