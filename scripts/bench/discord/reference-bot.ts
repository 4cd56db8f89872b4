/**
 * A minimal discord.js bot for the Discord load bench: it answers every /ask at once, with
 * `--style reply` in one step (callback type 4) or with `--style defer` by deferring (type 5) and then
 * editing the answer in (PATCH @original), as guidebot did. It shows what discord.js and the fake cost
 * with no answering work at all. Run by scripts/bench/discord/bots.ts with DISCORD_API_URL and
 * DISCORD_TOKEN pointing at the bench's fake Discord; SIGTERM logs out and exits 0.
 *
 * Flags: --style reply|defer (required).
 */
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { loadConfig } from '../../../src/config.js';
import { oneOf, parseFlags, runEntry } from '../flags.js';

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { style: { type: 'string', default: '' } });
  const style = oneOf('style', flags.style, ['reply', 'defer']);
  const { DISCORD_API_URL: api, DISCORD_TOKEN: token } = loadConfig(process.env);
  if (!api || !token) throw new Error('reference bot: DISCORD_API_URL and DISCORD_TOKEN must be set');

  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api } });
  client.on(Events.Error, (error) => process.stderr.write(`reference bot: client error: ${error.message}\n`));
  client.on(Events.InteractionCreate, (interaction) => {
    if (!interaction.isChatInputCommand()) return;
    const content = `Answer to: ${interaction.options.getString('question') ?? ''}`.slice(0, 2000);
    const answered =
      style === 'reply'
        ? interaction.reply({ content })
        : interaction.deferReply().then(() => interaction.editReply({ content }));
    answered.catch((error: unknown) =>
      process.stderr.write(`reference bot: could not answer: ${(error as Error).message}\n`),
    );
  });
  process.once('SIGTERM', () => {
    void client.destroy().finally(() => process.exit(0));
  });
  await client.login(token);
}

await runEntry('reference bot', main);
