/* eslint-disable @typescript-eslint/no-explicit-any -- request bodies are arbitrary Discord JSON, asserted field by field */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { toGuideSettings } from '../../src/app/wiring.js';
import { openGuide, type Guide } from '../../src/core/guide.js';
import { REPLIES } from '../../src/discord/format/refusals.js';
import { createSilentLogger } from '../../src/logger.js';
import { IDS, nextId } from '../support/fake-discord/ids.js';
import {
  button,
  MODERATOR_PERMISSIONS,
  messageContextMenu,
  slashCommand,
  user,
  USERS,
  userMessage,
  type FakeUser,
} from '../support/fake-discord/payloads.js';
import { FakeDiscord, type LoggedRequest } from '../support/fake-discord/server.js';
import { guideConfig, ingest, sharedEmbeddings, writeGuideExcerpt } from './guide-fixture.js';
import { startTestBot, tempDir, testConfig, type RunningBot } from './harness.js';

/** Moderator pins: the 📌 button, Pin as answer, /pins, and reuse of pinned answers across a restart. */
const SALARY_ANCHOR = 'how-much-is-the-salary-of-medical-administrative-assistants';
const PINNED_QUESTION = 'How much does a medical administrative assistant earn?';

let fake: FakeDiscord;
let running: RunningBot;
let guide: Guide;
let config: Config;
const tmp = tempDir('guidebot-pins-');

async function startBot(): Promise<RunningBot> {
  return startTestBot({ fake, guide, config, embedQuestion: (t) => sharedEmbeddings.embedQuery(t) });
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const corpusDir = join(tmp.dir, 'corpus');
  const indexDir = join(tmp.dir, 'index');
  writeGuideExcerpt(corpusDir);
  await ingest(corpusDir, indexDir);
  config = guideConfig(
    testConfig(fake, join(tmp.dir, 'data', 'guidebot.sqlite'), { MODERATOR_ROLE_IDS: IDS.roleModerator }),
    corpusDir,
    indexDir,
  );
  guide = await openGuide({
    settings: toGuideSettings(config),
    embeddings: sharedEmbeddings,
    logger: createSilentLogger(),
  });
  await guide.warmUp(); // as the bot is after start; the in-process test encoder would hold the first question up
  running = await startBot();
});

afterAll(async () => {
  await running?.stop();
  await fake?.close();
  tmp.remove();
});

const isCallback = (id: string) => (r: LoggedRequest) =>
  r.method === 'POST' && r.path.startsWith(`/interactions/${id}/`);
const isFinalEdit = (token: string) => (r: LoggedRequest) =>
  r.method === 'PATCH' && r.path.includes(`/${token}/messages/@original`) && r.status === 200;
const isPinRequest = (method: 'PUT' | 'DELETE', messageId?: string) => (r: LoggedRequest) =>
  r.method === method &&
  /^\/channels\/\d+\/messages\/pins\/\d+$/.test(r.path) &&
  (!messageId || r.path.endsWith(`/${messageId}`));
const customId = (body: any, action: string): string =>
  (body.components?.[0]?.components ?? [])
    .map((c: any) => c.custom_id)
    .find((id: string) => id?.startsWith(`gb:${action}:`));

function member(): FakeUser {
  return user(nextId(), 'member');
}

async function askAndWait(question: string, asker: FakeUser = member()) {
  const interaction = fake.sendInteraction(slashCommand('ask', { question }, { user: asker }));
  const edit = await fake.waitForAnswer(interaction);
  return { interaction, edit, message: fake.originalOf(interaction.id)! };
}

/** Presses a button (or runs a command) and returns the text the member sees (reply, or edit of a deferral). */
async function privateAnswerTo(
  payload: ReturnType<typeof fake.sendInteraction>,
): Promise<{ content: string; flags: number }> {
  const callback = await fake.waitFor(isCallback(payload.id));
  if (callback.body.type === 4)
    return { content: callback.body.data.content, flags: callback.body.data.flags };
  const edit = await fake.waitFor(
    (r) => isFinalEdit(payload.token)(r) && typeof r.body?.content === 'string',
  );
  return { content: edit.body.content, flags: callback.body.data?.flags ?? 0 };
}

