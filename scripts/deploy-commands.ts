/**
 * `npm run deploy-commands`: registers /ask, /pins and "Pin as answer". With DISCORD_GUILD_ID set, for
 * that server only (instant); otherwise globally (can take up to an hour to appear).
 */
import dotenv from 'dotenv';
import { loadConfig } from '../src/config.js';
import { deployCommands } from '../src/discord/deploy.js';
import { checkTokenShape } from '../src/discord/token.js';

dotenv.config({ quiet: true });
const config = loadConfig(process.env);
const problem = checkTokenShape(config.DISCORD_TOKEN);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
try {
  const result = await deployCommands({
    token: config.DISCORD_TOKEN as string,
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
  });
  const where =
    result.scope === 'guild'
      ? `for server ${result.guildId} (available now)`
      : 'globally (may take up to an hour to appear)';
  process.stdout.write(`Registered ${result.names.length} commands ${where}: ${result.names.join(', ')}\n`);
} catch (error) {
  // discord.js errors carry Discord's message and code, never the token.
  process.stderr.write(
    `Registering commands failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
