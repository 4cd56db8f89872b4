import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from '../support/fake-discord/server.js';
import { slashCommand } from '../support/fake-discord/payloads.js';

/** The fake must behave like Discord where the bot's correctness depends on it. */
describe('fake Discord', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start({ deadlineMs: 200 });
  });
  afterAll(async () => {
    await fake.close();
  });

  const callback = (id: string, token: string) =>
    fetch(`${fake.apiUrl}/v10/interactions/${id}/${token}/callback`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 5 }),
    });

  it('rejects a first response after the deadline with 10062, as Discord does after 3 s', async () => {
    const interaction = fake.sendInteraction(slashCommand('ask', { question: 'late' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const response = await callback(interaction.id, interaction.token);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { code: number }).code).toBe(10062);
  });

  it('rejects a second acknowledgement with 40060', async () => {
    const interaction = fake.sendInteraction(slashCommand('ask', { question: 'twice' }));
    expect((await callback(interaction.id, interaction.token)).status).toBe(204);
    const second = await callback(interaction.id, interaction.token);
    expect(second.status).toBe(400);
    expect(((await second.json()) as { code: number }).code).toBe(40060);
  });

  it('answers unknown routes with a loud 404 and bot routes without a token with 401', async () => {
    const unknown = await fetch(`${fake.apiUrl}/v10/nowhere`, { headers: { Authorization: 'Bot x' } });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { message: string }).message).toMatch(/no route for GET \/nowhere/);
    expect((await fetch(`${fake.apiUrl}/v10/channels/1/messages`, { method: 'POST' })).status).toBe(401);
  });
});