describe('📌 Pin button', () => {
  it('refuses a member without Manage Messages or Pin Messages: ephemeral refusal, no pin request, nothing stored', async () => {
    const { edit, message } = await askAndWait(PINNED_QUESTION);
    const before = fake.requests.length;
    const press = fake.sendInteraction(
      button(customId(edit.body, 'pin'), message, { user: USERS.otherMember }),
    );
    expect(await privateAnswerTo(press)).toEqual({ content: REPLIES.onlyModerators, flags: 64 });
    expect(fake.requests.slice(before).some(isPinRequest('PUT'))).toBe(false);
    expect(await running.store.activePins(IDS.guild)).toEqual([]);
  });

  it('pins for a moderator, stores the pin, and after a restart answers the same question from the pin', async () => {
    const { edit, message } = await askAndWait(PINNED_QUESTION);
    const press = fake.sendInteraction(
      button(customId(edit.body, 'pin'), message, {
        user: USERS.moderator,
        permissions: MODERATOR_PERMISSIONS,
      }),
    );
    const reply = await privateAnswerTo(press);
    expect(reply.content).toMatch(/^Pinned \(pin #\d+\)/);
    expect(reply.flags & 64).toBe(64);
    await fake.waitFor(isPinRequest('PUT', message.id));
    expect(fake.pins.get(IDS.channel)?.has(message.id)).toBe(true);
    const [pin] = await running.store.activePins(IDS.guild);
    expect(pin).toMatchObject({
      question: PINNED_QUESTION,
      messageId: message.id,
      channelId: IDS.channel,
      pinnedBy: IDS.moderator,
    });
    expect(pin?.answer).toBe(edit.body.embeds[0].description);
    expect(pin?.citations.some((c) => c.anchor === SALARY_ANCHOR)).toBe(true);

    // Restart: a new client, the same database file.
    await running.stop();
    running = await startBot();
    expect(fake.identified).toBeGreaterThanOrEqual(2);

    const again = await askAndWait(PINNED_QUESTION);
    const embed = again.edit.body.embeds[0];
    expect(embed.title).toMatch(/^📌 /);
    expect(embed.description).toBe(pin?.answer);
    expect(embed.fields[0]).toEqual({
      name: 'Pinned by the moderators',
      value: `[Original message](https://discord.com/channels/${IDS.guild}/${IDS.channel}/${message.id})`,
    });
    expect(embed.fields[1].value).toContain(SALARY_ANCHOR);
    expect(customId(again.edit.body, 'pin')).toBeUndefined();
  });

  it('answers a paraphrase from the pin too, but not a different question', async () => {
    const paraphrase = fake.sendMessage(
      userMessage('What is the salary of a medical administrative assistant?', { author: member() }),
    );
    const reply = await fake.waitFor(
      (r) => r.method === 'POST' && r.body?.message_reference?.message_id === paraphrase.id,
    );
    expect(reply.body.embeds[0].title).toMatch(/^📌 /);
    const other = await askAndWait('Which employers pay medical administrative assistants the most?');
    expect(other.edit.body.embeds[0].title).not.toMatch(/^📌/);
  });

  it('lets a member with a configured moderator role pin, without the permission', async () => {
    const { edit, message } = await askAndWait('Where can medical administrative assistants work?');
    const press = fake.sendInteraction(
      button(customId(edit.body, 'pin'), message, { user: USERS.otherMember, roles: [IDS.roleModerator] }),
    );
    expect((await privateAnswerTo(press)).content).toMatch(/^Pinned/);
    expect(await running.store.activePinForMessage(message.id)).toBeDefined();
  });

  it('tells the moderator why when Discord refuses the pin (50 pins), and stores nothing', async () => {
    const { edit, message } = await askAndWait('What skills should medical administrative assistants have?');
    fake.maxPins = fake.pins.get(IDS.channel)?.size ?? 0;
    try {
      const press = fake.sendInteraction(
        button(customId(edit.body, 'pin'), message, {
          user: USERS.moderator,
          permissions: MODERATOR_PERMISSIONS,
        }),
      );
      expect((await privateAnswerTo(press)).content).toMatch(/50 pinned messages/);
      expect(await running.store.activePinForMessage(message.id)).toBeUndefined();
    } finally {
      fake.maxPins = 50;
    }
  });
});

describe('Pin as answer', () => {
  it("pins a member's reply as the answer to the question it replies to, for moderators only", async () => {
    const question = fake.sendMessage(
      userMessage('Can I work remotely from home in this job?', { mentionsBot: false, author: member() }),
    );
    const expert = fake.sendMessage(
      userMessage('Yes: many practices hire remote assistants for scheduling and billing.', {
        mentionsBot: false,
        author: USERS.otherMember,
        replyTo: question.id,
      }),
    );

    const refused = fake.sendInteraction(
      messageContextMenu('Pin as answer', expert, { user: USERS.otherMember }),
    );
    expect((await privateAnswerTo(refused)).content).toBe(REPLIES.onlyModerators);

    const pinIt = fake.sendInteraction(
      messageContextMenu('Pin as answer', expert, {
        user: USERS.moderator,
        permissions: MODERATOR_PERMISSIONS,
      }),
    );
    expect((await privateAnswerTo(pinIt)).content).toMatch(/^Pinned/);
    await fake.waitFor(isPinRequest('PUT', expert.id));
    expect(await running.store.activePinForMessage(expert.id)).toMatchObject({
      question: 'Can I work remotely from home in this job?',
      answer: 'Yes: many practices hire remote assistants for scheduling and billing.',
    });

    const later = await askAndWait('can i work remotely from home in this job');
    expect(later.edit.body.embeds[0].description).toBe(
      'Yes: many practices hire remote assistants for scheduling and billing.',
    );
  });
});

describe('/pins', () => {
  it('lists the pins ephemerally, and removes one for a moderator only, unpinning it in Discord', async () => {
    const list = fake.sendInteraction(slashCommand('pins', {}, { subcommand: 'list' }));
    const listed = await fake.waitFor(isCallback(list.id));
    expect(listed.body.data.flags & 64).toBe(64);
    const pins = await running.store.activePins(IDS.guild);
    expect(listed.body.data.embeds[0].fields.map((f: any) => f.name.split(' ')[0])).toEqual(
      pins.map((p) => `#${p.id}`),
    );

    const salaryPin = pins.find((p) => p.question === PINNED_QUESTION)!;
    const refused = fake.sendInteraction(
      slashCommand('pins', { id: salaryPin.id }, { subcommand: 'remove' }),
    );
    expect((await privateAnswerTo(refused)).content).toBe(REPLIES.onlyModeratorsRemove);
    expect((await running.store.getPin(salaryPin.id))?.removedAt).toBeUndefined();

    const remove = fake.sendInteraction(
      slashCommand(
        'pins',
        { id: salaryPin.id },
        { subcommand: 'remove', user: USERS.moderator, permissions: MODERATOR_PERMISSIONS },
      ),
    );
    expect((await privateAnswerTo(remove)).content).toBe(REPLIES.pinRemoved(salaryPin.id));
    await fake.waitFor(isPinRequest('DELETE', salaryPin.messageId));
    expect(fake.pins.get(IDS.channel)?.has(salaryPin.messageId)).toBe(false);

    const after = await askAndWait(PINNED_QUESTION);
    expect(after.edit.body.embeds[0].title).not.toMatch(/^📌/);
    expect(running.errors).toEqual([]);
  });
});
