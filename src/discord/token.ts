/**
 * Checks the shape of a bot token without contacting Discord, so a missing or pasted-wrong token fails
 * at start with a message that says what to set. The message never contains the token.
 * A bot token is three base64url parts joined by dots (user id, timestamp, HMAC).
 */
export function checkTokenShape(token: string | undefined): string | undefined {
  if (!token) {
    return 'DISCORD_TOKEN is not set. Create a bot at https://discord.com/developers/applications (Bot > Reset Token) and put DISCORD_TOKEN=<token> in .env.';
  }
  if (/^Bot\s/i.test(token)) return 'DISCORD_TOKEN should be the token alone, without the "Bot " prefix.';
  if (/\s/.test(token) || !/^[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}$/.test(token)) {
    return `DISCORD_TOKEN does not look like a bot token (${token.length} characters; expected three dot-separated parts). Copy it again from the Developer Portal (Bot > Reset Token).`;
  }
  return undefined;
}
