import { Client, Events, GatewayIntentBits, Partials, type Interaction, type Message } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { clientShardOptions, planShards, type ClientShards } from '../../src/discord/shards.js';
import { FAKE_TOKEN, IDS } from '../support/fake-discord/ids.js';
import { slashCommand, userMessage } from '../support/fake-discord/payloads.js';
import { FakeDiscord } from '../support/fake-discord/server.js';

/**
 * The fake assigns guilds to shards as Discord does, so sharding is tested against the same rules:
 * `GET /gateway/bot` recommends a count, IDENTIFY carries `[shard_id, num_shards]`, a connection gets
 * READY/GUILD_CREATE and events only for guilds with `(guild_id >> 22) % num_shards === shard_id`, and
 * DMs go to shard 0. Real discord.js clients, in this process.
 */
let fake: FakeDiscord;
const clients: Client[] = [];

beforeAll(async () => {
  fake = await FakeDiscord.start({ shards: 2 });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.destroy()));
});
afterAll(async () => {
  await fake.close();
});

/** A real client for `shards` of the fake's 2 (or all of them in one client), logged in and ready. */
async function connect(options: ClientShards) {
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    rest: { api: fake.apiUrl },
    ...options,
  });
  clients.push(client);
  const interactions: Interaction[] = [];
  const messages: Message[] = [];
  client.on(Events.InteractionCreate, (interaction) => interactions.push(interaction));
  client.on(Events.MessageCreate, (message) => messages.push(message));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(FAKE_TOKEN);
  await ready;
  return { client, interactions, messages };
}

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('fake Discord with 2 shards', () => {
  it('recommends 2 shards in GET /gateway/bot, which SHARD_COUNT=auto takes', async () => {
    const config = loadConfig({
      SHARD_COUNT: 'auto',
      DISCORD_TOKEN: FAKE_TOKEN,
      DISCORD_API_URL: fake.apiUrl,
    });
    expect(await planShards(config)).toEqual({ totalShards: 2, shardIds: [0, 1] });
  });

  it("gives each shard's connection only its guild, and routes events by guild (DMs to shard 0)", async () => {
    const zero = await connect({ shards: [0], shardCount: 2 });
    const one = await connect({ shards: [1], shardCount: 2 });
    expect(fake.identifies.slice(-2).map((i) => i.shard)).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...zero.client.guilds.cache.keys()]).toEqual([IDS.guild]);
    expect([...one.client.guilds.cache.keys()]).toEqual([IDS.secondGuild]);

    const inFirst = fake.sendInteraction(slashCommand('ask', { question: 'a' }));
    const inSecond = fake.sendInteraction(
      slashCommand('ask', { question: 'b' }, { channelId: IDS.secondChannel }),
    );
    const dm = fake.sendMessage(userMessage('c', { dm: true }));
    await until(() => zero.interactions.length === 1 && one.interactions.length === 1);
    await until(() => zero.messages.length === 1);
    expect(zero.interactions[0]?.id).toBe(inFirst.id);
    expect(one.interactions[0]?.id).toBe(inSecond.id);
    expect(one.interactions[0]?.guildId).toBe(IDS.secondGuild);
    expect(zero.messages[0]?.id).toBe(dm.id);
    expect(one.messages).toEqual([]);
    expect(fake.dispatches.find((d) => d.id === dm.id)).toMatchObject({ guildId: null, shards: [0] });
  });

  it('serves both guilds to one client that runs both shards (npm start with SHARD_COUNT=2)', async () => {
    const options = clientShardOptions(loadConfig({ SHARD_COUNT: '2' }));
    expect(options).toEqual({ shards: [0, 1], shardCount: 2 });
    const both = await connect(options);
    expect([...both.client.guilds.cache.keys()].sort()).toEqual([IDS.guild, IDS.secondGuild].sort());
    fake.sendInteraction(slashCommand('ask', { question: 'b' }, { channelId: IDS.secondChannel }));
    await until(() => both.interactions.length === 1);
  });

  it('closes an IDENTIFY with a shard id outside its count with 4010, as Discord does', async () => {
    const { WebSocket } = await import('ws');
    const socket = new WebSocket(`${fake.apiUrl.replace(/^http/, 'ws').replace(/\/api$/, '')}/gateway`);
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('message', () =>
      socket.send(JSON.stringify({ op: 2, d: { token: FAKE_TOKEN, intents: 0, shard: [2, 2] } })),
    );
    expect(await closed).toBe(4010);
  });
});
