import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/discord/deploy.js';
import { FAKE_TOKEN, IDS } from '../support/fake-discord/ids.js';
import { FakeDiscord } from '../support/fake-discord/server.js';

describe('deployCommands', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('registers /ask, /pins and Pin as answer for one guild when a guild id is given', async () => {
    const result = await deployCommands({ token: FAKE_TOKEN, apiUrl: fake.apiUrl, guildId: IDS.guild });
    expect(result).toMatchObject({
      scope: 'guild',
      applicationId: IDS.application,
      names: ['ask', 'pins', 'Pin as answer', 'teach'],
    });
    const put = await fake.waitFor(
      (r) => r.method === 'PUT' && r.path === `/applications/${IDS.application}/guilds/${IDS.guild}/commands`,
    );
    const ask = put.body.find((c: { name: string }) => c.name === 'ask');
    expect(
      ask.options.map((o: { name: string; required?: boolean }) => [o.name, Boolean(o.required)]),
    ).toEqual([
      ['question', true],
      ['private', false],
    ]);
    expect(put.body.find((c: { name: string }) => c.name === 'Pin as answer').type).toBe(3);
  });

  it('registers globally without a guild id', async () => {
    const result = await deployCommands({ token: FAKE_TOKEN, apiUrl: fake.apiUrl });
    expect(result.scope).toBe('global');
    await fake.waitFor((r) => r.method === 'PUT' && r.path === `/applications/${IDS.application}/commands`);
  });
});
